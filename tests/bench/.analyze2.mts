import { build } from 'esbuild';
import { createRequire } from 'node:module';
const plugins = createRequire(import.meta.url)('/work/main/build/esbuild-plugins.cjs');
const r = await build({ entryPoints: [process.argv[2]], bundle: true, minify: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module','main'], plugins, write: false, metafile: true, absWorkingDir: '/work/main', outfile: '/tmp/x.js' });
const out = Object.values(r.metafile.outputs)[0];
for (const [k, v] of Object.entries(out.inputs).filter(([f]) => f.includes(process.argv[3])).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0, 25)) console.log(String(v.bytesInOutput).padStart(8), k);
