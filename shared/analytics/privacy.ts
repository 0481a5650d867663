/**
 * Marketers see aggregates only, and no aggregate may single anyone out: a cell that covers 1–4 clients is
 * shown as "<5" (small-cell suppression). A 0 covers nobody and is shown as is.
 */
export const MIN_CELL = 5;
export const SUPPRESSED = '<5' as const;
export type Cell = number | typeof SUPPRESSED;

export function cell(n: number): Cell {
  return n > 0 && n < MIN_CELL ? SUPPRESSED : n;
}

/** True when the exact count may be shown (or used to derive a shown figure). */
export const showable = (n: number) => n === 0 || n >= MIN_CELL;

/**
 * A rate is shown only when both counts behind it are showable: "3 of 100" printed as 3% would undo the "<5".
 * Rounded to 4 decimals (a fraction, not a percentage).
 */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator <= 0 || !showable(numerator) || !showable(denominator)) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}
