import * as z from 'zod/mini';
import { COURSE_ID } from '../course/schema';
import { EARN_CAUSES, REWARD_KINDS, type RewardKind } from './ledger';

// Causes, reward kinds and the expiry arithmetic live in ./ledger and the defaults in ./defaults, without zod, so
// the bundles that only earn or spend points need not carry these schemas.
export { EARN_CAUSE_NAMES, EARN_CAUSES, EXPIRY_MONTHS, REWARD_KINDS, dueExpiries, expiryOf, nextExpiry, remainingLots, type EarnCause, type Lot, type RewardKind } from './ledger';
export { DEFAULT_POINTS_SETTINGS } from './defaults';

/**
 * Points: earned for non-clinical engagement only (an attended gathering, a finished course, a friend's
 * qualification), never for disclosing anything or for self-test content. Each earn rule has a budget.
 * Spent on gathering seats, course access or a consult voucher. Points expire 12 months after they are earned.
 */
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

/**
 * What is wrong with one reward, as [field, message]: a consult voucher needs its value, days valid and a budget
 * (most vouchers, most yuan) that can hold at least one voucher; a seat names its gathering; course access names its course.
 */
export function rewardProblems(r: Reward): [keyof Reward, string][] {
  const out: [keyof Reward, string][] = [];
  if (r.kind === 'consult_voucher') {
    if (!r.value) out.push(['value', 'a consult voucher needs its value (yuan)']);
    if (!r.validDays) out.push(['validDays', 'a consult voucher needs the days it is valid']);
    // Its budget: points turn into vouchers only up to these (issue 12: "inside its budget").
    if (r.maxVouchers === undefined) out.push(['maxVouchers', 'a consult voucher needs a budget: the most vouchers']);
    if (r.maxValue === undefined) out.push(['maxValue', 'a consult voucher needs a budget: the most yuan']);
    else if (r.value && r.maxValue < r.value) out.push(['maxValue', 'the budget must hold at least one voucher']);
  }
  if (r.kind === 'gathering_seat' && !r.gatheringId) out.push(['gatheringId', 'a seat names its gathering']);
  if (r.kind === 'course_access' && !r.courseId && !r.course) out.push(['courseId', 'course access names its courseId']);
  return out;
}

export const PointsSettingsSchema = z
  .object({ earn: z.array(EarnRuleSchema).check(z.maxLength(EARN_CAUSES.length)), rewards: z.array(RewardSchema).check(z.maxLength(20)) })
  .check(
    z.refine((s) => new Set(s.earn.map((r) => r.cause)).size === s.earn.length, { message: 'one rule per cause', path: ['earn'] }),
    // Each problem names the reward's own field (`rewards.2.value`), so the desk can point at it.
    z.superRefine((s, ctx) => {
      const seen = new Set<string>();
      s.rewards.forEach((r, i) => {
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', message: 'ids must be unique', path: ['rewards', i, 'id'], input: r.id });
        seen.add(r.id);
        for (const [field, message] of rewardProblems(r)) ctx.addIssue({ code: 'custom', message, path: ['rewards', i, field], input: r[field] });
      });
    }),
  );
export type PointsSettings = z.infer<typeof PointsSettingsSchema>;

const ID_PREFIX: Record<RewardKind, string> = { consult_voucher: 'voucher', gathering_seat: 'seat', course_access: 'course' };

/**
 * A new reward's id (the marketer never types one): the kind, the time and a little randomness, e.g.
 * `seat-mj3k2a1b-x7q2` (≤ 24 characters). Never an id used before, even of a removed reward: a voucher reward's
 * budget counter and clients' ledger entries are keyed by it.
 */
export function newRewardId(kind: RewardKind, taken: Iterable<string>, now = Date.now(), random = Math.random): string {
  const used = new Set(taken);
  const space = 36 ** 4;
  for (let attempt = 0; ; attempt++) {
    const tail = (Math.floor(random() * space) + attempt) % space;
    const id = `${ID_PREFIX[kind]}-${now.toString(36)}-${tail.toString(36).padStart(4, '0')}`;
    if (!used.has(id)) return id;
  }
}

/** Only the fields of the reward's kind (a seat keeps no voucher value that 我的积分 would show). */
export function tidyReward(r: Reward): Reward {
  const base = { id: r.id, kind: r.kind, name: r.name, points: r.points };
  if (r.kind === 'consult_voucher') return { ...base, value: r.value, validDays: r.validDays, ...(r.maxVouchers !== undefined ? { maxVouchers: r.maxVouchers } : {}), ...(r.maxValue !== undefined ? { maxValue: r.maxValue } : {}) };
  if (r.kind === 'gathering_seat') return { ...base, gatheringId: r.gatheringId };
  return { ...base, ...(r.courseId ? { courseId: r.courseId } : {}), ...(r.course ? { course: r.course } : {}) };
}

export const RedeemBodySchema = z.object({ rewardId: z.string().check(z.regex(/^[a-z0-9-]{1,24}$/, 'not a reward id')) });
export const AdjustBodySchema = z.object({
  userId: z.string().check(z.regex(/^[0-9A-Z]{26}$/, 'not a user id')),
  points: z.number().check(z.int(), z.gte(-100_000), z.lte(100_000), z.refine((n) => n !== 0, 'must not be 0')),
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
});
