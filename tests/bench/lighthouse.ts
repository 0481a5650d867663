import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ensureH5Build } from '../../functions/local/h5';
import { seed } from '../../functions/local/seed';
import { PUBLIC_PAGES, serveBuild } from './h5';
import { freshTable, median, report, startLocalApi, type Section } from './support';

/**
 * Lighthouse (mobile preset: a mid-range phone, 4× CPU slowdown, simulated slow 4G) on the pages a friend
 * opens from a share, served as in production (compressed, cached, rewritten) with the real API and seed data.
 * Median of RUNS per page. CPU-heavy: run it alone (`npm run bench lighthouse`); on a shared, loaded machine the
 * figures are pessimistic.
 */
const RUNS = 3;

export const lighthouseBench: Section = {
  name: 'lighthouse',
  async run() {
    await ensureH5Build((s) => console.error(`(${s})`));
    await freshTable();
    await seed();
    const api = await startLocalApi();
    const base = await serveBuild(Number(new URL(api).port));
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      for (const page of PUBLIC_PAGES) {
        const runs: { perf: number; lcp: number; cls: number; tbt: number; fcp: number }[] = [];
        for (let i = 0; i < RUNS; i++) {
          const result = await lighthouse(base + page.path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
          const lhr = result!.lhr;
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
    } finally {
      await chrome.kill();
    }
  },
};
