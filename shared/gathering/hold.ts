/** Seat holds at priced gatherings (kept apart from the schemas so the payment Lambdas stay small). */

/** How long a seat is held for paying: 15 minutes at registration (as a paid consult's slot). */
export const SEAT_HOLD_MINUTES = 15;

/**
 * A waitlisted person promoted to a priced seat did not just tap "register", so they get longer to notice and pay:
 * 24 hours, but never past an hour before the start, and never less than the usual 15 minutes.
 */
export function promotionHoldExpiresAt(startsAt: string, now: Date): string {
  const day = now.getTime() + 24 * 3_600_000;
  const beforeStart = Date.parse(startsAt) - 3_600_000;
  const floor = now.getTime() + SEAT_HOLD_MINUTES * 60_000;
  return new Date(Math.max(floor, Math.min(day, beforeStart))).toISOString();
}
