/**
 * Points: earned for non-clinical engagement only (an attended gathering, a finished course, a friend's
 * qualification), never for disclosing anything or for self-test content. Each earn rule has a budget.
 * Spent on gathering seats, course access or a consult voucher. Points expire 12 months after they are earned.
 * The settings' schemas are in ./points.
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
