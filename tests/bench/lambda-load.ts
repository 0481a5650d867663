import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bundleHandlers } from './lambda-size';
import { median, report, type Section } from './support';

const RUNS = 5;

/** Milliseconds a brand-new Node process spends in require() of the bundle: parsing plus module top-level code. */
async function loadTime(file: string): Promise<number> {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  // As in Lambda: not local, so the handler modules build what they build in AWS (but never call out while loading).
  const env = { ...process.env, STAGE: 'bench', JWT_SECRET: 'bench-secret-0123456789abcdef', LOG_LEVEL: 'SILENT', TABLE_NAME: 'ripple-bench', WECHAT_MODE: 'http' };
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env });
  return Number(stdout.trim());
}

export const lambdaLoad: Section = {
  name: 'lambda-load',
  async run() {
    for (const b of await bundleHandlers()) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await loadTime(b.file));
      report(
        `lambda ${b.fn} load in a fresh node`,
        median(times).toFixed(1),
        `ms (median of ${RUNS})`,
        'anchor: about 240 ms of Lambda cold start at 175 KB',
      );
    }
  },
};
