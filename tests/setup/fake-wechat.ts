import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listen } from '../../functions/local/server';

/** One request the fake WeChat server received: path, query and JSON body. */
export interface WechatRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

export interface FakeWechat {
  baseUrl: string;
  appId: string;
  appSecret: string;
  requests: WechatRequest[];
  /** wx.login codes the fake accepts, each mapped to an openid (codes are single-use in WeChat; openids are not). */
  codes: Map<string, string>;
  /** openids that refused subscription messages (WeChat's errcode 43101). */
  refusedOpenids: Set<string>;
  /** Access tokens handed out, oldest first; only the newest is accepted (as after a forced refresh). */
  issuedTokens: string[];
  /** While true, every call gets HTTP 503 (WeChat down or a proxy failing). */
  unavailable: boolean;
  close(): Promise<void>;
}

/** A 1×1 PNG: what a mini-program code looks like to our code (bytes with an image content type). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A loopback stand-in for api.weixin.qq.com implementing the four calls HttpWechatApi makes, with WeChat's
 * shapes: errors are HTTP 200 with `{errcode, errmsg}`; a mini-program code is raw PNG bytes.
 */
export async function startFakeWechat(): Promise<FakeWechat> {
  const appId = 'wx_fake_appid';
  const appSecret = 'fake-app-secret';
  const requests: WechatRequest[] = [];
  const codes = new Map<string, string>();
  const refusedOpenids = new Set<string>();
  const issuedTokens: string[] = [];
  let fake: FakeWechat | undefined;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readJson(req);
    requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    if (fake?.unavailable) return res.writeHead(503).end('upstream unavailable');
    const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const error = (errcode: number, errmsg: string) => json({ errcode, errmsg });
    const validToken = () => issuedTokens.length > 0 && url.searchParams.get('access_token') === issuedTokens.at(-1);

    switch (url.pathname) {
      case '/sns/jscode2session': {
        const q = url.searchParams;
        if (q.get('appid') !== appId || q.get('secret') !== appSecret) return error(40125, 'invalid appsecret');
        const openid = codes.get(q.get('js_code') ?? '');
        if (!openid || q.get('grant_type') !== 'authorization_code') return error(40029, 'invalid code');
        return json({ openid, session_key: 'c2Vzc2lvbg==' });
      }
      case '/cgi-bin/stable_token': {
        if (body.appid !== appId || body.secret !== appSecret || body.grant_type !== 'client_credential') return error(40013, 'invalid appid');
        issuedTokens.push(`token-${issuedTokens.length + 1}`);
        return json({ access_token: issuedTokens.at(-1), expires_in: 7200 });
      }
      case '/wxa/getwxacodeunlimit': {
        if (!validToken()) return error(40001, 'invalid credential, access_token is invalid or not latest');
        if (typeof body.scene !== 'string' || body.scene.length > 32) return error(40169, 'invalid length for scene');
        return res.writeHead(200, { 'content-type': 'image/png' }).end(TINY_PNG);
      }
      case '/cgi-bin/message/subscribe/send': {
        if (!validToken()) return error(40001, 'invalid credential, access_token is invalid or not latest');
        if (refusedOpenids.has(String(body.touser))) return error(43101, 'user refuse to accept the msg');
        return error(0, 'ok');
      }
      default:
        return res.writeHead(404).end();
    }
  });
  const port = await listen(server, 0);
  fake = {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    requests,
    codes,
    refusedOpenids,
    issuedTokens,
    unavailable: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        resolve({});
      }
    });
    req.on('error', reject);
  });
}
