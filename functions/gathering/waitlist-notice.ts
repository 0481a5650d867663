import { waitlistNoticeData } from '../../shared/gathering/waitlist-notice';
import type { ChangeRecord } from '../db/changes';
import { getGathering } from '../db/gathering';
import { getUser } from '../db/users';
import { claimWaitlistNotice, markWaitlistNoticeFailed, type Promotion } from '../db/waitlist-notices';
import { logger } from '../http/logger';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';

/**
 * The 「候补转正通知」 subscription-message template (WeChat MP console → 订阅消息; a stand-in id locally). Empty in a
 * stage that has not configured one: the page asks for no grant and nothing is sent.
 */
export const waitlistTemplateId = () => process.env.WECHAT_WAITLIST_TEMPLATE_ID ?? 'local-waitlist-promoted';

/**
 * A waitlisted registration that just took a seat, read off the table's stream: waitlisted → registered (a free
 * seat) or → pending_payment (a priced seat's payment hold). Every promotion path (a cancellation, an unpaid hold
 * running out, a capacity raise) writes this same change, so none can forget the message.
 */
export function promotionIn(c: ChangeRecord): PromotionSeen | undefined {
  if (c.eventName !== 'MODIFY' || !c.keys.pk.startsWith('GATHERING#') || !c.keys.sk.startsWith('REG#')) return undefined;
  const to = c.newImage?.status;
  if (c.oldImage?.status !== 'waitlisted' || (to !== 'registered' && to !== 'pending_payment')) return undefined;
  const promotedAt = c.newImage?.promotedAt;
  if (typeof promotedAt !== 'string') return undefined;
  const n = c.newImage!;
  return {
    gatheringId: c.keys.pk.slice('GATHERING#'.length),
    userId: c.keys.sk.slice('REG#'.length),
    status: to,
    promotedAt,
    ...(typeof n.startsAt === 'string' ? { startsAt: n.startsAt } : {}),
    ...(typeof n.amountDue === 'number' ? { amountDue: n.amountDue } : {}),
    ...(typeof n.holdExpiresAt === 'string' ? { holdExpiresAt: n.holdExpiresAt } : {}),
  };
}

/** A promotion as the stream shows it: with what the registration says about the seat (start, amount, pay-by). */
export interface PromotionSeen extends Promotion {
  startsAt?: string;
  amountDue?: number;
  holdExpiresAt?: string;
}

export type NoticeOutcome = 'sent' | 'failed' | 'already' | 'no_grant' | 'gone' | 'stale';

/**
 * Tells the promoted client, once, with one of their grants. Transactional, not marketing: the client asked for
 * this seat, so it needs no marketing consent and the crisis pause does not hold it back; an erased account gets
 * nothing. A failed claim (DynamoDB) throws, so the stream retries; a failed send is recorded, never retried.
 */
export async function notifyPromotion(p: PromotionSeen, now = new Date()): Promise<NoticeOutcome> {
  const templateId = waitlistTemplateId();
  if (!templateId) return 'no_grant';
  const claim = await claimWaitlistNotice(p, templateId, now);
  if (claim !== 'claimed') return claim;
  try {
    const [g, client] = await Promise.all([getGathering(p.gatheringId), getUser(p.userId)]);
    await wechat().sendSubscribeMessage({
      openid: client?.deviceId ?? '',
      templateId,
      page: `pages/gathering/detail?id=${p.gatheringId}`,
      data: waitlistNoticeData(
        { title: g?.title ?? '活动', startsAt: g?.startsAt ?? p.startsAt ?? now.toISOString(), status: p.status, amountDue: p.amountDue, holdExpiresAt: p.holdExpiresAt },
        now,
      ),
    });
    return 'sent';
  } catch (err) {
    await markWaitlistNoticeFailed(p, err instanceof WechatError ? { errcode: err.errcode, message: err.message } : { message: (err as Error).message }, now);
    logger.warn('waitlist promotion notice not sent', { gatheringId: p.gatheringId, error: err as Error });
    return 'failed';
  }
}

/** The stream consumer's step (functions/referral/stream.ts): a promotion in this change → its message. */
export async function notifyPromotionIn(c: ChangeRecord, now = new Date()): Promise<void> {
  const p = promotionIn(c);
  if (p) await notifyPromotion(p, now);
}
