import { isOffersPaused } from '../../shared/care/crisis-pause';
import type { Reward } from '../../shared/membership/points';
import { getGathering, takeSeat } from '../db/gathering';
import { getBalance, spendItems } from '../db/points';
import { getUser } from '../db/users';
import { conflict } from '../http/errors';
import { pausedRefusal, spendRefusal } from '../membership/earn';
import type { RedeemAnswer } from '../membership/service';

// Seat redemption lives apart from gathering/service so that membership (which redeems points for seats) imports
// only this, statically, and not the gathering routes' service with its heavier imports.

/** Points → a seat at a gathering: the spend and the seat in ONE transaction (no seat, nothing spent). */
export async function redeemSeat(userId: string, reward: Reward, now: Date): Promise<RedeemAnswer> {
  const g = await getGathering(reward.gatheringId!);
  const user = await getUser(userId);
  if (!g || g.status !== 'published' || !user) throw conflict('reward_unavailable', '这场活动暂不开放。');
  if (isOffersPaused(user.crisisPauseUntil)) throw pausedRefusal();
  const cause = `spend:seat:${g.id}`;
  // A paid seat bought with points costs the practice its price.
  const spend = spendItems(userId, { cause, points: reward.points, label: reward.name, now, value: g.price });
  const seat = await takeSeat({ gatheringId: g.id, userId, userName: user.name, registeredAt: now.toISOString(), startsAt: g.startsAt, viaPoints: true }, spend);
  if (!seat.ok) {
    if (seat.reason === 'existing') throw conflict('already_registered', '你已经报名了这场活动。');
    if (seat.reason === 'full') throw conflict('reward_unavailable', '这场活动的名额已满。');
    if (seat.reason === 'effect') {
      const b = await getBalance(userId, true);
      spendRefusal({ ok: false, reason: b.balance < reward.points ? 'insufficient' : 'expiry_due' }, reward);
    }
    throw conflict('reward_unavailable', '这场活动暂不开放。');
  }
  return { rewardId: reward.id, kind: reward.kind, points: reward.points, gatheringId: g.id };
}
