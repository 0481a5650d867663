import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHandler } from '../http/handler';
import type { AnyRoute } from '../http/route';
import { allRoutes } from '../routes';
import { nudgeStreams } from './streams';

/**
 * The local stand-in for API Gateway's HTTP API: matches a route template, builds the same
 * APIGatewayProxyEventV2 AWS would, and calls the very handler function Lambda calls.
 */
/** API Gateway's HTTP API takes at most 10 MB, Lambda 6 MB; nothing Ripple accepts comes near 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Longer request targets are refused with 414 (the whole head, headers included, is capped by Node at 16 KB → 431). */
export const MAX_URL_CHARS = 8192;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, if-match',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
};
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/**
 * The local stand-in for API Gateway's HTTP API: matches a route template, builds the same
 * APIGatewayProxyEventV2 AWS would, and calls the very handler function Lambda calls. Whatever a client sends —
 * an odd path, a huge body, endless headers — it answers JSON and keeps running.
 */
export function createApiServer(routes: AnyRoute[] = allRoutes()): Server {
  const handler = createHandler(routes);
  const matchers = routes.map((r) => ({ r, re: templateToRegExp(r.path), names: paramNames(r.path) }));
  const server = createServer(async (req, res) => {
    try {
      await serve(req, res);
    } catch (err) {
      console.error('[ripple] local API:', err);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'Something went wrong' });
      else res.destroy();
    }
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    const target = req.url ?? '/';
    if (target.length > MAX_URL_CHARS) return refuse(req, res, 414, 'uri_too_long', `the URL is longer than ${MAX_URL_CHARS} characters`);
    const url = parseTarget(target);
    if (!url) return refuse(req, res, 400, 'bad_request', 'the request target is not a path');
    let routeKey = `${req.method} ${url.pathname}`;
    let pathParameters: Record<string, string> | undefined;
    for (const m of matchers) {
      const hit = m.r.method === req.method ? m.re.exec(url.pathname) : null;
      if (hit) {
        routeKey = `${m.r.method} ${m.r.path}`;
        pathParameters = Object.fromEntries(m.names.map((n, i) => [n, safeDecode(hit[i + 1])]));
        break;
      }
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return refuse(req, res, 413, 'payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes`);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return refuse(req, res, 413, 'payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes`);
    const event = toEvent(req, url, routeKey, pathParameters, body);
    const out = (await handler(event)) as APIGatewayProxyStructuredResultV2;
    if (req.method !== 'GET') nudgeStreams();
    const payload = out.isBase64Encoded ? Buffer.from(String(out.body ?? ''), 'base64') : (out.body ?? '');
    res.writeHead(out.statusCode ?? 200, { ...CORS, ...(out.headers as Record<string, string>) }).end(payload);
  }

  // Requests Node's parser refuses (a head over 16 KB, malformed lines) never reach the handler above: answer
  // them in JSON too, instead of Node's bare default, and close only that connection.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') return socket.destroy();
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request line and headers are too large']
        : [400, 'bad_request', 'the request could not be parsed'];
    const body = JSON.stringify({ error: code, message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `access-control-allow-origin: *\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** The request target as a URL on a fixed origin; `//`, `//x/y` and other odd paths stay paths (API Gateway's view). */
function parseTarget(target: string): URL | undefined {
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://local${target}`);
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...CORS, ...JSON_TYPE, ...extra }).end(JSON.stringify(body));
}

/** Answers without reading the rest of the request, and closes the connection so the unread body goes nowhere. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { error: code, message }, { connection: 'close' });
  req.resume();
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function templateToRegExp(path: string): RegExp {
  const literal = (part: string) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${path.split(/\{[^}]+\}/).map(literal).join('([^/]+)')}$`);
}

/** API Gateway hands malformed escapes through as they are; so does this adapter, rather than crash. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is then discarded, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
  body: string,
): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])) as Record<string, string>;
  const query = url.searchParams.size ? Object.fromEntries(url.searchParams) : undefined;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: query,
    pathParameters,
    body: body || undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      requestId: `${now}-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
    },
  };
}
