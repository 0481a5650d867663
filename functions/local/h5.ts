import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const H5_DIR = join(ROOT, 'miniapp', 'dist', 'h5');

/** Newest modification time under the folders the H5 build reads. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(p);
      } else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['miniapp/src', 'miniapp/config', 'shared']) walk(join(ROOT, d));
  return newest;
}

/** True when an H5 build exists and is newer than every source file. */
export function h5BuildIsCurrent(): boolean {
  const index = join(H5_DIR, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs > newestSource();
}

/** Builds the H5 mini-program unless the existing build is newer than every source file. */
export async function ensureH5Build(log: (s: string) => void = () => {}): Promise<void> {
  const index = join(H5_DIR, 'index.html');
  if (process.env.FORCE_H5_BUILD !== '1' && h5BuildIsCurrent()) return;
  log('Building the H5 mini-program (about 30 s)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: join(ROOT, 'miniapp'),
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 && existsSync(index) ? resolve() : reject(new Error(`H5 build failed (${code}):\n${out.slice(-4000)}`))));
  });
}
