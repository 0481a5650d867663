import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../functions/local/server';
import { cacheControl, chooseEncoding, createWebServer, rewritePath } from '../../functions/local/web';

/**
 * The H5 site is served the same way by the CloudFront distribution in serverless.yml and by the local web server:
 * the CloudFront Functions' code (taken from serverless.yml) is run here against the local rule, and the local
 * server's compression, cache headers and rewrite are checked over HTTP.
 */
const ROOT = join(import.meta.dirname, '..', '..');

/** The inline FunctionCode of a CloudFront Function resource in serverless.yml, as a callable handler. */
function cloudFrontFunction(logicalId: string): (event: { request: { uri: string } }) => { uri: string } {
  const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
  const block = yml.slice(yml.indexOf(`\n    ${logicalId}:\n`));
  const m = /FunctionCode: \|\n((?: {10}.*\n)+)/.exec(block);
  if (!m) throw new Error(`no FunctionCode for ${logicalId}`);
  const code = m[1].replace(/^ {10}/gm, '');
  return new Function(`${code}\nreturn handler;`)();
}

const PATHS = [
  '/',
  '/campaigns/theme-days-sample',
  '/campaigns/invite-3-friends/',
  '/campaigns/A_b-9',
  '/pages/selftest/index',
  '/index.html',
  '/js/app.1a2b3c4d.js',
  '/css/app.0f9e8d7c6b5a49382716.css',
  '/favicon.ico',
  '/static/images/poster.png',
];

describe('the CloudFront Functions and the local web server agree', () => {
  it('rewrites app paths to index.html and leaves files alone, the same way in both', () => {
    const rewrite = cloudFrontFunction('WebRewriteFunction');
    for (const path of PATHS) expect(rewrite({ request: { uri: path } }).uri, path).toBe(rewritePath(path));
    expect(rewritePath('/campaigns/theme-days-sample')).toBe('/index.html');
    expect(rewritePath('/js/app.1a2b3c4d.js')).toBe('/js/app.1a2b3c4d.js');
  });

  it('strips the /api prefix before the HTTP API, as the local server does', () => {
    const strip = cloudFrontFunction('WebApiPrefixFunction');
    expect(strip({ request: { uri: '/api/selftests/phq9/results' } }).uri).toBe('/selftests/phq9/results');
    expect(strip({ request: { uri: '/apiary/x' } }).uri).toBe('/apiary/x');
  });

  it('caches hashed files for a year and never index.html', () => {
    expect(cacheControl('/x/js/app.1a2b3c4d.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('/x/css/app.0f9e8d7c6b5a49382716.css')).toContain('immutable');
    expect(cacheControl('/x/index.html')).toBe('no-cache');
    expect(cacheControl('/x/favicon.ico')).toBe('public, max-age=3600');
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});

describe('local web server', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const script = `console.log(${JSON.stringify('涟漪 '.repeat(2000))});`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ripple-web-'));
    mkdirSync(join(dir, 'js'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>Ripple</title>${'<!-- pad -->'.repeat(200)}`);
    writeFileSync(join(dir, 'js', 'app.1a2b3c4d.js'), script);
    server = createWebServer(dir, () => 1);
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A raw GET (fetch would decode the body itself), with the bytes as sent. */
  const get = (path: string, encoding?: string) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      request(base + path, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });

  it('sends Brotli or gzip when the browser takes it, with the content intact', async () => {
    const br = await get('/js/app.1a2b3c4d.js', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    const brBytes = br.body;
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(script) / 5);
    expect(brotliDecompressSync(brBytes).toString()).toBe(script);

    const gz = await get('/js/app.1a2b3c4d.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await get('/js/app.1a2b3c4d.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a public campaign link with the app page, and a missing file with 404', async () => {
    const link = await get('/campaigns/theme-days-sample?ch=wechat', 'identity');
    expect(link.status).toBe(200);
    expect(link.headers['cache-control']).toBe('no-cache');
    expect(link.body.toString()).toContain('<title>Ripple</title>');
    expect((await get('/js/app.deadbeef.js')).status).toBe(404);
    expect((await get('/..%2f..%2f..%2fetc%2fhost.conf')).status).toBe(404);
  });
});
