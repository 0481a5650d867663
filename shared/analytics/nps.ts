/**
 * Net Promoter Score from the 0–10 "how likely are you to recommend us to a friend?" question:
 * promoters answer 9–10, passives 7–8, detractors 0–6; NPS = % promoters − % detractors (−100…100).
 */
export type NpsGroup = 'promoter' | 'passive' | 'detractor';

export function npsGroup(score: number): NpsGroup {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`NPS score must be 0–10, got ${score}`);
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsCounts {
  promoter: number;
  passive: number;
  detractor: number;
}

/** Rounded to a whole number, as NPS is reported; undefined with no answers. */
export function npsScore(c: NpsCounts): number | undefined {
  const total = c.promoter + c.passive + c.detractor;
  if (!total) return undefined;
  return Math.round(((c.promoter - c.detractor) / total) * 100);
}
