import { build } from 'esbuild';
import { createRequire } from 'node:module';
const plugins = createRequire(import.meta.url)('/work/main/build/esbuild-plugins.cjs');
const r = await build({ entryPoints: [process.argv[2]], bundle: true, minify: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module','main'], plugins, write: false, metafile: true, absWorkingDir: '/work/main', outfile: '/tmp/x.js' });
const out = Object.values(r.metafile.outputs)[0];
const by = {};
for (const [f, v] of Object.entries(out.inputs)) { const k = f.replace(/^node_modules\//,'').split('/').slice(0, 5).join('/'); by[k]=(by[k]??0)+v.bytesInOutput; }
for (const [k, v] of Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0, 45)) console.log(String(v).padStart(8), k);
