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
