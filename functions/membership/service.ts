import { ulid } from 'ulidx';
import { isOffersPaused } from '../../shared/care/crisis-pause';
import { benefitsFor, describeBenefit, earlyHours, windowRefusal, type BenefitRule } from '../../shared/membership/benefits';
import { LEVEL_HINTS, LEVEL_NAMES, LEVELS, levelFor, levelRank, type Level } from '../../shared/membership/levels';
import { EARN_CAUSE_NAMES, remainingLots, type EarnCause, type Reward } from '../../shared/membership/points';
import { shanghaiDate } from '../../shared/booking/slots';
import { expiresAtFor } from '../../shared/voucher/lifecycle';
import { listClientBookings } from '../db/booking';
import { listMyRegistrations, type GatheringRecord } from '../db/gathering';
import { entitlementPut, notPausedCheck, getMembershipSettings, getPointsSettings, levelAndTier, listEntitlements, membershipStatsAdd, setLevel } from '../db/membership';
import { earnPoints, expireDuePoints, getBalance, listLedger, lotsOf, spendPoints, type SpendOutcome } from '../db/points';
import { getUser, type UserRecord } from '../db/users';
import { issueVoucherItem } from '../db/voucher';
import { conflict, HttpError, notFound } from '../http/errors';
import { logger } from '../http/logger';
import { table } from '../db/client';

/** The relationship so far, read from attended consults and gatherings; the level follows it. */
export async function refreshLevel(userId: string, now: Date = new Date()): Promise<Level> {
  const [user, bookings, regs] = await Promise.all([getUser(userId), listClientBookings(userId), listMyRegistrations(userId)]);
  if (!user || user.role !== 'client') return 'chushi';
  const attended = bookings.filter((b) => b.status === 'attended').sort((a, b) => a.start.localeCompare(b.start));
  const level = levelFor({ firstAttendedAt: attended[0]?.start, sessions: attended.length, gatherings: regs.filter((r) => r.status === 'attended').length }, now);
  const current = currentLevel(user);
  // Levels never go down: a relationship that was reached is not taken away.
  if (levelRank(level) > levelRank(current)) {
    await setLevel(userId, current, level);
    return level;
  }
  return current;
}

const currentLevel = (u: UserRecord & { level?: string }): Level => ((LEVELS as readonly string[]).includes(u.level ?? '') ? (u.level as Level) : 'chushi');

/** Hooks call this: a membership failure never fails the attendance that triggered it. */
export async function refreshLevelQuietly(userId: string): Promise<void> {
  try {
    await refreshLevel(userId);
  } catch (err) {
    logger.error('membership level refresh failed', { userId, error: err as Error });
  }
}

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

/** The benefits that apply to this client (their level, or their internal tier — which is never shown). */
export async function benefitsOf(userId: string): Promise<{ level: Level; rules: BenefitRule[]; paused: boolean; name?: string }> {
  const [{ level, tier, name, crisisPauseUntil }, settings] = await Promise.all([levelAndTier(userId), getMembershipSettings()]);
  return { level, rules: benefitsFor(settings, level, tier), paused: isOffersPaused(crisisPauseUntil), name };
}

const EXPIRING_SOON_DAYS = 60;

export async function pointsSummary(userId: string, now: Date) {
  const balance = await getBalance(userId, true);
  if (balance.nextExpiry && Date.parse(balance.nextExpiry) <= now.getTime()) await expireDuePoints(userId, now);
  const [fresh, entries] = await Promise.all([getBalance(userId, true), listLedger(userId, true)]);
  const lots = remainingLots(lotsOf(entries), fresh.used).filter((l) => l.remaining > 0);
  const soon = now.getTime() + EXPIRING_SOON_DAYS * 86_400_000;
  // Shown in advance: every lot still holding points, with its date; `soon` marks the next 60 days.
  const expiring = lots.map((l) => ({ points: l.remaining, at: l.expiresAt, soon: Date.parse(l.expiresAt) <= soon }));
  return { balance: fresh.balance, expiring, entries: entries.sort((a, b) => b.at.localeCompare(a.at)) };
}

export async function membershipOf(userId: string, now: Date) {
  await refreshLevel(userId, now);
  const [{ level, rules, paused }, points, pointsSettings, counselors] = await Promise.all([
    benefitsOf(userId),
    pointsSummary(userId, now),
    getPointsSettings(),
    counselorNames(),
  ]);
  const next = LEVELS[levelRank(level) + 1];
  return {
    level,
    levelName: LEVEL_NAMES[level],
    levelHint: LEVEL_HINTS[level],
    next: next ? { level: next, name: LEVEL_NAMES[next], hint: LEVEL_HINTS[next] } : null,
    benefits: rules.map((b) => ({ id: b.id, kind: b.kind, ...describeBenefit(b, b.counselorId ? counselors.get(b.counselorId) : undefined) })),
    points: { balance: points.balance, expiring: points.expiring },
    // While offers are paused (after a crisis result) nothing is offered: no rewards to redeem.
    rewards: paused ? [] : pointsSettings.rewards.map(presentReward),
    entitlements: await listEntitlements(userId),
    offersPaused: paused,
  };
}

async function counselorNames(): Promise<Map<string, string>> {
  const { listUsersByRole } = await import('../db/users');
  return new Map((await listUsersByRole('counselor')).map((u) => [u.id, u.name]));
}

export const presentReward = (r: Reward) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  points: r.points,
  ...(r.value ? { value: r.value, validDays: r.validDays } : {}),
  ...(r.gatheringId ? { gatheringId: r.gatheringId } : {}),
  ...(r.course ? { course: r.course } : {}),
});

export type RedeemAnswer = { rewardId: string; kind: Reward['kind']; points: number; voucherId?: string; gatheringId?: string; course?: string };

/**
 * Points → a consult voucher (issued through the voucher capability, inside the reward's budget), course
 * access, or a gathering seat: the spend and what it buys are ONE transaction.
 */
export async function redeem(userId: string, rewardId: string, requestKey: string | undefined, now: Date): Promise<RedeemAnswer> {
  // ONE request in the usual case: settings are cached, and the pause is a condition inside the spend's transaction.
  const settings = await getPointsSettings();
  const reward = settings.rewards.find((r) => r.id === rewardId);
  if (!reward) throw new HttpError(404, 'not_found', 'rewardId: no such reward', 'rewardId');
  const key = requestKey ?? ulid();
  let cause: string;
  let effect: Parameters<typeof spendPoints>[0]['effect'];
  let voucherId: string | undefined;
  if (reward.kind === 'consult_voucher') {
    voucherId = `pts-${userId}-${key}`.slice(0, 64);
    cause = `spend:voucher:${voucherId}`;
    effect = [
      notPausedCheck(userId, now),
      issueVoucherItem({ id: voucherId, ownerId: userId, status: 'issued', value: reward.value!, expiresAt: expiresAtFor(now, reward.validDays!), campaignId: 'points', reason: 'points_redemption', createdAt: now.toISOString() }),
      rewardBudgetItem(reward),
    ];
  } else if (reward.kind === 'course_access') {
    cause = `spend:course:${reward.course ?? reward.id}`;
    effect = [notPausedCheck(userId, now), entitlementPut(userId, `course#${reward.course ?? reward.id}`, { at: now.toISOString(), rewardId: reward.id })];
  } else {
    const { redeemSeat } = await import('../gathering/service');
    return redeemSeat(userId, reward, now);
  }
  const outcome = await spendWithExpiry({ userId, cause, points: reward.points, label: reward.name, effect, now });
  if (!outcome.ok) {
    if (outcome.reason === 'effect' && outcome.effectIndex === 0) throw pausedRefusal();
    if (outcome.reason === 'duplicate') {
      if (reward.kind === 'course_access') throw conflict('already_redeemed', '你已经兑换过这门课程。');
    } else spendRefusal(outcome, reward);
  }
  return { rewardId: reward.id, kind: reward.kind, points: reward.points, ...(voucherId ? { voucherId } : {}), ...(reward.course ? { course: reward.course } : {}) };
}

export const pausedRefusal = () => conflict('offers_paused', '暂时不提供兑换。你的积分都在，之后随时可以使用。');

export function spendRefusal(outcome: Exclude<SpendOutcome, { ok: true }>, reward: Reward): never {
  if (outcome.reason === 'insufficient') throw conflict('insufficient_points', `需要 ${reward.points} 积分，当前积分不足。`);
  if (outcome.reason === 'effect') throw conflict('reward_unavailable', '这项兑换的名额已经用完了。');
  throw conflict('points_busy', '积分正在更新，请稍后再试。');
}

/** A spend that meets points just past their 12 months writes them off first, then tries once more. */
export async function spendWithExpiry(req: Parameters<typeof spendPoints>[0]): Promise<SpendOutcome> {
  const first = await spendPoints(req);
  if (first.ok || first.reason !== 'expiry_due') return first;
  await expireDuePoints(req.userId, req.now);
  return spendPoints(req);
}

function rewardBudgetItem(r: Reward) {
  return {
    Update: {
      TableName: table(),
      Key: { pk: `POINTSREWARD#${r.id}`, sk: 'BUDGET' },
      UpdateExpression: 'ADD vouchers :one, #v :value',
      ConditionExpression: '(attribute_not_exists(vouchers) OR vouchers < :maxN) AND (attribute_not_exists(#v) OR #v <= :maxV)',
      ExpressionAttributeNames: { '#v': 'value' },
      ExpressionAttributeValues: { ':one': 1, ':value': r.value!, ':maxN': r.maxVouchers ?? Number.MAX_SAFE_INTEGER, ':maxV': (r.maxValue ?? Number.MAX_SAFE_INTEGER) - r.value! },
    },
  };
}

/**
 * The early windows. Theme-day free slots open to everyone `themeDayOpensDaysBefore` days before the day
 * (Shanghai midnight); members with the `early_themeday` benefit that many hours earlier. Zero reads unless the
 * request falls inside an early window (settings are cached in a warm Lambda).
 */
export async function themeDayEarlyRefusal(userId: string, slotStart: string, now: Date): Promise<HttpError | undefined> {
  const settings = await getMembershipSettings();
  if (!settings.themeDayOpensDaysBefore) return undefined;
  // Shanghai has no daylight saving: midnight there is always 16:00 UTC the day before.
  const dayStart = new Date(`${shanghaiDate(slotStart)}T00:00:00+08:00`);
  const generalOpen = new Date(dayStart.getTime() - settings.themeDayOpensDaysBefore * 86_400_000);
  if (now >= generalOpen) return undefined;
  const { rules } = await benefitsOf(userId);
  const hours = earlyHours(rules, 'early_themeday');
  const refusal = windowRefusal(generalOpen, hours, now);
  if (!refusal) return undefined;
  return conflict(
    'booking_not_open',
    hours > 0
      ? `你享有提前 ${hours} 小时预约的权益，这一天将于 ${fmt(refusal.opensAt)}（北京时间）向你开放预约。`
      : `这一天的预约将于 ${fmt(refusal.opensAt)}（北京时间）开放。`,
    { opensAt: refusal.opensAt, benefit: hours > 0 ? 'early_themeday' : null },
  );
}

/** After a theme-day booking made inside the early window: count the benefit as used (aggregate only). */
export async function countEarlyUse(kind: 'early_themeday' | 'early_gathering'): Promise<void> {
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db } = await import('../db/client');
  await db().send(new TransactWriteCommand({ TransactItems: [membershipStatsAdd(`used|${kind}`)] }));
}

/** Gatherings: everyone from `registrationOpensAt` (or publishing); listed levels / tiers or the benefit earlier. */
export async function gatheringEarlyRefusal(g: GatheringRecord, userId: string, now: Date): Promise<{ refusal?: HttpError; early: boolean }> {
  const generalOpen = new Date(g.registrationOpensAt ?? g.publishedAt ?? g.createdAt);
  if (now >= generalOpen) return { early: false };
  const [{ level, tier }, settings] = await Promise.all([levelAndTier(userId), getMembershipSettings()]);
  const listed = g.earlyLevels.includes(level) || (tier !== undefined && g.earlyTiers.includes(tier)) ? g.earlyHours : 0;
  const hours = Math.max(listed, earlyHours(benefitsFor(settings, level, tier), 'early_gathering'));
  const refusal = windowRefusal(generalOpen, hours, now);
  if (!refusal) return { early: true };
  return {
    early: false,
    refusal: conflict(
      'registration_not_open',
      hours > 0 ? `你享有提前 ${hours} 小时报名的权益，报名将于 ${fmt(refusal.opensAt)}（北京时间）向你开放。` : `报名将于 ${fmt(refusal.opensAt)}（北京时间）开放。`,
      { opensAt: refusal.opensAt, benefit: hours > 0 ? 'early_gathering' : null },
    ),
  };
}

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * Consent for the quarterly check-in reminder (an invitation to a self-test). For now it reads the profile's
 * `marketingOptIn`; at merge it should read the care capability's consent store (purpose `checkins`).
 */
export async function hasCheckinReminderConsent(userId: string): Promise<boolean> {
  return Boolean((await getUser(userId))?.marketingOptIn);
}

/** Who gets the quarterly check-in reminder now: the benefit, the consent, and no crisis pause. */
export async function checkinReminderDue(userId: string): Promise<boolean> {
  const { rules, paused } = await benefitsOf(userId);
  if (paused || !rules.some((r) => r.kind === 'checkin_reminder')) return false;
  return hasCheckinReminderConsent(userId);
}

export async function assertClient(userId: string): Promise<void> {
  const u = await getUser(userId);
  if (!u || u.role !== 'client') throw notFound('client');
}

