import * as z from 'zod/mini';
import { cell, rate, showable, type Cell } from './privacy';

/**
 * Client tiers from the client-grading deck: frequency × spend over the last 12 months.
 *   basic      low frequency,  low spend   (price-sensitive; courses, self-test, invite-3-friends)
 *   growth     high frequency, low spend   (quarterly check-ups, a matched counselor)
 *   core       high frequency, high spend  (one-to-one adviser, priority for expert talks)
 *   potential  low frequency,  high spend  (a personal growth path, trial events)
 *
 * Counts are kept as a histogram of clients by (sessions, spend bucket), so any thresholds a marketer sets
 * are applied at read time over a fixed number of cells — never by reading clients.
 */
export const TIERS = ['basic', 'growth', 'core', 'potential'] as const;
export type Tier = (typeof TIERS)[number];

/** Sessions 0…24 exactly, 25 meaning 25 or more. */
export const MAX_SESSION_BIN = 25;
/** Spend in buckets of ¥100; bucket 100 holds ¥10,000 and above. */
export const SPEND_BUCKET = 100;
export const MAX_SPEND_BIN = 100;

export const TierThresholdsSchema = z.object({
  /** "High frequency" from this many paid sessions in 12 months. */
  minSessions: z.number().check(z.int(), z.gte(1), z.lte(MAX_SESSION_BIN)),
  /** "High spend" from this many yuan in 12 months (a multiple of ¥100, the histogram's bucket). */
  minSpend: z
    .number()
    .check(
      z.int(),
      z.gte(SPEND_BUCKET),
      z.lte(MAX_SPEND_BIN * SPEND_BUCKET),
      z.refine((v) => v % SPEND_BUCKET === 0, `must be a multiple of ${SPEND_BUCKET}`),
    ),
  /** Expected years a client stays, for CLV = average yearly spend × years. */
  clvYears: z.number().check(z.gte(0.5), z.lte(20)),
});
export type TierThresholds = z.infer<typeof TierThresholdsSchema>;
export const DEFAULT_THRESHOLDS: TierThresholds = { minSessions: 4, minSpend: 2000, clvYears: 3 };

export function tierOf(sessions: number, spend: number, t: TierThresholds): Tier {
  const highFreq = sessions >= t.minSessions;
  const highSpend = spend >= t.minSpend;
  if (highFreq) return highSpend ? 'core' : 'growth';
  return highSpend ? 'potential' : 'basic';
}

/** A histogram cell `<sessions>:<spend bucket>` read as a tier under the thresholds; no cell yet = no paid history. */
export function tierOfCell(c: string | undefined, t: TierThresholds): Tier {
  if (!c) return 'basic';
  const [s, p] = c.split(':').map(Number);
  return tierOf(s, p * SPEND_BUCKET, t);
}

/** The histogram cell a client with these 12-month totals is counted in: `<sessionBin>:<spendBin>`. */
export function cellOf(sessions: number, spend: number): string {
  const s = Math.min(Math.max(0, Math.floor(sessions)), MAX_SESSION_BIN);
  const p = Math.min(Math.max(0, Math.floor(spend / SPEND_BUCKET)), MAX_SPEND_BIN);
  return `${s}:${p}`;
}

/** Per cell: clients, reachable (marketing opt-in) clients, and their summed 12-month spend. */
export interface HistogramCell {
  clients: number;
  reachable: number;
  spend: number;
}
export type Histogram = Record<string, HistogramCell>;

/** The histogram from the tiers scope's counters (`c|<cell>` clients, `r|<cell>` reachable, `s|<cell>` spend). */
export function histogramOf(counters: Record<string, number>): Histogram {
  const h: Histogram = {};
  for (const [k, v] of Object.entries(counters)) {
    const [p, c] = k.split('|');
    if (!c || !['c', 'r', 's'].includes(p)) continue;
    const x = (h[c] ??= { clients: 0, reachable: 0, spend: 0 });
    if (p === 'c') x.clients = v;
    if (p === 'r') x.reachable = v;
    if (p === 's') x.spend = v;
  }
  return h;
}

export interface TierTotals {
  clients: number;
  reachable: number;
  /** Clients with at least one paid session in 12 months, and with two or more. */
  buyers: number;
  repeaters: number;
  spend: number;
}

export function tierTotals(h: Histogram, t: TierThresholds): Record<Tier, TierTotals> {
  const out = Object.fromEntries(TIERS.map((x) => [x, { clients: 0, reachable: 0, buyers: 0, repeaters: 0, spend: 0 }])) as Record<Tier, TierTotals>;
  for (const [key, c] of Object.entries(h)) {
    const [s, p] = key.split(':').map(Number);
    // Bins are exact at the thresholds because thresholds are whole sessions and whole spend buckets.
    const tier = tierOf(s, p * SPEND_BUCKET, t);
    const o = out[tier];
    o.clients += c.clients;
    o.reachable += c.reachable;
    o.spend += c.spend;
    if (s >= 1) o.buyers += c.clients;
    if (s >= 2) o.repeaters += c.clients;
  }
  return out;
}

export interface TierRow {
  tier: Tier;
  clients: Cell;
  reachable: Cell;
  /** Share of paying clients with two or more paid sessions in 12 months. */
  repeatRate: number | null;
  /** Average 12-month spend per client × expected years (yuan). */
  clv: number | null;
}

export function tierRows(h: Histogram, t: TierThresholds): TierRow[] {
  const totals = tierTotals(h, t);
  return TIERS.map((tier) => {
    const x = totals[tier];
    return {
      tier,
      clients: cell(x.clients),
      reachable: cell(x.reachable),
      repeatRate: rate(x.repeaters, x.buyers),
      clv: x.clients > 0 && showable(x.clients) ? clv(x.spend / x.clients, t.clvYears) : null,
    };
  });
}

/** Which kinds of campaign and offer fit each tier (from the grading deck). */
export const TIER_FIT: Record<Tier, { campaignTypes: ('invite' | 'theme_day')[]; offers: string[] }> = {
  basic: { campaignTypes: ['invite', 'theme_day'], offers: ['情绪自测与阅读推荐', '邀请三位好友得咨询券', '主题日免费 15 分钟咨询', '短视频心理小课'] },
  growth: { campaignTypes: ['theme_day'], offers: ['季度心理体检', '匹配固定咨询师'] },
  core: { campaignTypes: ['theme_day'], offers: ['一对一顾问', '专家讲座优先席位'] },
  potential: { campaignTypes: ['theme_day', 'invite'], offers: ['个人成长路径', '体验活动'] },
};

/** Keeps only the months inside the 12-month window ending at `now` (YYYY-MM keys, UTC). */
export function windowMonths<T>(months: Record<string, T>, now: Date): Record<string, T> {
  const oldest = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  return Object.fromEntries(Object.entries(months).filter(([m]) => m >= oldest));
}

/** Customer lifetime value as used here: average yearly spend × expected years. */
export const clv = (yearlySpend: number, years: number) => Math.round(yearlySpend * years);
