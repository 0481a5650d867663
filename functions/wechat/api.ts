/** What Ripple needs from WeChat's server APIs. One implementation calls WeChat; one stands in locally. */
export interface WechatApi {
  /** Exchanges a wx.login code for the user's openid (never trust an openid sent by the client). */
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>;
  /** A mini-program code (PNG) for `page` with `scene` (≤ 32 chars) in its launch options. */
  getUnlimitedQrCode(scene: string, page: string): Promise<Buffer>;
  /** Sends one subscription message; the caller must hold a recorded one-time grant. */
  sendSubscribeMessage(msg: SubscribeMessage): Promise<void>;
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
  }
}

/** WeChat's limit on `scene`: 32 visible characters from this set. */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
