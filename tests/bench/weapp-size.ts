import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { kb, report, ROOT, type Section } from './support';

const WEAPP_DIR = join(ROOT, 'miniapp', 'dist', 'weapp');
const TARGET_KB = 700;
const WECHAT_LIMIT_KB = 2048;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function newestSource(): number {
  const dirs = ['miniapp/src', 'miniapp/config', 'shared'].map((d) => join(ROOT, d)).filter(existsSync);
  return Math.max(0, ...dirs.flatMap(files).map((f) => statSync(f).mtimeMs));
}

/** Builds the weapp package unless the existing build is newer than every source it reads. */
async function ensureWeappBuild(): Promise<void> {
  const appJson = join(WEAPP_DIR, 'app.json');
  if (process.env.FORCE_WEAPP_BUILD !== '1' && existsSync(appJson) && statSync(appJson).mtimeMs > newestSource()) return;
  console.error('(building the weapp package: npm run build:weapp)');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build:weapp'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 && existsSync(appJson) ? resolve() : reject(new Error(`weapp build failed (${code}):\n${out.slice(-4000)}`))));
  });
}

/** WeChat counts every file of the output except those under a sub-package root against the main package. */
function packageSizes(): { main: number; subpackages: Map<string, number> } {
  const app = JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((p) => p.root.replace(/\/+$/, ''));
  const subpackages = new Map(roots.map((r) => [r, 0]));
  let main = 0;
  for (const file of files(WEAPP_DIR)) {
    const rel = relative(WEAPP_DIR, file).split(sep).join('/');
    const root = roots.find((r) => rel.startsWith(`${r}/`));
    const size = statSync(file).size;
    if (root) subpackages.set(root, subpackages.get(root)! + size);
    else main += size;
  }
  return { main, subpackages };
}

export const weappSize: Section = {
  name: 'weapp-size',
  async run() {
    await ensureWeappBuild();
    const { main, subpackages } = packageSizes();
    const verdict = main <= TARGET_KB * 1024 ? 'within' : 'OVER';
    report('weapp main package', main, `bytes = ${kb(main)} KB`, `target ≤ ${TARGET_KB} KB: ${verdict}; WeChat limit ${WECHAT_LIMIT_KB} KB`);
    for (const [root, bytes] of subpackages) report(`weapp subpackage ${root}`, bytes, `bytes = ${kb(bytes)} KB`, `WeChat limit ${WECHAT_LIMIT_KB} KB per subpackage`);
    if (!subpackages.size) report('weapp subpackages', 0, 'declared', 'staff pages belong in subpackages');
  },
};
