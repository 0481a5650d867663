import { addDays } from 'date-fns';
import { inShanghai, isoDateOf, monthOf } from '../time';
import { attr, type Attribution } from './counters';
import { LOOP_STAGES, MAX_STORED_GENERATION, SHARE_KINDS, UNKNOWN_VIA, type LoopStage, type Via } from './loop';
import { cell, rate, showable, type Cell } from './privacy';
import { DAILY_SERIES_DAYS } from './source';

/**
 * The growth half of the campaign dashboard, from the merged counter shards and the daily-series items: the invite loop
 * (by share kind and by generation, K per generation), the 90-day series of new clients by source, and what a new
 * client costs in rewards beside what they paid. Every count is a `Cell` ("<5" for 1–4), and every figure derived from
 * counts is shown only when the counts behind it are showable.
 */
export type Counters = Record<string, number>;

export const GENERATIONS = ['1', '2', '3+'] as const;
export type Generation = (typeof GENERATIONS)[number];
const generationsOf = (g: Generation) => (g === '3+' ? range(3, MAX_STORED_GENERATION) : [Number(g)]);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

export interface LoopStageRow {
  stage: 'shared' | 'opened' | LoopStage;
  /** null: not measurable yet (paid, until payments or recorded spend exist). */
  count: Cell | null;
  /** Over the stage before (friends only: accepted onwards). */
  stepRate: number | null;
}

export interface InviteLoop {
  stages: LoopStageRow[];
  byShareKind: { via: Via; shared: Cell | null; opened: Cell; accepted: Cell; qualified: Cell; booked: Cell; attended: Cell; paid: Cell | null }[];
  byGeneration: { generation: Generation; accepted: Cell; qualified: Cell; booked: Cell; attended: Cell; paid: Cell | null; k: number | null }[];
  kOverall: number | null;
  maxCascadeDepth: number | null;
  paymentsLive: boolean;
}

export interface DailySeries {
  /** Beijing dates, oldest first, the last one today. */
  days: string[];
  series: { source: string; values: Cell[]; total: Cell }[];
}

export interface Returns {
  newClients: Cell;
  payingClients: Cell;
  rewardCost: number | null;
  rewardCostPerNewClient: number | null;
  revenue: number | null;
  revenuePerNewClient: number | null;
  /** Revenue per new client ÷ reward cost per new client. */
  ratio: number | null;
}

/** The months a 90-day window ending today (Beijing) touches: the items the dashboard reads. */
export function seriesMonths(now: Date): string[] {
  const today = inShanghai(now);
  const months = new Set<string>();
  for (let i = DAILY_SERIES_DAYS - 1; i >= 0; i -= 1) months.add(monthOf(addDays(today, -i)));
  return [...months];
}

export function seriesDays(now: Date): string[] {
  const today = inShanghai(now);
  return Array.from({ length: DAILY_SERIES_DAYS }, (_, i) => isoDateOf(addDays(today, i - DAILY_SERIES_DAYS + 1)));
}

export function inviteLoop(n: Counters, paymentsLive: boolean): InviteLoop {
  const get = (a: string) => n[a] ?? 0;
  const atStage = (stage: LoopStage, gens: number[]) => gens.reduce((s, g) => s + get(attr.loopByGeneration(stage, g)), 0);
  const all = range(1, MAX_STORED_GENERATION);
  const friends = (stage: LoopStage) => atStage(stage, all);
  const paidCell = (x: number) => (paymentsLive ? cell(x) : null);
  const shared = get(attr.shares);
  const opened = get(attr.opens);
  const counts: { stage: LoopStageRow['stage']; n: number }[] = [
    { stage: 'shared', n: shared },
    { stage: 'opened', n: opened },
    ...LOOP_STAGES.map((s) => ({ stage: s, n: friends(s) })),
  ];
  const stages: LoopStageRow[] = counts.map((c, i) => ({
    stage: c.stage,
    count: c.stage === 'paid' ? paidCell(c.n) : cell(c.n),
    // A share reaches many people, so rates start at the friends' stages.
    stepRate: i >= 3 && !(c.stage === 'paid' && !paymentsLive) ? rate(c.n, counts[i - 1].n) : null,
  }));

  const vias: Via[] = [...SHARE_KINDS, UNKNOWN_VIA];
  const byShareKind = vias
    .map((via) => {
      const f = (s: LoopStage) => get(attr.loopByVia(s, via));
      return {
        via,
        shared: via === UNKNOWN_VIA ? null : cell(get(attr.sharesBy(via))),
        opened: cell(get(attr.opensBy(via))),
        accepted: cell(f('accepted')),
        qualified: cell(f('qualified')),
        booked: cell(f('booked')),
        attended: cell(f('attended')),
        paid: paidCell(f('paid')),
        _any: get(attr.sharesBy(via)) + get(attr.opensBy(via)) + f('accepted'),
      };
    })
    // "unknown" only when someone actually arrived that way.
    .filter((r) => r.via !== UNKNOWN_VIA || r._any > 0)
    .map(({ _any, ...r }) => (void _any, r));

  const acceptedAt = (gens: number[]) => atStage('accepted', gens);
  const byGeneration = GENERATIONS.map((g) => {
    const gens = generationsOf(g);
    const here = acceptedAt(gens);
    // K of a generation: the friends they brought (the next generation) per friend of this generation.
    const next = acceptedAt(gens.map((x) => x + 1).filter((x) => x <= MAX_STORED_GENERATION));
    return {
      generation: g,
      accepted: cell(here),
      qualified: cell(atStage('qualified', gens)),
      booked: cell(atStage('booked', gens)),
      attended: cell(atStage('attended', gens)),
      paid: paidCell(atStage('paid', gens)),
      k: here > 0 && showable(here) && showable(next) ? round(next / here) : null,
    };
  });

  const inviters = get(attr.inviters);
  const accepted = get(attr.accepted);
  return {
    stages,
    byShareKind,
    byGeneration,
    kOverall: inviters > 0 && showable(inviters) && showable(accepted) ? round(accepted / inviters) : null,
    maxCascadeDepth: accepted >= 5 ? get(attr.maxDepth) : null,
    paymentsLive,
  };
}

/** Sources shown: invite (invite campaigns), each of the campaign's channels (+ `other` when used), and none. */
export function dailySeries(campaign: { type: string; channels: string[] }, daily: Counters, practiceDaily: Counters, now: Date): DailySeries {
  const days = seriesDays(now);
  const used = new Set(Object.keys(daily).map((k) => k.split('|')[2]));
  const sources = [
    ...(campaign.type === 'invite' || used.has('invite') ? ['invite'] : []),
    ...campaign.channels.map((c) => `ch:${c}`),
    ...(used.has('ch:other') ? ['ch:other'] : []),
    'none',
  ];
  return {
    days,
    series: sources.map((source) => {
      const from = source === 'none' ? practiceDaily : daily;
      const raw = days.map((d) => from[attr.day(d, source)] ?? 0);
      return { source, values: raw.map(cell), total: cell(raw.reduce((a, b) => a + b, 0)) };
    }),
  };
}

/** Revenue is "—" (null) until any payment or recorded spend exists, like the loop's paid stage. */
export function returnsOf(newClients: number, n: Counters, paymentsLive: boolean): Returns {
  const get = (a: string) => n[a] ?? 0;
  const redeemedN = get(attr.voucher('redeemed', 'n'));
  const rewardCost = get(attr.voucher('redeemed', 'value'));
  const paying = get(attr.payingClients);
  const revenue = get(attr.revenue);
  const perClient = (v: number) => (newClients > 0 && showable(newClients) ? round(v / newClients, 2) : null);
  const costPer = showable(redeemedN) ? perClient(rewardCost) : null;
  const revenueShown = paymentsLive && showable(paying);
  const revenuePer = revenueShown ? perClient(revenue) : null;
  return {
    newClients: cell(newClients),
    payingClients: cell(paying),
    rewardCost: showable(redeemedN) ? rewardCost : null,
    rewardCostPerNewClient: costPer,
    revenue: revenueShown ? revenue : null,
    revenuePerNewClient: revenuePer,
    ratio: costPer && revenuePer !== null ? round(revenuePer / costPer, 2) : null,
  };
}

/** True when any payment or recorded spend was seen in the months read (the practice-wide items). */
export const paymentsSeen = (practiceDaily: Counters) => (practiceDaily[attr.paymentsSeen] ?? 0) > 0;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
