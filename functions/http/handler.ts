import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { logger } from './logger';
import { HttpError, forbidden, notFound, unauthorized } from './errors';
import { routeKey, type AnyRoute, type Caller } from './route';
import { verifyToken } from '../auth/token';
import { assertStartable } from '../config';
import { isDatabaseUnavailable } from '../db/client';
import { roleAllows } from '../../shared/auth/roles';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const RETRY_AFTER_SECONDS = 5;

// zod/mini loads no locale, so issues without an explicit message would read just "Invalid input". The English
// locale (≈ 3 KB) keeps the 400s' messages as they were with classic zod, e.g. "Too big: expected string to have
// <=40 characters". Imported by name: going through zod's `locales` namespace would bundle every locale (≈ 260 KB).
z.config(en());

/**
 * The one Lambda entry point shape: every function is `createHandler(routes)`. It does, once for every
 * route, what no route should repeat: find the route, check the token and role, parse params/query/body
 * with zod, and map errors to statuses (validation → 400 naming the field, never a 5xx for bad input).
 */
export function createHandler(routes: AnyRoute[]) {
  assertStartable();
  const table = new Map(routes.filter((r) => r.enabled?.() ?? true).map((r) => [routeKey(r), r]));
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const started = Date.now();
    const r = table.get(event.routeKey);
    let res: APIGatewayProxyStructuredResultV2;
    try {
      if (!r) throw notFound('route');
      res = await run(r, event);
    } catch (err) {
      res = errorResponse(err, event.routeKey);
    }
    logger.info('request', { route: event.routeKey, status: res.statusCode, ms: Date.now() - started });
    return res;
  };
}

async function run(r: AnyRoute, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = lowerCaseHeaders(event.headers ?? {});
  const caller = await authenticate(r, headers);
  const params = r.params ? parse(r.params, event.pathParameters ?? {}) : undefined;
  const query = r.query ? parse(r.query, event.queryStringParameters ?? {}) : undefined;
  const body = r.body ? parse(r.body, readJsonBody(event)) : undefined;
  const out = await r.handle({ params, query, body, caller, headers, event });
  if (out.raw) {
    return {
      statusCode: out.status,
      headers: { 'content-type': out.raw.contentType, ...out.headers },
      body: out.raw.body,
      isBase64Encoded: out.raw.base64 ?? false,
    };
  }
  return {
    statusCode: out.status,
    headers: { ...JSON_HEADERS, ...out.headers },
    body: out.body === undefined ? '' : JSON.stringify(out.body),
  };
}

async function authenticate(r: AnyRoute, headers: Record<string, string | undefined>): Promise<Caller | undefined> {
  const auth = headers['authorization'];
  const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  if (r.auth === 'public') return token ? verifyToken(token).catch(() => undefined) : undefined;
  if (!token) throw unauthorized();
  const caller = await verifyToken(token).catch(() => {
    throw unauthorized('token is invalid or expired');
  });
  if (!roleAllows(caller.role, r.auth)) throw forbidden();
  return caller;
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'validation', 'body: not valid JSON', 'body');
  }
}

function parse<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first.path.length ? first.path.join('.') : 'body';
  throw new HttpError(400, 'validation', `${field}: ${first.message}`, field, {
    issues: result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  });
}

function errorResponse(err: unknown, route: string): APIGatewayProxyStructuredResultV2 {
  if (err instanceof HttpError) {
    return {
      statusCode: err.status,
      headers: JSON_HEADERS,
      body: JSON.stringify({ error: err.code, message: err.message, field: err.field, ...err.details }),
    };
  }
  if (isDatabaseUnavailable(err)) {
    // Stalled, unreachable or throttling: the client should come back shortly, and nothing was half-written
    // (every multi-item write is one transaction), so a retry is safe.
    logger.warn('database unavailable', { route, error: err as Error });
    return {
      statusCode: 503,
      headers: { ...JSON_HEADERS, 'retry-after': String(RETRY_AFTER_SECONDS) },
      body: JSON.stringify({ error: 'unavailable', message: 'The service is busy; please try again shortly' }),
    };
  }
  logger.error('unhandled error', { route, error: err as Error });
  return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ error: 'internal', message: 'Something went wrong' }) };
}

function lowerCaseHeaders(h: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
