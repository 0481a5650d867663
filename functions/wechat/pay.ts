import { config } from '../config';
import type { WechatPay } from './pay-api';
import { HttpWechatPay } from './pay-http';
import { payKeys } from './pay-keys';

let pay: WechatPay | undefined;

/** WeChat Pay's API base: the real one in AWS, the local stand-in (WECHATPAY_BASE) on `npm start` and in tests. */
export const wechatPayBase = () => process.env.WECHATPAY_BASE ?? (config.isLocal() ? 'http://127.0.0.1:3100' : 'https://api.mch.weixin.qq.com');

/** Where WeChat Pay sends notices: the API's public URL (https in AWS, the local API locally). */
export function notifyBase(): string {
  const base = process.env.PAYMENT_NOTIFY_BASE || (config.isLocal() ? `http://127.0.0.1:${process.env.API_PORT ?? 3000}` : '');
  if (!base) throw new Error('PAYMENT_NOTIFY_BASE must be set (the API’s public https address)');
  return base.replace(/\/$/, '');
}

export function wechatPay(): WechatPay {
  pay ??= new HttpWechatPay(payKeys, wechatPayBase);
  return pay;
}

/** Tests may swap the implementation (e.g. one that fails like a network outage). */
export function setWechatPay(next: WechatPay | undefined) {
  pay = next;
}
