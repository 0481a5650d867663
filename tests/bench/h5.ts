import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { ensureH5Build, H5_DIR } from '../../functions/local/h5';
import { listen } from '../../functions/local/server';
import { createWebServer } from '../../functions/local/web';
import { chromium } from 'playwright-core';
import { kb, onCleanup, report, type Section } from './support';

/**
 * The H5 build as a phone browser gets it: how much JavaScript the first screen of each public page needs
 * (gzip), and how much of the whole build is second copies of the same module (measured with the source maps
 * the build writes beside each file).
 */

const FIRST_SCREEN_TARGET_KB = 150;
const DUPLICATE_TARGET = 0.1;

/** Public pages a friend opens from a share: home, the self-test intro, a campaign link. */
export const PUBLIC_PAGES = [
  { name: 'home', path: '/' },
  { name: 'self-test intro', path: '/#/pages/selftest/index' },
  { name: 'campaign link', path: '/campaigns/theme-days-sample?ch=wechat' },
];

/** Bytes of generated code attributed to each original source, from a file's source map. */
export function bytesBySource(code: string, map: RawSourceMap): Map<string, number> {
  const consumer = new SourceMapConsumer(map);
  const lines = code.split('\n');
  const out = new Map<string, number>();
  let prev: { line: number; column: number; source: string | null } | null = null;
  const add = (source: string | null, bytes: number) => {
    const key = source ?? '(unmapped)';
    out.set(key, (out.get(key) ?? 0) + bytes);
  };
  const flush = (upToLine: number, upToColumn: number) => {
    if (!prev) return;
    let bytes = 0;
    if (prev.line === upToLine) bytes = upToColumn - prev.column;
    else {
      bytes = lines[prev.line - 1].length - prev.column;
      for (let l = prev.line + 1; l < upToLine; l++) bytes += lines[l - 1].length + 1;
      bytes += upToColumn + 1;
    }
    add(prev.source, Math.max(0, bytes));
  };
  consumer.eachMapping((m) => {
    flush(m.generatedLine, m.generatedColumn);
    prev = { line: m.generatedLine, column: m.generatedColumn, source: m.source };
  });
  flush(lines.length, lines[lines.length - 1].length);
  return out;
}

/** Each module's bytes per file: bytes beyond its largest copy are duplicates. */
export function duplicateShare(dir: string): { total: number; duplicated: number; worst: [string, number][] } {
  const jsDir = join(dir, 'js');
  const perSource = new Map<string, number[]>();
  let total = 0;
  for (const f of readdirSync(jsDir).filter((n) => n.endsWith('.js'))) {
    const code = readFileSync(join(jsDir, f), 'utf8');
    total += Buffer.byteLength(code);
    const mapFile = join(jsDir, `${f}.map`);
    if (!existsSync(mapFile)) throw new Error(`${f} has no source map: build with the repo's H5 config`);
    for (const [source, bytes] of bytesBySource(code, JSON.parse(readFileSync(mapFile, 'utf8')))) {
      if (source === '(unmapped)') continue;
      perSource.set(source, [...(perSource.get(source) ?? []), bytes]);
    }
  }
  const dups: [string, number][] = [...perSource].map(([s, copies]) => [s, copies.reduce((a, b) => a + b, 0) - Math.max(...copies)]);
  const duplicated = dups.reduce((a, [, b]) => a + b, 0);
  return { total, duplicated, worst: dups.filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]).slice(0, 5) };
}

/** Serves the build locally (as the CDN does; `/api` to `apiPort` when given) and returns its base URL. */
export async function serveBuild(apiPort = 1): Promise<string> {
  const web = createWebServer(H5_DIR, () => apiPort);
  const port = await listen(web, 0);
  onCleanup(() => new Promise<void>((resolve) => { web.closeAllConnections(); web.close(() => resolve()); }));
  return `http://127.0.0.1:${port}`;
}

/** gzip bytes of the JavaScript a phone fetches until the page has rendered and the network is idle. */
async function firstScreenJs(base: string): Promise<{ name: string; bytes: number; files: number }[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const out = [];
    for (const p of PUBLIC_PAGES) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const page = await ctx.newPage();
      const js = new Set<string>();
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.endsWith('.js')) js.add(u.pathname);
      });
      // The API is not running here: the page renders its shell and error/loading state, which needs the same code.
      await page.goto(base + p.path, { waitUntil: 'networkidle' });
      let bytes = 0;
      for (const f of js) bytes += gzipSync(readFileSync(join(H5_DIR, f)), { level: 9 }).length;
      out.push({ name: p.name, bytes, files: js.size });
      await ctx.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

export const h5Bundles: Section = {
  name: 'h5',
  async run() {
    await ensureH5Build((s) => console.error(`(${s})`));
    const { total, duplicated, worst } = duplicateShare(H5_DIR);
    report('h5 JS total', kb(total), 'KB raw');
    report('h5 duplicated bytes (second or later copies of a module)', ((duplicated / total) * 100).toFixed(1), '%', `target ≤ ${DUPLICATE_TARGET * 100} %`);
    for (const [source, bytes] of worst) report(`  duplicated: ${source.replace(/^webpack:\/\/[^/]*\//, '')}`, kb(bytes), 'KB');
    const base = await serveBuild();
    for (const r of await firstScreenJs(base)) {
      report(`h5 first-screen JS, ${r.name}`, kb(r.bytes), `KB gzip in ${r.files} files`, `target ≤ ${FIRST_SCREEN_TARGET_KB} KB`);
    }
  },
};
