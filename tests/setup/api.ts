import type { Server } from 'node:http';
import { createApiServer, listen } from '../../functions/local/server';
import type { Role } from '../../shared/auth/roles';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface TestApi {
  url: string;
  server: Server;
  call<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  login(name: string, role?: Role, device?: string): Promise<{ token: string; user: { id: string; name: string; role: Role } }>;
  close(): Promise<void>;
}

/** The real local HTTP adapter on a free port, with the Lambda handlers behind it. */
export async function startApi(): Promise<TestApi> {
  const server = createApiServer();
  const port = await listen(server, 0);
  const url = `http://127.0.0.1:${port}`;
  const api: TestApi = {
    url,
    server,
    async call(method, path, opts = {}) {
      const res = await fetch(url + path, {
        method,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body !== undefined || opts.rawBody ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body, headers: res.headers, text };
    },
    async login(name, role = 'client', device) {
      const res = await api.call('POST', '/auth/dev-login', { body: { name, role, device } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return res.body;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return api;
}
