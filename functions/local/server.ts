import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHandler } from '../http/handler';
import type { AnyRoute } from '../http/route';
import { allRoutes } from '../routes';

/**
 * The local stand-in for API Gateway's HTTP API: matches a route template, builds the same
 * APIGatewayProxyEventV2 AWS would, and calls the very handler function Lambda calls.
 */
export function createApiServer(routes: AnyRoute[] = allRoutes()): Server {
  const handler = createHandler(routes);
  const matchers = routes.map((r) => ({ r, re: templateToRegExp(r.path), names: paramNames(r.path) }));
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, content-type, idempotency-key',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
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
    const body = await readBody(req);
    const event = toEvent(req, url, routeKey, pathParameters, body);
    const out = (await handler(event)) as APIGatewayProxyStructuredResultV2;
    const payload = out.isBase64Encoded ? Buffer.from(String(out.body ?? ''), 'base64') : (out.body ?? '');
    res.writeHead(out.statusCode ?? 200, { ...cors, ...(out.headers as Record<string, string>) }).end(payload);
  });
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
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
