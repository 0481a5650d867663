import { DevLoginBodySchema, ProfileUpdateSchema, WechatLoginBodySchema } from '../../shared/auth/schema';
import { config } from '../config';
import { touchTable } from '../db/client';
import { setConsents } from '../db/consent';
import { findOrCreateUser, getUser, publicUser, updateProfile, type UserRecord } from '../db/users';
import { HttpError, notFound } from '../http/errors';
import { publicRoute, route } from '../http/route';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';
import { afterSignup } from './hooks';
import { signToken } from './token';
import { ROLES } from '../../shared/auth/roles';

async function loginResponse(user: UserRecord) {
  return { status: 200, body: { token: await signToken(user), user: publicUser(user) } };
}

export const authRoutes = [
  publicRoute({
    method: 'GET',
    path: '/health',
    // Shallow on purpose: it says the function runs, without touching (or waiting on) the database.
    handle: async () => ({ status: 200, body: { ok: true } }),
  }),

  publicRoute({
    method: 'GET',
    path: '/ready',
    // Readiness: the table answers a read within the client's timeouts; anything else is 503 + Retry-After.
    handle: async () => {
      try {
        await touchTable();
        return { status: 200, body: { ok: true, table: 'reachable' } };
      } catch {
        return { status: 503, headers: { 'retry-after': '5' }, body: { error: 'unavailable', message: 'the table does not answer' } };
      }
    },
  }),

  publicRoute({
    method: 'POST',
    path: '/auth/dev-login',
    // A name-only login for local runs and tests: never mounted outside STAGE=local.
    enabled: config.isLocal,
    body: DevLoginBodySchema,
    handle: async ({ body }) => {
      const user = await findOrCreateUser(`dev#${body.role}#${body.name}`, {
        name: body.name,
        role: body.role,
        deviceId: body.device ?? `dev:${body.role}:${body.name}`,
        attribution: body.attribution,
      });
      if (user.created) await afterSignup(user);
      return loginResponse(user);
    },
  }),

  publicRoute({
    method: 'POST',
    path: '/auth/wechat',
    body: WechatLoginBodySchema,
    handle: async ({ body }) => {
      let openid: string;
      try {
        ({ openid } = await wechat().code2Session(body.code));
      } catch (err) {
        if (err instanceof WechatError) throw new HttpError(401, 'wechat_login_failed', `code: WeChat refused the code (${err.errcode})`, 'code');
        throw err;
      }
      // Everyone who signs in through WeChat is a client; staff roles are granted by an admin.
      const user = await findOrCreateUser(`wechat#${openid}`, { name: body.name ?? '微信用户', role: 'client', deviceId: openid, attribution: body.attribution });
      if (user.created) await afterSignup(user);
      return loginResponse(user);
    },
  }),

  route({
    method: 'GET',
    path: '/me',
    auth: ROLES,
    handle: async ({ caller }) => {
      const user = await getUser(caller.id);
      if (!user) throw notFound('user');
      return { status: 200, body: { user: publicUser(user) } };
    },
  }),

  route({
    method: 'PATCH',
    path: '/me',
    auth: ROLES,
    body: ProfileUpdateSchema,
    // `marketingOptIn` is an alias of the care capability's marketing consent (dated, logged, idempotent).
    handle: async ({ caller, body }) => {
      if (body.marketingOptIn !== undefined) await setConsents(caller.id, { marketing: body.marketingOptIn }, new Date());
      return { status: 200, body: { user: publicUser(await updateProfile(caller.id, { name: body.name })) } };
    },
  }),
];
