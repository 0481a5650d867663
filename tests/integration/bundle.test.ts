import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTable, deleteTable } from '../../functions/db/admin';
import { paidSlotAt } from './booking-fixtures';
import { bundleFunctions } from '../bench/bundles';
import { startFakeWechat, type FakeWechat } from '../setup/fake-wechat';

/**
 * The deployable bundles themselves (built as `osls package` builds them, with build/esbuild-plugins.cjs),
 * loaded and invoked as Lambda would: a non-local STAGE, credentials only in the environment, DynamoDB reached
 * through the SDK's own endpoint setting. Catches a bundle that type-checks and passes the unbundled tests but
 * breaks once bundled.
 */

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

let dir: string;
let wx: FakeWechat;
let handlers: Record<string, Handler>;
const savedEnv = { ...process.env };
const table = `bundle_${Date.now().toString(36)}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ripple-bundle-test-'));
  const bundles = await bundleFunctions(dir, ['auth', 'selftest', 'booking', 'voucher']);
  wx = await startFakeWechat();

  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  await createTable(table);
  delete process.env.DYNAMODB_ENDPOINT;
  Object.assign(process.env, {
    STAGE: 'bundletest',
    TABLE_NAME: table,
    JWT_SECRET: 'bundle-test-secret-0123456789abcdef',
    WECHAT_MODE: 'http',
    WECHAT_APPID: wx.appId,
    WECHAT_SECRET: wx.appSecret,
    WECHAT_API_BASE: wx.baseUrl,
    // What Lambda provides: the role's keys in the environment. The endpoint is the SDK's own setting, so the
    // handlers build their client exactly as in AWS and only the address differs.
    AWS_ACCESS_KEY_ID: 'lambdarole', // DynamoDB Local accepts letters and digits only
    AWS_SECRET_ACCESS_KEY: 'lambdarole',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
  });
  const load = createRequire(import.meta.url);
  handlers = Object.fromEntries(bundles.map((b) => [b.fn, (load(b.file) as { handler: Handler }).handler]));
}, 120_000);

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  await deleteTable(table);
  await wx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function event(routeKey: string, opts: { token?: string; body?: unknown; params?: Record<string, string>; raw?: boolean } = {}): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    pathParameters: opts.params,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      requestId: String(now),
      routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    },
  };
}

async function invoke(fn: string, routeKey: string, opts?: Parameters<typeof event>[1]) {
  const res = await handlers[fn](event(routeKey, opts));
  const text = res.body ? String(res.body) : '';
  return { status: res.statusCode, body: text && !opts?.raw ? JSON.parse(text) : undefined, text };
}

async function wechatLogin(code: string, openid: string): Promise<string> {
  wx.codes.set(code, openid);
  return (await invoke('auth', 'POST /auth/wechat', { body: { code } })).body.token;
}

describe('the bundled handlers, run as in Lambda', () => {
  it('answers /health and keeps dev-login unmounted outside STAGE=local', async () => {
    expect(await invoke('auth', 'GET /health')).toMatchObject({ status: 200, body: { ok: true } });
    expect((await invoke('auth', 'POST /auth/dev-login', { body: { name: 'x', role: 'admin' } })).status).toBe(404);
  });

  it('signs in through WeChat, stores a self-test result and lists it, all in DynamoDB', async () => {
    wx.codes.set('bundle-code', 'openid-bundle');
    const login = await invoke('auth', 'POST /auth/wechat', { body: { code: 'bundle-code' } });
    expect(login).toMatchObject({ status: 200, body: { user: { role: 'client' } } });
    const token = login.body.token as string;

    const result = await invoke('selftest', 'POST /selftests/{id}/results', {
      token,
      params: { id: 'gad7' },
      body: { answers: [1, 1, 1, 1, 1, 0, 0] },
    });
    expect(result).toMatchObject({ status: 201, body: { instrument: 'gad7', score: 5, band: 'mild', crisis: false } });
    const list = await invoke('selftest', 'GET /me/selftests', { token });
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([result.body.id]);
  });

  it('still validates with zod and names the field', async () => {
    const { token } = (await invoke('auth', 'POST /auth/wechat', { body: { code: 'bundle-code' } })).body;
    const bad = await invoke('selftest', 'POST /selftests/{id}/results', { token, params: { id: 'phq9' }, body: { answers: [0, 1, 2, 3, 4, 0, 0, 0, 0] } });
    expect(bad).toMatchObject({ status: 400, body: { error: 'validation', field: 'answers.4' } });
  });

  it('books a paid consult in one transaction, refuses the taken slot, serves the .ics and cancels', async () => {
    const slotId = await paidSlotAt('cbundle01', new Date(Date.now() + 3 * 86_400_000), 280);
    const first = await wechatLogin('bundle-booker', 'openid-booker');
    const second = await wechatLogin('bundle-late', 'openid-late');

    const booked = await invoke('booking', 'POST /bookings', { token: first, body: { slotId } });
    // Something to pay: held until WeChat Pay confirms (cancelling an unpaid hold needs no call to WeChat Pay).
    expect(booked).toMatchObject({ status: 201, body: { status: 'pending_payment', amountDue: 280 } });
    // The conditional transaction's refusal is read back correctly from the bundled SDK.
    expect(await invoke('booking', 'POST /bookings', { token: second, body: { slotId } })).toMatchObject({ status: 409, body: { error: 'slot_taken' } });

    const ics = await invoke('booking', 'GET /bookings/{id}/ics', { token: first, params: { id: booked.body.id }, raw: true });
    expect(ics.status).toBe(200);
    // ics's formatter is bundled without its input checker (build/esbuild-plugins.cjs): a real parser reads it back.
    const vevent = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.text)).getFirstSubcomponent('vevent')!);
    expect(vevent.startDate.toJSDate().getTime()).toBe(Date.parse(booked.body.start));
    expect(vevent.endDate.toJSDate().getTime() - vevent.startDate.toJSDate().getTime()).toBe(50 * 60_000);
    expect(vevent.summary).toMatch(/咨询/);
    const cancelled = await invoke('booking', 'POST /bookings/{id}/cancel', { token: first, params: { id: booked.body.id } });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await invoke('voucher', 'GET /me/vouchers', { token: first })).toMatchObject({ status: 200, body: { items: [] } });
  });
});
