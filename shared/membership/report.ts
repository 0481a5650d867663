import { POINTS_MOVEMENTS } from '../analytics/counters';
import { cell, showable, type Cell } from '../analytics/privacy';
import { TIERS, tierOfCell, type Tier, type TierThresholds } from '../analytics/tiers';
import type { BenefitKind } from './benefits';
import { LEVELS, type Level } from './levels';

/**
 * The marketer's membership figures per level and per tier, from the analytics counters (`m|<metric>|lv|<level>`
 * and `m|<metric>|c|<cell>` in the tiers scope: shared/analytics/counters.ts). Cells are read as tiers under the
 * thresholds in force, like the tier table. Aggregates only: a group of 1–4 clients shows "<5" and no sums.
 */

/** Benefits whose use leaves a trace (a booking, a seat, a reminder); a recommendation or course access does not. */
export const COUNTED_BENEFITS = ['early_themeday', 'early_gathering', 'checkin_reminder'] as const satisfies readonly BenefitKind[];

type Metrics = Record<string, number>;

export interface GroupFigures {
  clients: Cell;
  benefitsUsed: Record<(typeof COUNTED_BENEFITS)[number], Cell>;
  /** Points by movement and the yuan they bought (`value`); null when the group is too small to show. */
  points: { issued: number; spent: number; expired: number; adjusted: number; value: number } | null;
}

export function memberMetrics(counters: Record<string, number>, t: TierThresholds): { byLevel: Record<Level, Metrics>; byTier: Record<Tier, Metrics> } {
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, {}])) as Record<Level, Metrics>;
  const byTier = Object.fromEntries(TIERS.map((x) => [x, {}])) as Record<Tier, Metrics>;
  for (const [k, v] of Object.entries(counters)) {
    const [prefix, metric, dim, key] = k.split('|');
    if (prefix !== 'm' || !metric || !key) continue;
    const group = dim === 'lv' ? byLevel[key as Level] : dim === 'c' ? byTier[tierOfCell(key, t)] : undefined;
    if (group) group[metric] = (group[metric] ?? 0) + v;
  }
  return { byLevel, byTier };
}

export function groupFigures(clients: number, m: Metrics): GroupFigures {
  const n = (metric: string) => m[metric] ?? 0;
  const points = Object.fromEntries([...POINTS_MOVEMENTS.map((x) => [x, n(`pts:${x}`)]), ['value', n('pts:value')]]) as NonNullable<GroupFigures['points']>;
  return {
    clients: cell(clients),
    benefitsUsed: Object.fromEntries(COUNTED_BENEFITS.map((b) => [b, cell(n(`use:${b}`))])) as GroupFigures['benefitsUsed'],
    // An empty group still shows its zeros; one that emptied keeps its history to itself (it may be one person's).
    points: (clients === 0 ? Object.values(points).every((v) => v === 0) : showable(clients)) ? points : null,
  };
}

/** Benefit uses over all levels (every counted use carries a level). */
export function totalUses(byLevel: Record<Level, Metrics>): Record<(typeof COUNTED_BENEFITS)[number], number> {
  return Object.fromEntries(COUNTED_BENEFITS.map((b) => [b, LEVELS.reduce((s, l) => s + (byLevel[l][`use:${b}`] ?? 0), 0)])) as Record<(typeof COUNTED_BENEFITS)[number], number>;
}
