import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/local/server';
import { startApi, type TestApi } from '../setup/api';

/**
 * The local adapter is what `npm start` and every test talk to: whatever a client sends, it answers JSON and
 * keeps serving. Raw sockets send what fetch would refuse to (a `//` target, a 40 KB head).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

/** Sends bytes as they are and returns the status line's code, the headers and the body. */
function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      const headers = head.toLowerCase();
      resolve({ status: Number(head.split(' ')[1]), headers, body: headers.includes('transfer-encoding: chunked') ? unchunk(body) : body });
    });
    socket.end(request);
  });
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

const get = (target: string, extra = '') => raw(`GET ${target} HTTP/1.1\r\nhost: local\r\n${extra}connection: close\r\n\r\n`);

async function stillServing() {
  expect((await api.call('GET', '/health')).body).toEqual({ ok: true });
}

describe('the local API never dies on a request', () => {
  it.each(['//', '///', '//evil.example/x', '/%', '/health/..%2f..', '/a//b?x=%zz'])('GET %s answers a JSON 4xx', async (target) => {
    const res = await get(target);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers).toContain('application/json');
    expect(JSON.parse(res.body).error).toBeTypeOf('string');
    await stillServing();
  });

  it('answers a target that is not a path (absolute form, asterisk) with a JSON 400', async () => {
    for (const target of ['*', 'http://x/health']) {
      const res = await get(target);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error).toBe('bad_request');
    }
    await stillServing();
  });

  it('answers a very long URL with a JSON 414, and an even longer one with a JSON 431', async () => {
    const long = await get(`/invites/${'a'.repeat(10_000)}`);
    expect(long.status).toBe(414);
    expect(JSON.parse(long.body).error).toBe('uri_too_long');
    const huge = await get(`/invites/${'a'.repeat(100_000)}`);
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body).error).toBe('headers_too_large');
    await stillServing();
  });

  it('answers over-long headers with a JSON 431', async () => {
    const res = await get('/health', `x-big: ${'b'.repeat(40_000)}\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toContain('application/json');
    expect(JSON.parse(res.body).error).toBe('headers_too_large');
    await stillServing();
  });

  it('answers a body over the limit with a JSON 413, declared or streamed', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES), role: 'client' });
    const declared = await api.call('POST', '/auth/dev-login', { rawBody: big });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe('payload_too_large');

    // Chunked: no content-length to refuse up front, so the limit applies while reading.
    const chunks = [`POST /auth/dev-login HTTP/1.1\r\nhost: local\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n`];
    for (let i = 0; i < 20; i++) chunks.push(`10000\r\n${'y'.repeat(0x10000)}\r\n`);
    chunks.push('0\r\n\r\n');
    const streamed = await raw(chunks.join(''));
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error).toBe('payload_too_large');
    await stillServing();
  });

  it('answers a malformed request line with a JSON 400', async () => {
    const res = await raw('NOT A REQUEST\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toBe('bad_request');
    await stillServing();
  });
});
