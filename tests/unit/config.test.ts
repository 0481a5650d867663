import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { authRoutes } from '../../functions/auth/routes';
import { bookingRoutes } from '../../functions/booking/routes';
import { config } from '../../functions/config';
import { streamHandler } from '../../functions/db/changes';
import { createHandler } from '../../functions/http/handler';
import { signToken } from '../../functions/auth/token';

/** STAGE decides whether dev-login and the outbox exist and which secret signs tokens: it is never guessed. */
const saved = { STAGE: process.env.STAGE, JWT_SECRET: process.env.JWT_SECRET };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function env(stage: string | undefined, secret?: string) {
  if (stage === undefined) delete process.env.STAGE;
  else process.env.STAGE = stage;
  if (secret === undefined) delete process.env.JWT_SECRET;
  else process.env.JWT_SECRET = secret;
}

/** A request the dev routes would answer without touching the database (bad body → 400), or 404 when unmounted. */
async function statusOf(routes: Parameters<typeof createHandler>[0], routeKey: string, body = '{}') {
  const handler = createHandler(routes);
  const event = { routeKey, headers: {}, body, isBase64Encoded: false } as unknown as APIGatewayProxyEventV2;
  return ((await handler(event)) as APIGatewayProxyStructuredResultV2).statusCode;
}

describe('STAGE must be explicit', () => {
  it('a function refuses to start (a stream function to run) when STAGE is unset or empty', async () => {
    for (const stage of [undefined, '']) {
      env(stage, 'a-long-enough-secret-for-tests');
      expect(() => createHandler(authRoutes)).toThrow(/STAGE/);
      await expect(streamHandler('x', async () => {})({ Records: [] })).rejects.toThrow(/STAGE/);
    }
  });

  it('outside local a function refuses to start without a JWT_SECRET of 16+ characters (no default secret)', async () => {
    env('prod');
    expect(() => createHandler(authRoutes)).toThrow(/JWT_SECRET/);
    env('prod', 'short');
    expect(() => createHandler(authRoutes)).toThrow(/JWT_SECRET/);
    env('prod', 'a-long-enough-secret-for-tests');
    expect(() => createHandler(authRoutes)).not.toThrow();
    expect(config.jwtSecret()).toBe('a-long-enough-secret-for-tests');
  });

  it('only STAGE=local has the local dev secret', async () => {
    env('local');
    expect(config.jwtSecret()).toMatch(/local-dev/);
    for (const stage of ['dev', 'Local', 'staging']) {
      env(stage);
      await expect(signToken({ id: 'u1', name: 'x', role: 'client' })).rejects.toThrow(/JWT_SECRET/);
    }
  });

  it('mounts dev-login and the outbox only when STAGE is exactly local', async () => {
    env('local');
    expect(await statusOf(authRoutes, 'POST /auth/dev-login')).toBe(400);
    for (const stage of ['dev', 'prod', 'Local', 'local ']) {
      env(stage, 'a-long-enough-secret-for-tests');
      expect(await statusOf(authRoutes, 'POST /auth/dev-login')).toBe(404);
      expect(await statusOf(bookingRoutes, 'GET /dev/outbox')).toBe(404);
    }
  });
});
