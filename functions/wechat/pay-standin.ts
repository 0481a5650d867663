import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OUT_NO_PATTERN } from '../../shared/payment/rules';
import { parseAuthorization, requestMessage, timestampFresh } from '../../shared/payment/signing';
import { encryptResource, nonceStr, rsaVerify, wechatSignedHeaders } from './pay-crypto';
import { localPayKeys, type LocalPayKeys } from './pay-keys';

/**
 * A local WeChat Pay (API v3) for `npm start` and the tests. It speaks the protocol Ripple's HttpWechatPay speaks
 * to the real one: requests must carry a valid merchant signature; answers are signed with the stand-in's own
 * platform key; notices are encrypted with the APIv3 key (AEAD_AES_256_GCM) and signed, then POSTed to the
 * order's notify_url. It also serves "模拟微信支付", the page the H5 build sends a client to instead of
 * wx.requestPayment. Never bundled for Lambda.
 */
export interface StandInOrder {
  appid: string;
  mchid: string;
  description: string;
  outTradeNo: string;
  notifyUrl: string;
  timeExpire: string;
  total: number;
  openid: string;
  prepayId: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId?: string;
  successTime?: string;
}

export interface StandInRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refund: number;
  total: number;
  notifyUrl: string;
  status: 'PROCESSING' | 'SUCCESS';
  successTime?: string;
}

export interface SentNotice {
  eventType: string;
  outTradeNo: string;
  url: string;
  /** The API's answer (0 when it could not be reached, -1 when the notice was dropped on purpose). */
  status: number;
}

export interface WechatPayStandIn {
  url: string;
  keys: LocalPayKeys;
  orders: Map<string, StandInOrder>;
  refunds: Map<string, StandInRefund>;
  /** Every refund request received (a repeated out_refund_no is the same refund, but each request is listed). */
  refundRequests: { outRefundNo: string; outTradeNo: string; refund: number }[];
  notices: SentNotice[];
  /** While true, notices are "lost" on the way (nothing reaches the API): reconciliation must catch up. */
  dropNotices: boolean;
  /** How long a refund stays PROCESSING before it succeeds and its notice is sent. */
  refundDelayMs: number;
  /** Pays an order as a client would and sends the notice (unless dropped). */
  pay(outTradeNo: string): Promise<{ ok: boolean; reason?: string; noticeStatus?: number }>;
  /** A notice exactly as the stand-in would send it, for tests to replay or tamper with. */
  signedNotice(eventType: string, resource: object, opts?: { at?: Date; serial?: string; privateKey?: string }): { headers: Record<string, string>; body: string };
  close(): Promise<void>;
}

export async function startWechatPayStandIn(port = 0, keys: LocalPayKeys = localPayKeys()): Promise<WechatPayStandIn> {
  const orders = new Map<string, StandInOrder>();
  const refunds = new Map<string, StandInRefund>();
  const refundRequests: WechatPayStandIn['refundRequests'] = [];
  const notices: SentNotice[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let seq = 0;

  const signedNotice: WechatPayStandIn['signedNotice'] = (eventType, resource, opts = {}) => {
    const original = eventType.startsWith('REFUND.') ? 'refund' : 'transaction';
    const body = JSON.stringify({
      id: `EV-${Date.now()}-${++seq}`,
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType.startsWith('REFUND.') ? '退款成功' : '支付成功',
      resource: encryptResource(JSON.stringify(resource), keys.apiV3Key, original, original),
    });
    const headers = wechatSignedHeaders(body, opts.privateKey ?? keys.platformPrivateKey, opts.serial ?? keys.platformSerial, opts.at);
    return { headers: { ...headers, 'content-type': 'application/json' }, body };
  };

  async function deliver(eventType: string, outTradeNo: string, url: string, resource: object): Promise<number> {
    if (standIn.dropNotices) {
      notices.push({ eventType, outTradeNo, url, status: -1 });
      return -1;
    }
    const n = signedNotice(eventType, resource);
    const status = await fetch(url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(5000) })
      .then((r) => r.status)
      .catch(() => 0);
    notices.push({ eventType, outTradeNo, url, status });
    return status;
  }

  const transactionOf = (o: StandInOrder) => ({
    appid: o.appid,
    mchid: o.mchid,
    out_trade_no: o.outTradeNo,
    ...(o.transactionId ? { transaction_id: o.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: o.state,
    trade_state_desc: o.state === 'SUCCESS' ? '支付成功' : o.state,
    ...(o.successTime ? { success_time: o.successTime } : {}),
    payer: { openid: o.openid },
    amount: { total: o.total, payer_total: o.state === 'NOTPAY' ? 0 : o.total, currency: 'CNY', payer_currency: 'CNY' },
  });

  async function pay(outTradeNo: string) {
    const o = orders.get(outTradeNo);
    if (!o) return { ok: false, reason: 'ORDER_NOT_EXIST' };
    if (o.state !== 'NOTPAY') return { ok: false, reason: o.state === 'SUCCESS' ? 'ORDERPAID' : 'ORDER_CLOSED' };
    if (Date.parse(o.timeExpire) <= Date.now()) return { ok: false, reason: 'ORDER_EXPIRED' };
    o.state = 'SUCCESS';
    o.transactionId = `4200${Date.now()}${String(++seq).padStart(6, '0')}`;
    o.successTime = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const noticeStatus = await deliver('TRANSACTION.SUCCESS', outTradeNo, o.notifyUrl, transactionOf(o));
    return { ok: true, noticeStatus };
  }

  function completeRefund(r: StandInRefund) {
    r.status = 'SUCCESS';
    r.successTime = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const o = orders.get(r.outTradeNo);
    if (o) o.state = 'REFUND';
    void deliver('REFUND.SUCCESS', r.outTradeNo, r.notifyUrl, {
      mchid: keys.mchId,
      out_trade_no: r.outTradeNo,
      transaction_id: o?.transactionId ?? '',
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: 'SUCCESS',
      success_time: r.successTime,
      user_received_account: '支付用户零钱',
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    });
  }

  /** The merchant's signature on a request, as WeChat Pay checks it. */
  function authorised(req: IncomingMessage, pathWithQuery: string, body: string): string | undefined {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return 'Authorization header missing or malformed';
    if (auth.mchid !== keys.mchId) return 'mchid does not match';
    if (auth.serial_no !== keys.merchantSerial) return 'serial_no is not this merchant’s certificate';
    if (!timestampFresh(auth.timestamp, new Date())) return 'timestamp expired';
    const msg = requestMessage(req.method ?? 'GET', pathWithQuery, auth.timestamp, auth.nonce_str, body);
    return rsaVerify(msg, auth.signature, keys.merchantPublicKey) ? undefined : 'signature does not verify';
  }

  function answer(res: ServerResponse, status: number, value?: unknown) {
    const body = value === undefined ? '' : JSON.stringify(value);
    res.writeHead(status, { ...wechatSignedHeaders(body, keys.platformPrivateKey, keys.platformSerial), ...(body ? { 'content-type': 'application/json' } : {}) }).end(body);
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string) => answer(res, status, { code, message });

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, text: string) {
    const pathWithQuery = url.pathname + url.search;
    const why = authorised(req, pathWithQuery, text);
    if (why) return fail(res, 401, 'SIGN_ERROR', why);
    let body: Record<string, any> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return fail(res, 400, 'PARAM_ERROR', 'body is not JSON');
    }
    const p = url.pathname;
    if (req.method === 'POST' && p === '/v3/pay/transactions/jsapi') {
      const total = body.amount?.total;
      if (body.mchid !== keys.mchId || body.appid !== keys.appId) return fail(res, 400, 'PARAM_ERROR', 'appid and mchid do not match');
      if (typeof body.out_trade_no !== 'string' || !OUT_NO_PATTERN.test(body.out_trade_no)) return fail(res, 400, 'PARAM_ERROR', 'out_trade_no');
      if (!Number.isInteger(total) || total <= 0) return fail(res, 400, 'PARAM_ERROR', 'amount.total must be a positive integer (fen)');
      if (typeof body.notify_url !== 'string' || !/^https?:\/\/[^?]+$/.test(body.notify_url)) return fail(res, 400, 'PARAM_ERROR', 'notify_url');
      if (typeof body.payer?.openid !== 'string' || !body.payer.openid) return fail(res, 400, 'PARAM_ERROR', 'payer.openid');
      if (Number.isNaN(Date.parse(body.time_expire))) return fail(res, 400, 'PARAM_ERROR', 'time_expire');
      const existing = orders.get(body.out_trade_no);
      if (existing) {
        // The same order asked for again gets the same prepay_id; a different order under a used number is refused.
        if (existing.total !== total || existing.openid !== body.payer.openid) return fail(res, 400, 'INVALID_REQUEST', '201 商户订单号重复');
        if (existing.state !== 'NOTPAY') return fail(res, 400, existing.state === 'SUCCESS' ? 'ORDERPAID' : 'ORDER_CLOSED', 'order is not payable');
        return answer(res, 200, { prepay_id: existing.prepayId });
      }
      const o: StandInOrder = {
        appid: body.appid,
        mchid: body.mchid,
        description: String(body.description ?? ''),
        outTradeNo: body.out_trade_no,
        notifyUrl: body.notify_url,
        timeExpire: body.time_expire,
        total,
        openid: body.payer.openid,
        prepayId: `wx${Date.now()}${nonceStr().slice(0, 12).toLowerCase()}`,
        state: 'NOTPAY',
      };
      orders.set(o.outTradeNo, o);
      return answer(res, 200, { prepay_id: o.prepayId });
    }
    let m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(p);
    if (req.method === 'GET' && m) {
      const o = orders.get(decodeURIComponent(m[1]));
      if (!o || url.searchParams.get('mchid') !== keys.mchId) return fail(res, 404, 'ORDER_NOT_EXIST', '订单不存在');
      return answer(res, 200, transactionOf(o));
    }
    m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(p);
    if (req.method === 'POST' && m) {
      const o = orders.get(decodeURIComponent(m[1]));
      if (!o) return fail(res, 404, 'ORDER_NOT_EXIST', '订单不存在');
      if (o.state === 'SUCCESS' || o.state === 'REFUND') return fail(res, 400, 'ORDERPAID', '订单已支付');
      o.state = 'CLOSED';
      return answer(res, 204);
    }
    if (req.method === 'POST' && p === '/v3/refund/domestic/refunds') {
      refundRequests.push({ outRefundNo: String(body.out_refund_no), outTradeNo: String(body.out_trade_no), refund: Number(body.amount?.refund) });
      const o = orders.get(String(body.out_trade_no));
      if (!o || (o.state !== 'SUCCESS' && o.state !== 'REFUND')) return fail(res, 400, 'INVALID_REQUEST', '订单未支付');
      if (typeof body.out_refund_no !== 'string' || !OUT_NO_PATTERN.test(body.out_refund_no)) return fail(res, 400, 'PARAM_ERROR', 'out_refund_no');
      if (body.amount?.total !== o.total || !Number.isInteger(body.amount?.refund) || body.amount.refund <= 0 || body.amount.refund > o.total) {
        return fail(res, 400, 'PARAM_ERROR', 'amount');
      }
      let r = refunds.get(body.out_refund_no);
      if (!r) {
        r = {
          outRefundNo: body.out_refund_no,
          outTradeNo: o.outTradeNo,
          refundId: `5030${Date.now()}${String(++seq).padStart(6, '0')}`,
          refund: body.amount.refund,
          total: o.total,
          notifyUrl: String(body.notify_url ?? ''),
          status: 'PROCESSING',
        };
        refunds.set(r.outRefundNo, r);
        const made = r;
        const t = setTimeout(() => (timers.delete(t), completeRefund(made)), standIn.refundDelayMs);
        timers.add(t);
      }
      return answer(res, 200, { refund_id: r.refundId, out_refund_no: r.outRefundNo, out_trade_no: r.outTradeNo, status: r.status, amount: { total: r.total, refund: r.refund, currency: 'CNY' } });
    }
    m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(p);
    if (req.method === 'GET' && m) {
      const r = refunds.get(decodeURIComponent(m[1]));
      if (!r) return fail(res, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return answer(res, 200, { refund_id: r.refundId, out_refund_no: r.outRefundNo, out_trade_no: r.outTradeNo, status: r.status, amount: { total: r.total, refund: r.refund } });
    }
    return fail(res, 404, 'NOT_FOUND', 'no such API in the stand-in');
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const text = await readBody(req);
    try {
      if (url.pathname.startsWith('/v3/')) return await api(req, res, url, text);
      // Test and dev hook (not part of WeChat Pay): pay an order as its client would.
      let m = /^\/_standin\/orders\/([^/]+)\/pay$/.exec(url.pathname);
      if (req.method === 'POST' && m) {
        const out = await pay(decodeURIComponent(m[1]));
        return res.writeHead(out.ok ? 200 : 409, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      }
      m = /^\/pay\/([^/]+)(\/(confirm|cancel))?$/.exec(url.pathname);
      if (m) {
        const outTradeNo = decodeURIComponent(m[1]);
        const back = safeReturn(url.searchParams.get('return'));
        if (req.method === 'POST' && m[3] === 'confirm') {
          const out = await pay(outTradeNo);
          if (!out.ok) return html(res, 409, payPage(orders.get(outTradeNo), url.search, back, reasonText(out.reason)));
          return res.writeHead(303, { location: back ?? `/pay/${encodeURIComponent(outTradeNo)}` }).end();
        }
        if (req.method === 'POST' && m[3] === 'cancel') return res.writeHead(303, { location: back ?? '/' }).end();
        if (req.method === 'GET' && !m[2]) {
          const o = orders.get(outTradeNo);
          const why = !o ? '没有这笔订单' : o.state !== 'NOTPAY' ? reasonText(o.state === 'SUCCESS' ? 'ORDERPAID' : 'ORDER_CLOSED') : Date.parse(o.timeExpire) <= Date.now() ? reasonText('ORDER_EXPIRED') : undefined;
          return html(res, o ? 200 : 404, payPage(o, url.search, back, why));
        }
      }
      res.writeHead(404).end();
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'SYSTEM_ERROR', message: String(err) }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const standIn: WechatPayStandIn = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    orders,
    refunds,
    refundRequests,
    notices,
    dropNotices: false,
    refundDelayMs: 100,
    pay,
    signedNotice,
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  return standIn;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Only http(s) return addresses: the page never redirects to javascript: or other schemes. */
function safeReturn(raw: string | null): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

const reasonText = (reason?: string) =>
  ({ ORDERPAID: '这笔订单已经支付过了', ORDER_CLOSED: '这笔订单已关闭', ORDER_EXPIRED: '这笔订单已超过支付时限', ORDER_NOT_EXIST: '没有这笔订单' })[reason ?? ''] ?? '暂时无法支付';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}

function payPage(o: StandInOrder | undefined, search: string, back: string | undefined, problem: string | undefined): string {
  const amount = o ? `¥${(o.total / 100).toFixed(2)}` : '';
  const action = (what: string) => (o ? `/pay/${encodeURIComponent(o.outTradeNo)}/${what}${esc(search)}` : '#');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>模拟微信支付</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; background: #ededed; color: #1f2d2d; }
  header { background: #fff; padding: 14px 16px; text-align: center; font-size: 17px; font-weight: 600; border-bottom: 1px solid #e2e2e2; }
  .note { text-align: center; font-size: 12px; color: #8a6d00; background: #fff8e1; padding: 6px 12px; }
  main { max-width: 420px; margin: 0 auto; padding: 24px 16px; }
  .card { background: #fff; border-radius: 12px; padding: 24px 16px; text-align: center; }
  .merchant { color: #5b6b6b; font-size: 15px; }
  .desc { color: #5b6b6b; font-size: 13px; margin-top: 6px; }
  .amount { font-size: 40px; font-weight: 600; margin: 16px 0 4px; letter-spacing: .5px; }
  .problem { color: #a3221b; margin: 12px 0 0; }
  form { margin: 0; }
  button, a.back { display: block; width: 100%; box-sizing: border-box; border: 0; border-radius: 8px; padding: 13px; font-size: 17px; margin-top: 12px; cursor: pointer; text-align: center; text-decoration: none; }
  .pay { background: #07c160; color: #fff; margin-top: 24px; }
  .cancel, a.back { background: #fff; color: #1f2d2d; border: 1px solid #d6d6d6; }
  button:focus-visible, a.back:focus-visible { outline: 3px solid #0b6e6e; outline-offset: 2px; }
</style></head>
<body>
<header>模拟微信支付</header>
<div class="note" role="note">本地开发用的支付演示，不会产生真实扣款</div>
<main>
  <div class="card">
    <div class="merchant">Ripple 涟漪</div>
    ${o ? `<div class="desc">${esc(o.description)}</div><div class="amount" aria-label="支付金额">${amount}</div>` : ''}
    ${problem ? `<p class="problem" role="alert">${esc(problem)}</p>` : ''}
  </div>
  ${
    problem
      ? back
        ? `<a class="back" href="${esc(back)}">返回</a>`
        : ''
      : `<form method="post" action="${action('confirm')}"><button class="pay" type="submit">支付</button></form>
  <form method="post" action="${action('cancel')}"><button class="cancel" type="submit">取消</button></form>`
  }
</main>
</body></html>`;
}
