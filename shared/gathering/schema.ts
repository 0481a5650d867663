import * as z from 'zod/mini';
import { BlockSchema } from '../campaign/blocks';
import { LEVELS } from '../membership/levels';
import { TIERS } from '../analytics/tiers';
import { CHECKIN_CODE } from './codes';

export { CHECKIN_ALPHABET, CHECKIN_CODE, checkinQrText, randomCheckinCode } from './codes';

/**
 * Gatherings: the practice's talks, workshops, salons and knowledge quizzes (routes `/gatherings`, because
 * `POST /events` records analytics events). Times are UTC ISO; the mini-program shows them in Beijing time.
 * A gathering with a `price` is paid through WeChat Pay (a seat is held while the client pays); price 0 is free.
 */
export const GATHERING_KINDS = ['talk', 'workshop', 'salon', 'quiz'] as const;
export type GatheringKind = (typeof GATHERING_KINDS)[number];
export const GATHERING_KIND_NAMES: Record<GatheringKind, string> = { talk: '讲座', workshop: '工作坊', salon: '沙龙', quiz: '知识竞赛' };

const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const isoTime = z.iso.datetime({ offset: true });

/** Psychology education only: a quiz question is never a screening item, and its answers are never stored with a person. */
export const QuizQuestionSchema = z.object({
  text: text(1, 200),
  options: z.array(text(1, 80)).check(z.minLength(2), z.maxLength(5)),
  /** Index of the right option. */
  answer: z.number().check(z.int(), z.gte(0), z.lte(4)),
  explanation: z.optional(z.string().check(z.trim(), z.maxLength(300))),
});
export type QuizQuestion = z.infer<typeof QuizQuestionSchema>;

export const GatheringInputSchema = z
  .object({
    kind: z.enum(GATHERING_KINDS),
    title: text(1, 40),
    summary: z._default(z.string().check(z.trim(), z.maxLength(120)), ''),
    mode: z.enum(['online', 'offline']),
    /** https link for online gatherings. */
    link: z.optional(z.string().check(z.trim(), z.maxLength(500), z.regex(/^https:\/\//, 'must be an https link'))),
    address: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
    startsAt: isoTime,
    endsAt: isoTime,
    capacity: z.number().check(z.int(), z.gte(1), z.lte(2000)),
    /** Whole yuan; above 0 the seat is paid through WeChat Pay (docs/api.md § gathering payments). */
    price: z._default(z.number().check(z.int(), z.gte(0), z.lte(100_000)), 0),
    coverUrl: z.optional(z.string().check(z.trim(), z.maxLength(500), z.regex(/^(https:\/\/|\/)/, 'must be an https URL or a /path'))),
    blocks: z._default(z.array(BlockSchema).check(z.maxLength(30)), []),
    /** When everyone may register (default: as soon as it is published). */
    registrationOpensAt: z.optional(isoTime),
    /** These levels / tiers may register `earlyHours` before everyone else. */
    earlyLevels: z._default(z.array(z.enum(LEVELS)), []),
    earlyTiers: z._default(z.array(z.enum(TIERS)), []),
    earlyHours: z._default(z.number().check(z.int(), z.gte(1), z.lte(24 * 14)), 24),
    quiz: z.optional(z.array(QuizQuestionSchema).check(z.minLength(1), z.maxLength(20))),
  })
  .check(
    z.refine((g) => Date.parse(g.endsAt) > Date.parse(g.startsAt), { message: 'must be after startsAt', path: ['endsAt'] }),
    z.refine((g) => g.mode !== 'online' || !!g.link, { message: 'an online gathering needs its link', path: ['link'] }),
    z.refine((g) => g.mode !== 'offline' || !!g.address, { message: 'an in-person gathering needs its address', path: ['address'] }),
    z.refine((g) => g.kind !== 'quiz' || !!g.quiz?.length, { message: 'a knowledge quiz needs its questions', path: ['quiz'] }),
    z.refine((g) => !g.quiz || g.quiz.every((q) => q.answer < q.options.length), { message: 'answer must be one of the options', path: ['quiz'] }),
  );
export type GatheringInput = z.infer<typeof GatheringInputSchema>;

export { GATHERING_ID, GatheringParamsSchema } from './params';
export const GatheringListQuerySchema = z.object({
  month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'))),
});
export const RegisterBodySchema = z.object({
  channel: z.optional(z.string().check(z.regex(/^[a-z0-9_-]{1,24}$/, 'letters, digits, _ or -'))),
});

export const CheckinBodySchema = z.object({
  code: z.string().check(
    z.trim(),
    z.toUpperCase(),
    // A scanned QR carries `ripple-checkin:<code>`; typing the 6 characters works too.
    z.overwrite((s) => s.replace(/^RIPPLE-CHECKIN:/, '')),
    z.regex(CHECKIN_CODE, '6 letters or digits'),
  ),
});

export const QuizAnswersSchema = z.object({ answers: z.array(z.number().check(z.int(), z.gte(0), z.lte(4))).check(z.minLength(1), z.maxLength(20)) });

export type GatheringStatus = 'draft' | 'published' | 'cancelled';
/** pending_payment: a priced seat held while the client pays; expired: that hold ran out unpaid (the seat went back). */
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled' | 'attended' | 'pending_payment' | 'expired';

export { SEAT_HOLD_MINUTES, promotionHoldExpiresAt } from './hold';

/** Score of a quiz: right answers out of the questions. Shown to the player only. */
export function quizScore(questions: QuizQuestion[], answers: number[]): { correct: number; total: number } {
  return { correct: questions.filter((q, i) => answers[i] === q.answer).length, total: questions.length };
}
