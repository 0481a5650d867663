/**
 * The levels a client can see, named kindly and earned from the relationship (never from money alone).
 * The marketer-side tiers (basic / growth / core / potential, shared/analytics/tiers.ts) stay internal.
 *
 * Contract with other capabilities: the membership capability keeps the client's current level on the user
 * profile item (`USER#<id>/PROFILE`, attribute `level`); a missing attribute means the first level.
 */
export const LEVELS = ['chushi', 'tongxing', 'zhiyou', 'zhiji'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Record<Level, string> = {
  chushi: '初识',
  tongxing: '同行',
  zhiyou: '挚友',
  zhiji: '知己',
};

export function levelOrDefault(value: unknown): Level {
  return (LEVELS as readonly unknown[]).includes(value) ? (value as Level) : 'chushi';
}

/** What the relationship so far is made of: no money, no self-test content. */
export interface Relationship {
  /** First attended consult (UTC ISO), if any. */
  firstAttendedAt?: string;
  /** Attended consults, free or paid. */
  sessions: number;
  /** Gatherings checked in at. */
  gatherings: number;
}

/** Thresholds per level, lowest first: months since the first attended consult, and consults + gatherings attended. */
export const LEVEL_RULES: Record<Level, { months: number; visits: number }> = {
  chushi: { months: 0, visits: 0 },
  tongxing: { months: 0, visits: 1 },
  zhiyou: { months: 3, visits: 4 },
  zhiji: { months: 12, visits: 10 },
};

export const LEVEL_HINTS: Record<Level, string> = {
  chushi: '欢迎来到涟漪。',
  tongxing: '参加过一次咨询或活动。',
  zhiyou: '相识满 3 个月，参加过 4 次咨询或活动。',
  zhiji: '相识满 12 个月，参加过 10 次咨询或活动。',
};

function monthsBetween(fromIso: string, now: Date): number {
  const from = new Date(fromIso);
  let months = (now.getUTCFullYear() - from.getUTCFullYear()) * 12 + (now.getUTCMonth() - from.getUTCMonth());
  if (now.getUTCDate() < from.getUTCDate()) months--;
  return Math.max(0, months);
}

/** The level a relationship has earned. Levels only follow what happened; they never depend on spending. */
export function levelFor(r: Relationship, now: Date = new Date()): Level {
  const months = r.firstAttendedAt ? monthsBetween(r.firstAttendedAt, now) : 0;
  const visits = r.sessions + r.gatherings;
  let level: Level = 'chushi';
  for (const l of LEVELS) if (months >= LEVEL_RULES[l].months && visits >= LEVEL_RULES[l].visits) level = l;
  return level;
}

export const levelRank = (l: Level) => LEVELS.indexOf(l);
