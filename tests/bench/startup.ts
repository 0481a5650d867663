import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { SEED_THEME_CAMPAIGN_ID } from '../../functions/campaign/seed';
import { freePort } from '../../functions/local/dynamo';
import { h5BuildIsCurrent } from '../../functions/local/h5';
import { median, onCleanup, report, ROOT, type Section } from './support';

/**
 * `npm start` as a developer runs it: seconds to a healthy API (the second run, so tsx's cache and the H5 build
 * are warm, as after the first run), then the CPU the idle stack burns (node + DynamoDB Local, whole process
 * group) over 10 s, then how soon the dashboard counts a page view after it is posted (the stream poller's lag
 * when it has backed off).
 */
const IDLE_SECONDS = 10;

interface Started {
  child: ChildProcess;
  api: string;
  ms: number;
  /** CPU seconds the stack used to get there: unlike wall time, hardly changed by other load on the machine. */
  cpuSeconds: number;
  stop: () => Promise<void>;
}

async function startStack(): Promise<Started> {
  const [api, web, dynamo] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, API_PORT: String(api), WEB_PORT: String(web), DYNAMO_PORT: String(dynamo), STAGE: undefined, TABLE_NAME: undefined },
    detached: true, // its own process group: measured and stopped as one
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let ticksSoFar = 0;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      return;
    }
    const force = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(force);
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${api}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}): ${out.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`npm start: no healthy API within 120 s: ${out.slice(-2000)}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    ticksSoFar = Math.max(ticksSoFar, groupTicks(child.pid!));
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = performance.now() - started;
  const cpuSeconds = Math.max(ticksSoFar, groupTicks(child.pid!)) / clockTicks();
  // The web server comes up after the API; the stack is "started" when it says so.
  while (!out.includes('Press Ctrl-C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return { child, api: url, ms, cpuSeconds, stop };
}

/** CPU ticks (user + system) of every process in the group. */
function groupTicks(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone meanwhile */
    }
  }
  return ticks;
}

const clockTicks = () => Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

async function idleCpuPercent(pgid: number): Promise<number> {
  const hz = clockTicks();
  await new Promise((r) => setTimeout(r, 3000)); // let start-up work (JIT, first polls) settle
  const before = groupTicks(pgid);
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  return ((groupTicks(pgid) - before) / hz / IDLE_SECONDS) * 100;
}

/** Posts a page view and polls the dashboard until it is counted; milliseconds. */
async function dashboardLag(api: string): Promise<number> {
  const json = async (path: string, init?: RequestInit) => (await fetch(api + path, init)).json() as Promise<any>;
  const { token } = await json('/auth/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '市场部小李', role: 'marketer' }) });
  const views = async () => (await json(`/analytics/campaigns/${SEED_THEME_CAMPAIGN_ID}`, { headers: { authorization: `Bearer ${token}` } })).pageViews as number;
  const page = await json(`/campaigns/${SEED_THEME_CAMPAIGN_ID}/page?ch=douyin`);
  const lags: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Idle long enough for the poller to back off fully before each write.
    await new Promise((r) => setTimeout(r, 4000));
    const before = await views();
    const started = performance.now();
    await fetch(`${api}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: `bench-lag-${Date.now()}-${i}`, type: 'page_view', campaignId: SEED_THEME_CAMPAIGN_ID, channel: 'douyin', variant: page.variant.id, visitorId: page.visitor }),
    });
    while ((await views()) <= before) {
      if (performance.now() - started > 30_000) throw new Error('the dashboard did not count the page view within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    lags.push(performance.now() - started);
  }
  return median(lags);
}

export const startupBench: Section = {
  name: 'startup',
  async run() {
    if (!h5BuildIsCurrent()) {
      report('startup: skipped', 'no current H5 build', '', 'run `npm run build:h5` first: npm start would build it and the figures would measure the build');
      return;
    }
    const first = await startStack();
    await first.stop();
    report('startup: npm start to a healthy API, first run (tsx cache cold)', (first.ms / 1000).toFixed(1), 's');
    // Wall time on a shared machine says as much about the neighbours as about npm start: show the load too.
    report('startup: machine load average (1 min) during the runs', loadavg()[0].toFixed(1), `on ${availableParallelism()} cores`);

    const second = await startStack();
    try {
      report('startup: npm start to a healthy API, next run (H5 build cached)', (second.ms / 1000).toFixed(1), 's', 'target ≤ 5 s');
      report('startup: CPU time the stack used to get there (npm, node, DynamoDB Local)', second.cpuSeconds.toFixed(1), 'CPU s');
      report(`startup: idle CPU of the whole stack (node + DynamoDB Local) over ${IDLE_SECONDS} s`, (await idleCpuPercent(second.child.pid!)).toFixed(1), '% of one core', 'target ≤ 2 %');
      report('startup: dashboard lag, a page view posted to counted (idle poller, median of 3)', (await dashboardLag(second.api)).toFixed(0), 'ms');
    } finally {
      await second.stop();
    }
  },
};
