import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureH5Build } from '../../functions/local/h5';
import { seed } from '../../functions/local/seed';
import { PUBLIC_PAGES, serveBuild } from './h5';
import { freshTable, median, onCleanup, report, ROOT, startLocalApi, type Section } from './support';

/**
 * Lighthouse (mobile preset: a mid-range phone, 4× CPU slowdown, simulated slow 4G) on the pages a friend
 * opens from a share, served as in production (compressed, cached, rewritten) with the real API and seed data.
 * Median of RUNS per page. CPU-heavy: run it alone (`npm run bench lighthouse`); on a shared, loaded machine the
 * figures are pessimistic.
 */
const RUNS = 3;

interface Lhr {
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number }>;
}

/**
 * One Lighthouse run through its own CLI in plain Node (its page-side functions must not pass through tsx's
 * transform), with Debian's Chromium; the default config is the mobile preset.
 */
async function runLighthouse(url: string, out: string): Promise<Lhr> {
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--only-categories=performance',
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(readFileSync(out, 'utf8')) as Lhr;
}

export const lighthouseBench: Section = {
  name: 'lighthouse',
  async run() {
    await ensureH5Build((s) => console.error(`(${s})`));
    await freshTable();
    await seed();
    const api = await startLocalApi();
    const base = await serveBuild(Number(new URL(api).port));
    const dir = mkdtempSync(join(tmpdir(), 'ripple-lighthouse-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    {
      for (const page of PUBLIC_PAGES) {
        const runs: { perf: number; lcp: number; cls: number; tbt: number; fcp: number }[] = [];
        for (let i = 0; i < RUNS; i++) {
          const lhr = await runLighthouse(base + page.path, join(dir, `run-${i}.json`));
          runs.push({
            perf: Math.round((lhr.categories.performance.score ?? 0) * 100),
            lcp: lhr.audits['largest-contentful-paint'].numericValue ?? NaN,
            cls: lhr.audits['cumulative-layout-shift'].numericValue ?? NaN,
            tbt: lhr.audits['total-blocking-time'].numericValue ?? NaN,
            fcp: lhr.audits['first-contentful-paint'].numericValue ?? NaN,
          });
        }
        const m = (k: keyof (typeof runs)[number]) => median(runs.map((r) => r[k]));
        report(`lighthouse ${page.name}: performance`, m('perf'), `(median of ${RUNS}: ${runs.map((r) => r.perf).join(', ')})`, 'target ≥ 90');
        report(`lighthouse ${page.name}: LCP`, (m('lcp') / 1000).toFixed(2), 's', 'target ≤ 2.5 s');
        report(`lighthouse ${page.name}: CLS`, m('cls').toFixed(3), '', 'target ≤ 0.05');
        report(`lighthouse ${page.name}: FCP / TBT`, `${(m('fcp') / 1000).toFixed(2)} s / ${m('tbt').toFixed(0)}`, 'ms');
      }
    }
  },
};
