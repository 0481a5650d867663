import * as z from 'zod/mini';

/**
 * After a crisis result (severe band, or PHQ-9 item 9 above 0) Ripple stops every offer and marketing message to
 * that person for a while: someone in crisis is helped, not sold to. The length is an admin's setting (never a
 * marketer's), 30 days unless changed.
 */
export const DEFAULT_CRISIS_PAUSE_DAYS = 30;
export const MIN_CRISIS_PAUSE_DAYS = 1;
export const MAX_CRISIS_PAUSE_DAYS = 365;

export const CarePolicySchema = z.object({
  crisisPauseDays: z.number().check(z.int(), z.gte(MIN_CRISIS_PAUSE_DAYS), z.lte(MAX_CRISIS_PAUSE_DAYS)),
});
export type CarePolicy = z.infer<typeof CarePolicySchema>;

export const DEFAULT_CARE_POLICY: CarePolicy = { crisisPauseDays: DEFAULT_CRISIS_PAUSE_DAYS };

const DAY_MS = 86_400_000;

/** When the pause that a crisis result at `resultAt` starts comes to an end (ISO, UTC). */
export function crisisPauseEnd(resultAt: string, days: number): string {
  return new Date(Date.parse(resultAt) + days * DAY_MS).toISOString();
}

/** True while offers and marketing to this person are paused. */
export function isOffersPaused(pausedUntil: string | undefined, now: Date = new Date()): boolean {
  return pausedUntil !== undefined && Date.parse(pausedUntil) > now.getTime();
}
