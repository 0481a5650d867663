import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { signToken } from '../../functions/auth/token';
import type { Role } from '../../shared/auth/roles';
import { bundleHandlers } from './lambda-size';
import { freshTable, kb, median, onCleanup, report, resolvedServerlessConfig, ROOT, type Section } from './support';

/**
 * Lambda cold starts, measured as Lambda pays them: a brand-new Node process loads the bundle and answers one
 * request that reads DynamoDB Local (median of RUNS). Measured for each HTTP function as deployed, and for the
 * options of issue 9: Powertools' logger (what the functions used before), and one HTTP function for all routes.
 * Then a day of sparse clinic traffic is simulated to count how many requests would meet a cold start with
 * 7 functions against 1. docs/deploy.md records the figures and the decision.
 */

const RUNS = 10;
const JWT_SECRET = 'bench-cold-start-secret-0123456789abcdef';

/** One request per HTTP function that reads the table, with a caller of a role that may make it. */
const PROBES: Record<string, { routeKey: string; role?: Role }> = {
  auth: { routeKey: 'GET /me', role: 'client' },
  selftest: { routeKey: 'GET /me/selftests', role: 'client' },
  booking: { routeKey: 'GET /me/bookings', role: 'client' },
  referral: { routeKey: 'GET /me/invite', role: 'client' },
  voucher: { routeKey: 'GET /me/vouchers', role: 'client' },
  campaign: { routeKey: 'GET /campaigns', role: 'marketer' },
  analytics: { routeKey: 'GET /analytics/tiers', role: 'marketer' },
};

/** Share of a clinic's requests per function (a guess from the product: most traffic is clients). */
const TRAFFIC_MIX: Record<string, number> = { auth: 0.15, selftest: 0.25, booking: 0.2, referral: 0.1, voucher: 0.05, campaign: 0.2, analytics: 0.05 };

function eventFor(routeKey: string, token?: string) {
  const [method, path] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    isBase64Encoded: false,
    requestContext: { http: { method, path, sourceIp: '127.0.0.1', userAgent: 'bench', protocol: 'HTTP/1.1' }, requestId: 'bench', routeKey, stage: '$default', timeEpoch: Date.now() },
  };
}

/** ms to load the bundle and ms to answer the first request, in a fresh `node` (as a new Lambda instance). */
async function coldStart(file: string, event: unknown, env: NodeJS.ProcessEnv): Promise<{ load: number; first: number; status: number }> {
  const script = `
    const t0 = process.hrtime.bigint();
    const { handler } = require(${JSON.stringify(file)});
    const t1 = process.hrtime.bigint();
    handler(${JSON.stringify(event)}).then((res) => {
      const t2 = process.hrtime.bigint();
      console.log(JSON.stringify({ load: Number(t1 - t0) / 1e6, first: Number(t2 - t1) / 1e6, status: res.statusCode }));
    });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/** The same esbuild options as serverless.yml, for entries the bench writes itself. */
async function bundleEntry(entry: string, outfile: string, extraPlugins: Plugin[] = []): Promise<number> {
  const options = (await resolvedServerlessConfig()).custom.esbuild as Record<string, unknown>;
  const keep = ['bundle', 'minify', 'sourcemap', 'target', 'platform', 'format', 'mainFields'];
  const common = Object.fromEntries(Object.entries(options).filter(([k]) => keep.includes(k))) as BuildOptions;
  const plugins: Plugin[] = typeof options.plugins === 'string' ? createRequire(import.meta.url)(join(ROOT, options.plugins)) : [];
  const result = await build({ ...common, plugins: [...extraPlugins, ...plugins], entryPoints: [entry], outfile, absWorkingDir: ROOT, logLevel: 'error', metafile: true });
  return Object.values(result.metafile.outputs)[0].bytes;
}

/** Swaps our small logger for Powertools' Logger, to measure what the functions carried before. */
function powertoolsLogger(): Plugin {
  // Inside the repository (git-ignored), so the package resolves from its node_modules.
  const dir = join(ROOT, 'tests', '.artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'powertools-logger.ts');
  writeFileSync(
    file,
    `import { Logger } from '@aws-lambda-powertools/logger';\nexport const logger = new Logger({ serviceName: 'ripple', logLevel: (process.env.LOG_LEVEL as 'INFO') ?? 'INFO' });\n`,
  );
  return { name: 'powertools-logger', setup: (b) => b.onResolve({ filter: /(^|\/)logger$/ }, (a) => (a.importer.includes('/functions/') ? { path: file } : undefined)) };
}

/**
 * Cold starts in a day of `requests` arrivals (Poisson, uniform over `hours`), each to function f with
 * probability mix[f]; an instance is reclaimed after `idleMinutes` without a request. Mean over `days`.
 */
export function simulateColdStarts(mix: Record<string, number>, requests: number, hours: number, idleMinutes: number, days: number, seed = 42): { perDay: number; share: number } {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32: a seeded generator, so the figure is the same on every run.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const fns = Object.keys(mix);
  const pick = () => {
    let r = random();
    for (const f of fns) if ((r -= mix[f]) <= 0) return f;
    return fns[fns.length - 1];
  };
  const span = hours * 60;
  let cold = 0;
  let total = 0;
  for (let d = 0; d < days; d++) {
    const lastSeen = new Map<string, number>();
    // Poisson arrivals: exponential gaps with mean span / requests.
    for (let t = -Math.log(1 - random()) * (span / requests); t < span; t += -Math.log(1 - random()) * (span / requests)) {
      const f = pick();
      const last = lastSeen.get(f);
      if (last === undefined || t - last > idleMinutes) cold++;
      lastSeen.set(f, t);
      total++;
    }
  }
  return { perDay: cold / days, share: cold / total };
}

export const coldStartBench: Section = {
  name: 'cold-start',
  async run() {
    const table = await freshTable();
    const env = {
      ...process.env,
      STAGE: 'bench',
      LOG_LEVEL: 'SILENT',
      TABLE_NAME: table,
      JWT_SECRET,
      WECHAT_MODE: 'http',
      AWS_ACCESS_KEY_ID: 'lambdarole',
      AWS_SECRET_ACCESS_KEY: 'lambdarole',
      AWS_REGION: 'ap-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: process.env.DYNAMODB_ENDPOINT,
      DYNAMODB_ENDPOINT: '',
    };
    process.env.JWT_SECRET = JWT_SECRET;
    const tokens: Partial<Record<Role, string>> = {
      client: await signToken({ id: 'bench-client', name: '冷启动', role: 'client' }),
      marketer: await signToken({ id: 'bench-marketer', name: '冷启动', role: 'marketer' }),
    };

    const measure = async (label: string, file: string, bytes: number, fn: string) => {
      const probe = PROBES[fn];
      const ev = eventFor(probe.routeKey, probe.role ? tokens[probe.role] : undefined);
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await coldStart(file, ev, env));
      const status = runs[0].status;
      const total = median(runs.map((r) => r.load + r.first));
      report(
        `cold start ${label} (${probe.routeKey} → ${status})`,
        total.toFixed(0),
        `ms = load ${median(runs.map((r) => r.load)).toFixed(0)} + first request ${median(runs.map((r) => r.first)).toFixed(0)} (median of ${RUNS}; ${kb(bytes)} KB)`,
      );
      return total;
    };

    // 1. Each HTTP function as deployed (small logger).
    const bundles = (await bundleHandlers()).filter((b) => b.fn in PROBES);
    const asIs: Record<string, number> = {};
    for (const b of bundles) asIs[b.fn] = await measure(`${b.fn}`, b.file, b.bytes, b.fn);

    const dir = mkdtempSync(join(tmpdir(), 'ripple-bench-cold-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));

    // 2. The same with Powertools' Logger, as before.
    for (const fn of ['selftest', 'booking']) {
      const config = await resolvedServerlessConfig();
      const handler = config.functions[fn].handler;
      const entry = join(ROOT, `${handler.slice(0, handler.lastIndexOf('.'))}.ts`);
      const file = join(dir, `${fn}-powertools.js`);
      const bytes = await bundleEntry(entry, file, [powertoolsLogger()]);
      await measure(`${fn} with Powertools logger`, file, bytes, fn);
    }

    // 3. One HTTP function for every route.
    const allEntry = join(dir, 'all-routes.ts');
    writeFileSync(allEntry, `import { createHandler } from '${join(ROOT, 'functions/http/handler')}';\nimport { allRoutes } from '${join(ROOT, 'functions/routes')}';\nexport const handler = createHandler(allRoutes());\n`);
    const allFile = join(dir, 'all-routes.js');
    const allBytes = await bundleEntry(allEntry, allFile);
    const single: Record<string, number> = {};
    for (const fn of ['selftest', 'booking', 'campaign']) single[fn] = await measure(`one function for all routes, via ${fn}`, allFile, allBytes, fn);
    report('one function for all routes: bundle', allBytes, `bytes = ${kb(allBytes)} KB`, 'target ≤ 250 KB per function');

    // 4. A clinic's day: 200 requests, Poisson, 10-minute idle timeout.
    const oneMix = { all: 1 };
    const weightedSeven = Object.entries(TRAFFIC_MIX).reduce((s, [f, p]) => s + p * asIs[f], 0);
    const singleCold = median(Object.values(single));
    for (const [hours, label] of [[24, 'spread over 24 h'], [12, 'within 12 opening hours']] as const) {
      const seven = simulateColdStarts(TRAFFIC_MIX, 200, hours, 10, 2000);
      const one = simulateColdStarts(oneMix, 200, hours, 10, 2000);
      report(`day of 200 requests ${label}: cold starts with 7 functions`, seven.perDay.toFixed(1), `per day = ${(seven.share * 100).toFixed(0)} % of requests, ≈ ${((seven.perDay * weightedSeven) / 1000).toFixed(1)} s of cold start a day`);
      report(`day of 200 requests ${label}: cold starts with 1 function`, one.perDay.toFixed(1), `per day = ${(one.share * 100).toFixed(0)} % of requests, ≈ ${((one.perDay * singleCold) / 1000).toFixed(1)} s of cold start a day`);
    }
  },
};
