import { join } from 'node:path';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../functions/wechat/pay-standin';

/**
 * The local WeChat Pay stand-in for a test file, pointed at by the API (WECHATPAY_BASE) and sending its notices to
 * the test's API (PAYMENT_NOTIFY_BASE). Keys live in tests/.artifacts (git-ignored), generated on first use.
 */
export async function startPayStandIn(apiUrl: string): Promise<WechatPayStandIn> {
  process.env.WECHATPAY_KEY_DIR ??= join(__dirname, '../.artifacts/wechatpay');
  const standIn = await startWechatPayStandIn(0);
  process.env.WECHATPAY_BASE = standIn.url;
  process.env.PAYMENT_NOTIFY_BASE = apiUrl;
  return standIn;
}
