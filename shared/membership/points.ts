import * as z from 'zod/mini';
import { COURSE_ID } from '../course/schema';

/**
 * Points: earned for non-clinical engagement only (an attended gathering, a finished course, a friend's
 * qualification), never for disclosing anything or for self-test content. Each earn rule has a budget.
 * Spent on gathering seats, course access or a consult voucher. Points expire 12 months after they are earned.
 */
export const EARN_CAUSES = ['gathering_attended', 'course_finished', 'referral_qualified'] as const;
export type EarnCause = (typeof EARN_CAUSES)[number];
export const EARN_CAUSE_NAMES: Record<EarnCause, string> = {
  gathering_attended: '参加活动',
  course_finished: '完成课程',
  referral_qualified: '好友加入',
};

export const REWARD_KINDS = ['consult_voucher', 'gathering_seat', 'course_access'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const EXPIRY_MONTHS = 12;

export const EarnRuleSchema = z.object({
  cause: z.enum(EARN_CAUSES),
  points: z.number().check(z.int(), z.gte(1), z.lte(10_000)),
  /** Most points this rule may ever issue in total. */
  budget: z.number().check(z.int(), z.gte(0), z.lte(100_000_000)),
});
export type EarnRule = z.infer<typeof EarnRuleSchema>;

export const RewardSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,24}$/, 'lowercase letters, digits or -')),
  kind: z.enum(REWARD_KINDS),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(30)),
  points: z.number().check(z.int(), z.gte(1), z.lte(100_000)),
  /** consult_voucher: its value in yuan, days valid, and the most vouchers / yuan points may ever turn into. */
  value: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10_000))),
  validDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(365))),
  maxVouchers: z.optional(z.number().check(z.int(), z.gte(0))),
  maxValue: z.optional(z.number().check(z.int(), z.gte(0))),
  /** gathering_seat: which gathering; course_access: which course (its id; `course` is its title, shown). */
  gatheringId: z.optional(z.string().check(z.maxLength(26))),
  courseId: z.optional(z.string().check(z.regex(COURSE_ID, 'not a course id'))),
  /** Settings stored before course ids named the course by its title here; still accepted. */
  course: z.optional(z.string().check(z.trim(), z.maxLength(40))),
});
export type Reward = z.infer<typeof RewardSchema>;

export const PointsSettingsSchema = z
  .object({ earn: z.array(EarnRuleSchema).check(z.maxLength(EARN_CAUSES.length)), rewards: z.array(RewardSchema).check(z.maxLength(20)) })
  .check(
    z.refine((s) => new Set(s.earn.map((r) => r.cause)).size === s.earn.length, { message: 'one rule per cause', path: ['earn'] }),
    z.refine((s) => new Set(s.rewards.map((r) => r.id)).size === s.rewards.length, { message: 'ids must be unique', path: ['rewards'] }),
    z.refine((s) => s.rewards.every((r) => r.kind !== 'consult_voucher' || (r.value && r.validDays)), {
      message: 'a consult voucher needs its value and validDays',
      path: ['rewards'],
    }),
    z.refine((s) => s.rewards.every((r) => r.kind !== 'gathering_seat' || r.gatheringId), { message: 'a seat names its gathering', path: ['rewards'] }),
    z.refine((s) => s.rewards.every((r) => r.kind !== 'course_access' || r.courseId || r.course), { message: 'course access names its courseId', path: ['rewards'] }),
  );
export type PointsSettings = z.infer<typeof PointsSettingsSchema>;

export const DEFAULT_POINTS_SETTINGS: PointsSettings = {
  earn: [
    { cause: 'gathering_attended', points: 20, budget: 100_000 },
    { cause: 'course_finished', points: 30, budget: 100_000 },
    { cause: 'referral_qualified', points: 50, budget: 100_000 },
  ],
  rewards: [
    { id: 'voucher-50', kind: 'consult_voucher', name: '50 元咨询抵用券', points: 100, value: 50, validDays: 90, maxVouchers: 500, maxValue: 25_000 },
    { id: 'course-basic', kind: 'course_access', name: '《情绪自助基础课》', points: 60, courseId: 'emotion-basics', course: '情绪自助基础课' },
  ],
};

export const RedeemBodySchema = z.object({ rewardId: z.string().check(z.regex(/^[a-z0-9-]{1,24}$/, 'not a reward id')) });
export const AdjustBodySchema = z.object({
  userId: z.string().check(z.regex(/^[0-9A-Z]{26}$/, 'not a user id')),
  points: z.number().check(z.int(), z.gte(-100_000), z.lte(100_000), z.refine((n) => n !== 0, 'must not be 0')),
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
});

/** When points earned at `earnedAt` expire: 12 months later. */
export function expiryOf(earnedAt: string): string {
  const d = new Date(earnedAt);
  d.setUTCMonth(d.getUTCMonth() + EXPIRY_MONTHS);
  return d.toISOString();
}

export interface Lot {
  /** Ledger cause of the earn (its key). */
  cause: string;
  points: number;
  earnedAt: string;
  expiresAt: string;
}

/**
 * First in, first out: what is spent or expired comes out of the oldest lots. Given every earn lot and the
 * points already used (spent + expired + negative adjustments), what is left in each lot.
 */
export function remainingLots(lots: Lot[], used: number): (Lot & { remaining: number })[] {
  let toCover = used;
  return [...lots]
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.cause.localeCompare(b.cause))
    .map((lot) => {
      const taken = Math.min(lot.points, Math.max(0, toCover));
      toCover -= taken;
      return { ...lot, remaining: lot.points - taken };
    });
}

/** Lots whose points are past their expiry and not yet used: these expire now. */
export function dueExpiries(lots: Lot[], used: number, now: Date): { cause: string; points: number }[] {
  return remainingLots(lots, used)
    .filter((l) => l.remaining > 0 && Date.parse(l.expiresAt) <= now.getTime())
    .map((l) => ({ cause: l.cause, points: l.remaining }));
}

/** The next moment some remaining points expire, if any. */
export function nextExpiry(lots: Lot[], used: number, now: Date): string | undefined {
  return remainingLots(lots, used).find((l) => l.remaining > 0 && Date.parse(l.expiresAt) > now.getTime())?.expiresAt;
}
