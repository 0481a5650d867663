import { ulid } from 'ulidx';
import { describeBenefit } from '../../shared/membership/benefit-rules';
import { LEVEL_HINTS, LEVEL_NAMES, LEVELS, levelRank } from '../../shared/membership/levels';
import { remainingLots } from '../../shared/membership/ledger';
import type { Reward } from '../../shared/membership/points';
import { courseEntitlement } from '../../shared/course/progress';
import { expiresAtFor } from '../../shared/voucher/lifecycle';
import { table } from '../db/client';
import { entitlementPut, getPointsSettings, listEntitlements, notPausedCheck } from '../db/membership';
import { expireDuePoints, getBalance, listLedger, lotsOf, spendPoints, type SpendOutcome } from '../db/points';
import { getConsents } from '../db/consent';
import { lastCheckinReminderAt } from '../db/checkin-reminders';
import { getGrantCount } from '../db/reminders';
import { checkinTemplateId } from './checkin-template';
import { getGathering } from '../db/gathering';
import { redeemSeat } from '../gathering/seat-redemption';
import { getUser, listUsersByRole } from '../db/users';
import { issueVoucherItem } from '../db/voucher';
import { conflict, HttpError, notFound } from '../http/errors';
import { pausedRefusal, spendRefusal } from './earn';
import { refreshLevel } from './level';
import { benefitsOf } from './windows';

/**
 * Membership for the client and the marketer: 我的权益, points, redemptions. The parts other Lambdas call live
 * in small modules of their own (windows: early windows; level; earn), re-exported here.
 */
export { benefitsOf, gatheringEarlyRefusal, themeDayEarlyRefusal } from './windows';
export { refreshLevel, refreshLevelQuietly } from './level';
export { earnForQuietly, pausedRefusal, spendRefusal } from './earn';

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
    benefits: rules.map((b) => ({ id: b.id, kind: b.kind, ...describeBenefit(b, b.counselorId ? counselors.get(b.counselorId) : undefined), ...(b.courseId ? { courseId: b.courseId } : {}) })),
    points: { balance: points.balance, expiring: points.expiring },
    // While offers are paused (after a crisis result) nothing is offered: no rewards to redeem.
    rewards: paused ? [] : await offeredRewards(pointsSettings.rewards, now),
    entitlements: await listEntitlements(userId),
    offersPaused: paused,
    checkinReminder: rules.some((r) => r.kind === 'checkin_reminder') ? await checkinReminderState(userId) : null,
  };
}

/**
 * What 我的权益 shows next to the quarterly check-in reminder: the template to ask a grant for (null when the
 * stage has none), how many one-time grants are left (one grant = one reminder), the `checkins` consent and
 * when the last reminder went out.
 */
async function checkinReminderState(userId: string) {
  const templateId = checkinTemplateId() || null;
  const [consents, grants, lastSentAt] = await Promise.all([getConsents(userId), templateId ? getGrantCount(userId, templateId) : 0, lastCheckinReminderAt(userId)]);
  return { templateId, grants, consent: consents?.checkins ?? { granted: false }, lastSentAt: lastSentAt ?? null };
}

async function counselorNames(): Promise<Map<string, string>> {
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
  ...(r.courseId ? { courseId: r.courseId } : {}),
});

/**
 * What a client may redeem now: a seat only while its gathering is published and not over, with its start so the
 * card can say when (a marketer's reward for a past talk stays in the settings but is no longer offered).
 */
async function offeredRewards(rewards: Reward[], now: Date) {
  const gatherings = await Promise.all(rewards.map((r) => (r.kind === 'gathering_seat' && r.gatheringId ? getGathering(r.gatheringId) : undefined)));
  return rewards.flatMap((r, i) => {
    if (r.kind !== 'gathering_seat') return [presentReward(r)];
    const g = gatherings[i];
    if (!g || g.status !== 'published' || Date.parse(g.endsAt) <= now.getTime()) return [];
    return [{ ...presentReward(r), startsAt: g.startsAt }];
  });
}

export type RedeemAnswer = { rewardId: string; kind: Reward['kind']; points: number; voucherId?: string; gatheringId?: string; course?: string; courseId?: string };

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
    // Keyed by the course's id (settings stored before course ids name it by title: kept as they were).
    const course = reward.courseId ?? reward.course ?? reward.id;
    cause = `spend:course:${course}`;
    effect = [notPausedCheck(userId, now), entitlementPut(userId, courseEntitlement(course), { at: now.toISOString(), rewardId: reward.id, title: reward.course ?? reward.name })];
  } else {
    return redeemSeat(userId, reward, now);
  }
  const outcome = await spendWithExpiry({ userId, cause, points: reward.points, label: reward.name, effect, now, ...(reward.kind === 'consult_voucher' ? { value: reward.value } : {}) });
  if (!outcome.ok) {
    if (outcome.reason === 'effect' && outcome.effectIndex === 0) throw pausedRefusal();
    if (outcome.reason === 'duplicate') {
      if (reward.kind === 'course_access') throw conflict('already_redeemed', '你已经兑换过这门课程。');
    } else spendRefusal(outcome, reward);
  }
  return { rewardId: reward.id, kind: reward.kind, points: reward.points, ...(voucherId ? { voucherId } : {}), ...(reward.course ? { course: reward.course } : {}), ...(reward.courseId ? { courseId: reward.courseId } : {}) };
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
 * Consent for the quarterly check-in reminder (an invitation to a self-test): the care capability's consent per
 * purpose, `checkins` — not marketing consent, and withdrawn the moment the client says so.
 */
export async function hasCheckinReminderConsent(userId: string): Promise<boolean> {
  return Boolean((await getConsents(userId))?.checkins.granted);
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

