import { build } from 'esbuild';
import { createRequire } from 'node:module';
const plugins = createRequire(import.meta.url)('/work/main/build/esbuild-plugins.cjs');
const entry = process.argv[2];
const r = await build({ entryPoints: [entry], bundle: true, minify: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module','main'], plugins, write: false, metafile: true, absWorkingDir: '/work/main', outfile: '/tmp/x.js' });
const out = Object.values(r.metafile.outputs)[0];
console.log('total', out.bytes);
const byPkg = {};
for (const [f, v] of Object.entries(out.inputs)) {
  const m = f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const k = m ? m[1] : f.split('/').slice(0,2).join('/');
  byPkg[k] = (byPkg[k] ?? 0) + v.bytesInOutput;
}
for (const [k, v] of Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0, 30)) console.log(String(v).padStart(8), k);
