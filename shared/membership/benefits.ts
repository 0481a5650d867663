import * as z from 'zod/mini';
import { COURSE_ID } from '../course/schema';
import { TIERS } from '../analytics/tiers';
import { LEVELS } from './levels';
import { BENEFIT_KINDS } from './benefit-rules';

// The rules' arithmetic and wording live in ./benefit-rules and the defaults in ./defaults, without zod, so the
// booking and gathering bundles that enforce the windows need not carry these schemas.
export { BENEFIT_KINDS, benefitsFor, describeBenefit, earlyHours, windowRefusal, type BenefitKind } from './benefit-rules';
export { DEFAULT_MEMBERSHIP_SETTINGS } from './defaults';

/**
 * Member benefits are rules a marketer sets per client tier (internal) and per level (visible). A client sees
 * what they get and when it applies, never their tier. The booking and gathering routes enforce the windows.
 */
export const BenefitRuleSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,24}$/, 'lowercase letters, digits or -')),
  kind: z.enum(BENEFIT_KINDS),
  levels: z._default(z.array(z.enum(LEVELS)), []),
  tiers: z._default(z.array(z.enum(TIERS)), []),
  /** early_themeday / early_gathering: how many hours before everyone else. */
  hours: z.optional(z.number().check(z.int(), z.gte(1), z.lte(24 * 14))),
  /** recommended_counselor: who; course_access: which course (its id; `course` is its title, shown). */
  counselorId: z.optional(z.string().check(z.maxLength(40))),
  courseId: z.optional(z.string().check(z.regex(COURSE_ID, 'not a course id'))),
  /** Settings stored before course ids named the course by its title here; still accepted. */
  course: z.optional(z.string().check(z.trim(), z.maxLength(40))),
});
export type BenefitRule = z.infer<typeof BenefitRuleSchema>;

export const MembershipSettingsSchema = z
  .object({
    /** Free theme-day slots open to everyone this many days before the day (null: as soon as published). */
    themeDayOpensDaysBefore: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(60))),
    benefits: z.array(BenefitRuleSchema).check(z.maxLength(30)),
  })
  .check(
    z.refine((s) => new Set(s.benefits.map((b) => b.id)).size === s.benefits.length, { message: 'ids must be unique', path: ['benefits'] }),
    z.refine((s) => s.benefits.every((b) => !b.kind.startsWith('early_') || b.hours), { message: 'an early window needs its hours', path: ['benefits'] }),
    z.refine((s) => s.benefits.every((b) => b.kind !== 'course_access' || b.courseId || b.course), { message: 'course access names its courseId', path: ['benefits'] }),
  );
export type MembershipSettings = z.infer<typeof MembershipSettingsSchema>;
