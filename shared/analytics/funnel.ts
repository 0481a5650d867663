import { cell, rate, type Cell } from './privacy';

/**
 * The campaign funnel, each stage counted once per client: unique visitors of the landing page, sign-ups
 * attributed to the campaign, and what those clients did next.
 */
export const FUNNEL_STAGES = ['visitors', 'signups', 'selftests', 'booked', 'attended', 'redeemed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
/** Stages a signed-up client reaches (visitors are counted from page views). */
export const CLIENT_STAGES = ['selftests', 'booked', 'attended', 'redeemed'] as const;
export type ClientStage = (typeof CLIENT_STAGES)[number];

export type FunnelCounts = Record<FunnelStage, number>;

export interface FunnelRow {
  counts: Record<FunnelStage, Cell>;
  /** Each stage over the one before it (null for the first stage or when suppressed). */
  stepRates: Record<FunnelStage, number | null>;
  /** Sign-ups per visitor: the figure variants are compared on. */
  signupRate: number | null;
}

export const emptyFunnel = (): FunnelCounts => Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as FunnelCounts;

export function addFunnels(a: FunnelCounts, b: FunnelCounts): FunnelCounts {
  return Object.fromEntries(FUNNEL_STAGES.map((s) => [s, a[s] + b[s]])) as FunnelCounts;
}

export function funnelRow(c: FunnelCounts): FunnelRow {
  const stepRates = Object.fromEntries(
    FUNNEL_STAGES.map((s, i) => [s, i === 0 ? null : rate(c[s], c[FUNNEL_STAGES[i - 1]])]),
  ) as Record<FunnelStage, number | null>;
  return {
    counts: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, cell(c[s])])) as Record<FunnelStage, Cell>,
    stepRates,
    signupRate: rate(c.signups, c.visitors),
  };
}
