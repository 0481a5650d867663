import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authRoutes } from '../../functions/auth/routes';
import { signToken } from '../../functions/auth/token';
import { config } from '../../functions/config';
import { listUsersByRole } from '../../functions/db/users';
import { route } from '../../functions/http/route';
import { createApiServer, listen } from '../../functions/local/server';
import { setWechat } from '../../functions/wechat';
import { HttpWechatApi } from '../../functions/wechat/http';
import { useApiTestBed } from '../setup/testbed';
import { startFakeWechat, type FakeWechat } from '../setup/fake-wechat';

const api = useApiTestBed();

/** Serves `routes` through the local HTTP adapter (the same handler wrapper Lambda runs) on a free port. */
async function serve(routes = authRoutes) {
  const server = createApiServer(routes);
  const url = `http://127.0.0.1:${await listen(server, 0)}`;
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { call, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('dev-login (STAGE=local)', () => {
  it('returns a token and the user, and the token opens /me', async () => {
    const res = await api.call('POST', '/auth/dev-login', { body: { name: '林老师', role: 'counselor' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: '林老师', role: 'counselor', marketingOptIn: false });
    expect(typeof res.body.token).toBe('string');
    const me = await api.call('GET', '/me', { token: res.body.token });
    expect(me).toMatchObject({ status: 200, body: { user: { id: res.body.user.id, role: 'counselor' } } });
  });

  it('signs the same name and role into the same user, and another role into another user', async () => {
    const first = await api.login('阿明', 'client');
    const again = await api.login('阿明', 'client');
    const staff = await api.login('阿明', 'marketer');
    expect(again.user.id).toBe(first.user.id);
    expect(staff.user.id).not.toBe(first.user.id);
    expect(staff.user.role).toBe('marketer');
  });

  it('makes exactly one user when the first logins of a name arrive together', async () => {
    const name = `并发-${Date.now()}`;
    const logins = await Promise.all(Array.from({ length: 6 }, () => api.call('POST', '/auth/dev-login', { body: { name, role: 'client' } })));
    expect(logins.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(logins.map((r) => r.body.user.id)).size).toBe(1);
    const stored = (await listUsersByRole('client')).filter((u) => u.name === name);
    expect(stored).toHaveLength(1);
  });

  it('refuses a bad body with a 400 naming the field', async () => {
    const res = await api.call('POST', '/auth/dev-login', { body: { name: 'x', role: 'superuser' } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('role');
  });

  it('is a 404 when STAGE is not local', async () => {
    const saved = { stage: process.env.STAGE, secret: process.env.JWT_SECRET };
    process.env.STAGE = 'prod';
    // Outside local a function refuses to start without its own secret.
    process.env.JWT_SECRET = 'prod-like-secret-0123456789';
    // Which routes are mounted is decided when the handler is built, as in a Lambda cold start.
    const prod = (() => {
      try {
        return createApiServer(authRoutes);
      } finally {
        process.env.STAGE = saved.stage;
        if (saved.secret === undefined) delete process.env.JWT_SECRET;
        else process.env.JWT_SECRET = saved.secret;
      }
    })();
    const url = `http://127.0.0.1:${await listen(prod, 0)}`;
    try {
      const res = await fetch(`${url}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: '阿明', role: 'admin' }),
      });
      expect(res.status).toBe(404);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => prod.close(resolve));
    }
  });
});

describe('tokens and roles', () => {
  const marketerOnly = route({
    method: 'GET',
    path: '/test/marketer-only',
    auth: ['marketer'],
    handle: async ({ caller }) => ({ status: 200, body: { role: caller.role } }),
  });

  it('answers 403 to a role the route does not allow, and lets admins do what marketers may', async () => {
    const local = await serve([...authRoutes, marketerOnly]);
    try {
      const client = (await local.call('POST', '/auth/dev-login', undefined, { name: '小周', role: 'client' })).body.token;
      const counselor = (await local.call('POST', '/auth/dev-login', undefined, { name: '王老师', role: 'counselor' })).body.token;
      const marketer = (await local.call('POST', '/auth/dev-login', undefined, { name: '运营', role: 'marketer' })).body.token;
      const admin = (await local.call('POST', '/auth/dev-login', undefined, { name: '管理员', role: 'admin' })).body.token;
      expect(await local.call('GET', '/test/marketer-only', client)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect((await local.call('GET', '/test/marketer-only', counselor)).status).toBe(403);
      expect(await local.call('GET', '/test/marketer-only', marketer)).toMatchObject({ status: 200, body: { role: 'marketer' } });
      expect(await local.call('GET', '/test/marketer-only', admin)).toMatchObject({ status: 200, body: { role: 'admin' } });
      // Every role may read its own profile.
      for (const token of [client, counselor, marketer, admin]) expect((await local.call('GET', '/me', token)).status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('answers 401 without a token, with a forged or tampered one, and with an expired one', async () => {
    const { user, token } = await api.login('小安');
    expect((await api.call('GET', '/me')).status).toBe(401);
    expect((await api.call('GET', '/me', { token: 'not-a-jwt' })).status).toBe(401);

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect((await api.call('GET', '/me', { token: `${header}.${promoted}.${signature}` })).status).toBe(401);

    const forged = await new SignJWT({ name: user.name, role: 'client' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('ripple')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-of-enough-length'));
    expect((await api.call('GET', '/me', { token: forged })).status).toBe(401);

    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ name: user.name, role: 'client' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('ripple')
      .setIssuedAt(hourAgo - 60)
      .setExpirationTime(hourAgo)
      .sign(new TextEncoder().encode(config.jwtSecret()));
    const res = await api.call('GET', '/me', { token: expired });
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    // The same claims, unexpired, are accepted: the 401 above is about the expiry alone.
    expect((await api.call('GET', '/me', { token: await signToken(user) })).status).toBe(200);
  });

  it('refuses to sign tokens outside STAGE=local without a long JWT_SECRET', async () => {
    const saved = { stage: process.env.STAGE, secret: process.env.JWT_SECRET };
    try {
      process.env.STAGE = 'prod';
      delete process.env.JWT_SECRET;
      await expect(signToken({ id: 'u1', name: 'x', role: 'client' })).rejects.toThrow(/JWT_SECRET/);
      process.env.JWT_SECRET = 'short';
      await expect(signToken({ id: 'u1', name: 'x', role: 'client' })).rejects.toThrow(/JWT_SECRET/);
    } finally {
      process.env.STAGE = saved.stage;
      if (saved.secret === undefined) delete process.env.JWT_SECRET;
      else process.env.JWT_SECRET = saved.secret;
    }
  });
});

describe('POST /auth/wechat through the real HTTP adapter and a fake WeChat server', () => {
  let wx: FakeWechat;

  beforeAll(async () => {
    wx = await startFakeWechat();
    setWechat(new HttpWechatApi({ appId: wx.appId, appSecret: wx.appSecret, baseUrl: wx.baseUrl }));
  });
  afterEach(() => {
    wx.requests.length = 0;
  });
  afterAll(async () => {
    setWechat(undefined);
    await wx.close();
  });

  it('exchanges the code with appid, secret, js_code and grant_type, and signs in a client', async () => {
    wx.codes.set('code-first', 'openid-lin');
    const res = await api.call('POST', '/auth/wechat', { body: { code: 'code-first', name: '小林' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: '小林', role: 'client' });
    expect(wx.requests).toEqual([
      {
        method: 'GET',
        path: '/sns/jscode2session',
        query: { appid: wx.appId, secret: wx.appSecret, js_code: 'code-first', grant_type: 'authorization_code' },
        body: {},
      },
    ]);
    const me = await api.call('GET', '/me', { token: res.body.token });
    expect(me.body.user.id).toBe(res.body.user.id);
  });

  it('signs the same openid into the same user on a later login with a new code', async () => {
    wx.codes.set('code-a', 'openid-zhao');
    wx.codes.set('code-b', 'openid-zhao');
    wx.codes.set('code-c', 'openid-qian');
    const first = await api.call('POST', '/auth/wechat', { body: { code: 'code-a' } });
    const again = await api.call('POST', '/auth/wechat', { body: { code: 'code-b' } });
    const other = await api.call('POST', '/auth/wechat', { body: { code: 'code-c' } });
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(other.body.user.id).not.toBe(first.body.user.id);
  });

  it('answers 401 naming `code` when WeChat refuses the code, and 400 when there is none', async () => {
    const refused = await api.call('POST', '/auth/wechat', { body: { code: 'made-up' } });
    expect(refused).toMatchObject({ status: 401, body: { error: 'wechat_login_failed', field: 'code' } });
    expect(refused.body.message).toContain('40029');
    const missing = await api.call('POST', '/auth/wechat', { body: {} });
    expect(missing).toMatchObject({ status: 400, body: { field: 'code' } });
  });
});
