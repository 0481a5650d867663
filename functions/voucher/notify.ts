import { isoDateOf, inShanghai } from '../../shared/time';
import type { Voucher } from '../../shared/voucher/lifecycle';
import type { ChangeRecord } from '../db/changes';
import { returnGrant } from '../db/grants';
import { claimVoucherNotice, markNoticeFailed } from '../db/notices';
import { getUser } from '../db/users';
import { logger } from '../http/logger';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';

/** The subscription-message template of "a voucher arrived" (configured in the WeChat console). */
export const voucherTemplateId = () => process.env.WECHAT_VOUCHER_TEMPLATE_ID ?? 'local-voucher-granted';

/**
 * Tells an inviter that a milestone voucher arrived, by subscription message — only with a one-time grant they
 * gave (on the invite page), and at most once per voucher. Without a grant nothing is sent: the 我的 badge
 * still shows it. Never throws: a notice must not undo or fail the grant that caused it.
 */
export async function notifyVoucherGranted(v: Voucher, now = new Date()): Promise<'sent' | 'already' | 'no_grant' | 'failed'> {
  if (v.reason !== 'inviter_milestone') return 'already';
  const templateId = voucherTemplateId();
  try {
    const claim = await claimVoucherNotice(v.id, v.ownerId, templateId, now);
    if (claim !== 'claimed') return claim;
    const owner = await getUser(v.ownerId);
    try {
      await wechat().sendSubscribeMessage({
        openid: owner?.deviceId ?? '',
        templateId,
        page: 'pages/voucher/index',
        data: {
          thing1: { value: '邀请奖励咨询券' },
          amount2: { value: `¥${v.value}` },
          date3: { value: isoDateOf(inShanghai(v.expiresAt)) },
          thing4: { value: '好友完成了自测，感谢你把关心分享出去' },
        },
      });
      return 'sent';
    } catch (err) {
      // Not delivered: WeChat used no grant unless it said there was none (43101).
      await markNoticeFailed(v.id, now);
      if (!(err instanceof WechatError && err.errcode === 43101)) await returnGrant(v.ownerId, templateId);
      logger.warn('voucher notice not sent', { voucherId: v.id, error: err as Error });
      return 'failed';
    }
  } catch (err) {
    logger.error('voucher notice failed', { voucherId: v.id, error: err as Error });
    return 'failed';
  }
}

/**
 * An inviter's milestone voucher just issued, read off the table's stream (the referral stream consumer calls
 * this): the notice costs the granting request nothing, and the stream's retries stand behind it.
 */
export function inviterVoucherIssuedIn(c: ChangeRecord): Voucher | undefined {
  if (c.eventName !== 'INSERT' || !c.keys.pk.startsWith('VOUCHER#') || c.newImage?.reason !== 'inviter_milestone') return undefined;
  return c.newImage as unknown as Voucher;
}
