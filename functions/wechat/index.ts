import { config } from '../config';
import type { WechatApi } from './api';
import { HttpWechatApi } from './http';
import { LocalWechatApi } from './local';

let api: WechatApi | undefined;

/** The real API in AWS (WECHAT_MODE=http); the local stand-in for `npm start` and tests. */
export function wechat(): WechatApi {
  if (api) return api;
  const mode = process.env.WECHAT_MODE ?? (config.isLocal() ? 'local' : 'http');
  api =
    mode === 'http'
      ? new HttpWechatApi({
          appId: process.env.WECHAT_APPID ?? '',
          appSecret: process.env.WECHAT_SECRET ?? '',
          baseUrl: process.env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
        })
      : new LocalWechatApi(config.publicWebUrl());
  return api;
}

/** Tests swap the implementation (e.g. the HTTP one pointed at a loopback fake). */
export function setWechat(next: WechatApi | undefined) {
  api = next;
}
