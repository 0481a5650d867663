import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WechatError } from '../../functions/wechat/api';
import { HttpWechatApi } from '../../functions/wechat/http';
import { startFakeWechat, TINY_PNG, type FakeWechat } from '../setup/fake-wechat';

/** The HTTP WeChat adapter that runs in AWS, against a loopback fake of api.weixin.qq.com. */
let wx: FakeWechat;
let api: HttpWechatApi;

beforeAll(async () => {
  wx = await startFakeWechat();
});
afterAll(async () => {
  await wx.close();
});
beforeEach(() => {
  wx.requests.length = 0;
  wx.refusedOpenids.clear();
  wx.unavailable = false;
  api = new HttpWechatApi({ appId: wx.appId, appSecret: wx.appSecret, baseUrl: wx.baseUrl });
});

const tokenRequests = () => wx.requests.filter((r) => r.path === '/cgi-bin/stable_token');

describe('HttpWechatApi', () => {
  it('fetches a mini-program code as PNG bytes for a page and scene', async () => {
    const png = await api.getUnlimitedQrCode('r=AB12cd', 'pages/referral/landing/index');
    expect(png.equals(TINY_PNG)).toBe(true);
    const call = wx.requests.find((r) => r.path === '/wxa/getwxacodeunlimit')!;
    expect(call.query.access_token).toBe(wx.issuedTokens.at(-1));
    expect(call.body).toMatchObject({ scene: 'r=AB12cd', page: 'pages/referral/landing/index' });
    expect(tokenRequests()[0].body).toEqual({ grant_type: 'client_credential', appid: wx.appId, secret: wx.appSecret });
  });

  it('sends a subscription message to the openid with its template, page and data', async () => {
    const data = { thing1: { value: '主题日咨询' }, time2: { value: '2026年12月5日 14:00' } };
    await api.sendSubscribeMessage({ openid: 'openid-lin', templateId: 'tmpl-reminder', page: 'pages/booking/mine/index', data });
    const call = wx.requests.find((r) => r.path === '/cgi-bin/message/subscribe/send')!;
    expect(call.query.access_token).toBe(wx.issuedTokens.at(-1));
    expect(call.body).toEqual({ touser: 'openid-lin', template_id: 'tmpl-reminder', page: 'pages/booking/mine/index', data });
  });

  it('fetches the access token once and reuses it for later calls', async () => {
    await api.getUnlimitedQrCode('a=1', 'pages/index/index');
    await api.getUnlimitedQrCode('a=2', 'pages/index/index');
    await api.sendSubscribeMessage({ openid: 'o1', templateId: 't', page: 'pages/index/index', data: {} });
    expect(tokenRequests()).toHaveLength(1);
    expect(wx.requests.filter((r) => r.path !== '/cgi-bin/stable_token').map((r) => r.query.access_token)).toEqual(Array(3).fill(wx.issuedTokens.at(-1)));
  });

  it('turns WeChat errcode bodies into a WechatError with that errcode', async () => {
    wx.refusedOpenids.add('openid-refused');
    const refused = api.sendSubscribeMessage({ openid: 'openid-refused', templateId: 't', page: 'pages/index/index', data: {} });
    await expect(refused).rejects.toBeInstanceOf(WechatError);
    await expect(refused).rejects.toMatchObject({ errcode: 43101 });

    // An error answered as JSON where an image was expected is an error too, not a broken PNG.
    await expect(api.getUnlimitedQrCode('x'.repeat(40), 'pages/index/index')).rejects.toMatchObject({ errcode: 40169 });
    await expect(api.code2Session('never-issued')).rejects.toMatchObject({ errcode: 40029 });
  });

  it('reports a wrong AppSecret as a WechatError rather than calling on with a bad token', async () => {
    const wrong = new HttpWechatApi({ appId: wx.appId, appSecret: 'wrong', baseUrl: wx.baseUrl });
    await expect(wrong.getUnlimitedQrCode('a=1', 'pages/index/index')).rejects.toMatchObject({ errcode: 40013 });
    expect(wx.requests.some((r) => r.path === '/wxa/getwxacodeunlimit')).toBe(false);
  });

  it('reports an HTTP failure of WeChat as a WechatError', async () => {
    wx.codes.set('code-ok', 'openid-ok');
    wx.unavailable = true;
    try {
      await expect(api.code2Session('code-ok')).rejects.toBeInstanceOf(WechatError);
    } finally {
      wx.unavailable = false;
    }
    await expect(api.code2Session('code-ok')).resolves.toMatchObject({ openid: 'openid-ok' });
  });
});
