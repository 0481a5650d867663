import * as z from 'zod/mini';

/** CSAT after an attended consult: 1 (very unsatisfied) … 5 (very satisfied), once per booking. */
export const CsatBodySchema = z.object({
  score: z.number().check(z.int(), z.gte(1), z.lte(5)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});
export type CsatBody = z.infer<typeof CsatBodySchema>;

export const BookingParamsSchema = z.object({ id: z.string().check(z.regex(/^[0-9A-Za-z]{1,40}$/, 'not a booking id')) });

/** Share of answers that are 4 or 5 ("satisfied"), the usual CSAT figure. */
export function csatShare(scores: number[]): number | undefined {
  if (!scores.length) return undefined;
  return scores.filter((s) => s >= 4).length / scores.length;
}
