import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../functions/db/admin';
import { freePort, startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo';
import { startApi, type TestApi } from '../setup/api';

/**
 * A stalled database, for real: this file starts its own DynamoDB Local engine and freezes the Java process
 * (SIGSTOP), as a hung node or a network partition would look. Every request that needs the table must come
 * back as 503 `unavailable` with Retry-After well inside the 10 s function timeout (serverless.yml), with the
 * default timeouts (1 s connect, 3 s request, 2 attempts); /health stays shallow; after SIGCONT all is well.
 */
const FUNCTION_TIMEOUT_MS = 10_000;
let engine: DynamoLocal;
let api: TestApi;
let token: string;
let frozen = false;

beforeAll(async () => {
  // The defaults under test, whatever the rest of the suite sets for a loaded machine (vitest.config.ts).
  delete process.env.DYNAMODB_CONNECT_TIMEOUT_MS;
  delete process.env.DYNAMODB_REQUEST_TIMEOUT_MS;
  delete process.env.DYNAMODB_MAX_ATTEMPTS;
  engine = await startDynamoLocal(await freePort());
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
  process.env.TABLE_NAME = `stall_${Date.now().toString(36)}`;
  await createTable(process.env.TABLE_NAME);
  api = await startApi();
  token = (await api.login('冻结测试', 'client')).token;
});

afterAll(async () => {
  if (frozen) process.kill(engine.pid, 'SIGCONT');
  await api?.close();
  await engine?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timed = async (route: string, f: () => Promise<{ status: number; body: any; headers: Headers }>) => {
  const started = Date.now();
  const res = await f();
  return { ...res, route, ms: Date.now() - started };
};

describe('a stalled DynamoDB', () => {
  it('answers 503 unavailable with Retry-After in time, keeps /health shallow, and recovers', { timeout: 60_000 }, async () => {
    expect((await api.call('GET', '/ready')).status).toBe(200);

    process.kill(engine.pid, 'SIGSTOP');
    frozen = true;
    // The signal is asynchronous: go on once the kernel reports the engine stopped ('T'), every thread with it.
    for (let i = 0; i < 100 && readFileSync(`/proc/${engine.pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'T'; i++) await sleep(20);
    const needTable = await Promise.all([
      timed('GET /me', () => api.call('GET', '/me', { token })),
      timed('GET /me/vouchers', () => api.call('GET', '/me/vouchers', { token })),
      timed('POST /selftests/phq9/results', () => api.call('POST', '/selftests/phq9/results', { token, body: { answers: [1, 1, 1, 0, 0, 0, 0, 0, 0] } })),
      timed('GET /me/invite', () => api.call('GET', '/me/invite', { token })),
      timed('GET /ready', () => api.call('GET', '/ready')),
    ]);
    const health = await timed('GET /health', () => api.call('GET', '/health'));

    for (const res of needTable) {
      expect(res.status, `${res.route}: ${JSON.stringify(res.body)}`).toBe(503);
      expect(res.body.error).toBe('unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.ms).toBeLessThan(FUNCTION_TIMEOUT_MS - 1500);
    }
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
    expect(health.ms).toBeLessThan(1000);

    process.kill(engine.pid, 'SIGCONT');
    frozen = false;
    expect((await api.call('GET', '/ready')).status).toBe(200);
    expect((await api.call('GET', '/me', { token })).status).toBe(200);
  });
});
