import { authorizationHeader, paySignMessage, requestMessage } from '../../shared/payment/signing';
import type { PaymentParams } from '../../shared/payment/schema';
import { PayError, type JsapiOrder, type QueriedOrder, type RefundRequest, type RefundStatus, type WechatPay } from './pay-api';
import { checkWechatSignature, nonceStr, rsaSign } from './pay-crypto';
import type { PayKeys } from './pay-keys';

/**
 * WeChat Pay API v3 over HTTPS: every request signed with the merchant key (Authorization header), every response
 * checked against the platform key before it is believed. `baseUrl` is https://api.mch.weixin.qq.com in AWS and
 * the local stand-in on `npm start` and in tests.
 */
export class HttpWechatPay implements WechatPay {
  constructor(
    private readonly keys: () => Promise<PayKeys>,
    private readonly baseUrl: () => string,
  ) {}

  async createJsapiOrder(o: JsapiOrder) {
    const k = await this.keys();
    const out = await this.call('POST', '/v3/pay/transactions/jsapi', {
      appid: k.appId,
      mchid: k.mchId,
      description: o.description,
      out_trade_no: o.outTradeNo,
      time_expire: o.timeExpire,
      notify_url: o.notifyUrl,
      amount: { total: o.totalFen, currency: 'CNY' },
      payer: { openid: o.openid },
    });
    if (typeof out.body?.prepay_id !== 'string') throw new PayError(out.status, 'NO_PREPAY_ID', 'no prepay_id in the answer');
    return { prepayId: out.body.prepay_id };
  }

  async queryOrder(outTradeNo: string): Promise<QueriedOrder | undefined> {
    const k = await this.keys();
    const out = await this.call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(k.mchId)}`, undefined, [404]);
    if (out.status === 404) return undefined;
    return { tradeState: out.body.trade_state, transaction: out.body as QueriedOrder['transaction'] };
  }

  async closeOrder(outTradeNo: string) {
    const k = await this.keys();
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: k.mchId });
  }

  async refund(r: RefundRequest) {
    const out = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      reason: r.reason,
      notify_url: r.notifyUrl,
      amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
    });
    return { status: out.body.status as RefundStatus };
  }

  async queryRefund(outRefundNo: string) {
    const out = await this.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, undefined, [404]);
    return out.status === 404 ? undefined : { status: out.body.status as RefundStatus };
  }

  async paymentParams(prepayId: string): Promise<PaymentParams> {
    const k = await this.keys();
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonce = nonceStr();
    const pkg = `prepay_id=${prepayId}`;
    return { timeStamp, nonceStr: nonce, package: pkg, signType: 'RSA', paySign: rsaSign(paySignMessage(k.appId, timeStamp, nonce, pkg), k.merchantPrivateKey) };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async call(method: 'GET' | 'POST', pathWithQuery: string, body?: unknown, allowed: number[] = []): Promise<{ status: number; body: any }> {
    const k = await this.keys();
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = nonceStr();
    const signature = rsaSign(requestMessage(method, pathWithQuery, timestamp, nonce, text), k.merchantPrivateKey);
    const res = await fetch(new URL(pathWithQuery, this.baseUrl()), {
      method,
      headers: {
        authorization: authorizationHeader({ mchid: k.mchId, nonce_str: nonce, signature, timestamp, serial_no: k.merchantSerial }),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : text,
      signal: AbortSignal.timeout(8000),
    });
    const answer = await res.text();
    // A response that is not WeChat Pay's (a proxy, a forgery) is not believed, success or error.
    const headers: Record<string, string> = {};
    res.headers.forEach((v, n) => (headers[n.toLowerCase()] = v));
    const check = checkWechatSignature(headers, answer, k.platformPublicKeys, new Date());
    if (check !== 'ok') throw new PayError(res.status, 'UNVERIFIED_RESPONSE', `response signature: ${check}`);
    const parsed = answer ? JSON.parse(answer) : undefined;
    if (res.ok || allowed.includes(res.status)) return { status: res.status, body: parsed };
    throw new PayError(res.status, String(parsed?.code ?? 'HTTP_ERROR'), String(parsed?.message ?? res.statusText));
  }
}
