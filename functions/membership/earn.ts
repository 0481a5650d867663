import { EARN_CAUSE_NAMES, type EarnCause } from '../../shared/membership/ledger';
import type { Reward } from '../../shared/membership/points';
import { getPointsSettings } from '../db/membership';
import { earnPoints, type SpendOutcome } from '../db/points';
import { conflict } from '../http/errors';
import { logger } from '../http/logger';

// Earning and the refusals of a spend, apart from the rest of membership: the gathering Lambda needs only these.
/**
 * Points for non-clinical engagement, once per cause (`sourceId` names the gathering / course / friend).
 * Earning goes on during a crisis pause: it is not an offer, and nobody loses anything for being unwell.
 */
export async function earnForQuietly(userId: string, cause: EarnCause, sourceId: string): Promise<void> {
  try {
    const rule = (await getPointsSettings()).earn.find((r) => r.cause === cause);
    if (!rule) return;
    const outcome = await earnPoints({ userId, cause: `earn:${cause}:${sourceId}`, ruleCause: cause, points: rule.points, budget: rule.budget, label: EARN_CAUSE_NAMES[cause], now: new Date() });
    if (outcome === 'budget') logger.info('points budget used up', { cause });
  } catch (err) {
    logger.error('points earn failed', { userId, cause, sourceId, error: err as Error });
  }
}

export const pausedRefusal = () => conflict('offers_paused', '暂时不提供兑换。你的积分都在，之后随时可以使用。');

export function spendRefusal(outcome: Exclude<SpendOutcome, { ok: true }>, reward: Reward): never {
  if (outcome.reason === 'insufficient') throw conflict('insufficient_points', `需要 ${reward.points} 积分，当前积分不足。`);
  if (outcome.reason === 'effect') throw conflict('reward_unavailable', '这项兑换的名额已经用完了。');
  throw conflict('points_busy', '积分正在更新，请稍后再试。');
}

