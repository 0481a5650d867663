import { WechatError, type SubscribeMessage, type WechatApi } from './api';

interface Options {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com in AWS; a loopback fake in tests. */
  baseUrl: string;
}

/** The real WeChat server API over HTTPS, with the access token cached until shortly before it expires. */
export class HttpWechatApi implements WechatApi {
  private token?: { value: string; expiresAt: number };

  constructor(private readonly opts: Options) {}

  async code2Session(code: string) {
    const url = new URL('/sns/jscode2session', this.opts.baseUrl);
    url.search = new URLSearchParams({
      appid: this.opts.appId,
      secret: this.opts.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    const body = await this.json(await fetch(url));
    if (typeof body.openid !== 'string') throw new WechatError(-1, 'code2Session returned no openid');
    return { openid: body.openid, unionid: typeof body.unionid === 'string' ? body.unionid : undefined };
  }

  async getUnlimitedQrCode(scene: string, page: string) {
    const res = await fetch(new URL(`/wxa/getwxacodeunlimit?access_token=${await this.accessToken()}`, this.opts.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scene, page, check_path: false, width: 430 }),
    });
    // Success is an image; failure is a JSON errcode body.
    if ((res.headers.get('content-type') ?? '').includes('json')) await this.json(res);
    return Buffer.from(await res.arrayBuffer());
  }

  async sendSubscribeMessage(msg: SubscribeMessage) {
    const res = await fetch(new URL(`/cgi-bin/message/subscribe/send?access_token=${await this.accessToken()}`, this.opts.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: msg.openid, template_id: msg.templateId, page: msg.page, data: msg.data }),
    });
    await this.json(res);
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const res = await fetch(new URL('/cgi-bin/stable_token', this.opts.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: this.opts.appId, secret: this.opts.appSecret }),
    });
    const body = await this.json(res);
    const expiresIn = Number(body.expires_in ?? 7200);
    this.token = { value: String(body.access_token), expiresAt: Date.now() + (expiresIn - 300) * 1000 };
    return this.token.value;
  }

  private async json(res: Response): Promise<Record<string, unknown>> {
    if (!res.ok) throw new WechatError(-1, `WeChat HTTP ${res.status}`);
    const body = (await res.json()) as Record<string, unknown>;
    if (typeof body.errcode === 'number' && body.errcode !== 0) {
      throw new WechatError(body.errcode, String(body.errmsg ?? 'WeChat error'));
    }
    return body;
  }
}
