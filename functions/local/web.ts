import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};
/** Types worth compressing; images and woff2 already are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.map', '.svg', '.ttf', '.ico']);

/**
 * The same rule as the CloudFront Function (serverless.yml WebRewriteFunction): a path whose last segment has no dot is
 * an app path (`/campaigns/<id>`, `/pages/...`) and gets index.html; anything else is a file.
 */
export function rewritePath(pathname: string): string {
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return pathname === '/' || !last.includes('.') ? '/index.html' : pathname;
}

/**
 * Cache policy, as the CDN sets it: file names with a content hash (`app.1a2b3c4d.js`, `[chunkhash]`) never change,
 * so they are cached for a year; index.html is revalidated every time so a deploy is seen at once.
 */
export function cacheControl(path: string): string {
  if (path.endsWith('.html')) return 'no-cache';
  if (/[.-][0-9a-f]{8,}\.[a-z0-9]+$/.test(path)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** Brotli when the browser takes it, else gzip, else none (q-values are not worth honouring here). */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const accepted = String(acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return undefined;
}

interface Cached {
  mtimeMs: number;
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

function forwardToApi(req: IncomingMessage, res: import('node:http').ServerResponse, url: URL, apiPort: number): void {
  const upstream = request(
    { host: '127.0.0.1', port: apiPort, method: req.method, path: url.pathname.slice(4) + url.search, headers: req.headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => res.writeHead(502).end('API unavailable'));
  req.pipe(upstream);
}

/**
 * Serves the H5 build as the production CDN does (rewrite of app paths, Brotli/gzip, immutable hashed files,
 * no-cache index.html) and forwards `/api/*` to the local API, so the H5 app calls one origin — as it would
 * behind a CDN in front of API Gateway — and needs no build-time API address.
 */
export function createWebServer(root: string, apiPort: () => number): Server {
  // Compressed once per file version: the build's files are few and the server is local.
  const cache = new Map<string, Cached>();
  const load = (file: string): Cached => {
    const { mtimeMs } = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const fresh: Cached = { mtimeMs, raw: readFileSync(file) };
    cache.set(file, fresh);
    return fresh;
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/api/')) return forwardToApi(req, res, url, apiPort());

    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    const safe = normalize(rewritePath(pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, safe);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' }).end('Not found');
      return;
    }
    const ext = extname(file);
    const entry = load(file);
    const encoding = COMPRESSIBLE.has(ext) && entry.raw.length > 1024 ? chooseEncoding(req.headers['accept-encoding']) : undefined;
    let body = entry.raw;
    if (encoding === 'br') body = entry.br ??= brotliCompressSync(entry.raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    if (encoding === 'gzip') body = entry.gzip ??= gzipSync(entry.raw, { level: 9 });
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': cacheControl(file),
      'content-length': body.length,
      vary: 'accept-encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
