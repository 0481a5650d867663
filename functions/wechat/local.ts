import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { SubscribeMessage, WechatApi } from './api';

/**
 * Stands in for WeChat on `npm start` and in tests: a code maps to a stable openid, the mini-program code
 * is a plain QR code of the H5 link, and sent messages land in an in-process outbox shown by /dev/outbox.
 */
export class LocalWechatApi implements WechatApi {
  readonly outbox: (SubscribeMessage & { sentAt: string })[] = [];

  constructor(private readonly webUrl: string) {}

  async code2Session(code: string) {
    return { openid: `local_${createHash('sha256').update(code).digest('hex').slice(0, 24)}` };
  }

  async getUnlimitedQrCode(scene: string, page: string) {
    const link = `${this.webUrl}/#/${page}?scene=${encodeURIComponent(scene)}`;
    return QRCode.toBuffer(link, { type: 'png', width: 430, margin: 2 });
  }

  async sendSubscribeMessage(msg: SubscribeMessage) {
    this.outbox.push({ ...msg, sentAt: new Date().toISOString() });
  }
}
