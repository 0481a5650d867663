import type { Campaign } from '../campaign/schema';
import { attr } from './counters';
import { FUNNEL_STAGES, addFunnels, emptyFunnel, funnelRow, type FunnelCounts, type FunnelRow } from './funnel';
import { dailySeries, inviteLoop, paymentsSeen, returnsOf, type DailySeries, type InviteLoop, type Returns } from './growth';
import { kFactor } from './kfactor';
import { LOOP_STAGE_NAMES, STAGE_NAMES, VIA_NAMES, sourceName } from './labels';
import { channelName } from '../campaign/channels';
import { inShanghai } from '../time';
import { lightFormat } from 'date-fns';
import { npsScore } from './nps';
import { cell, showable, type Cell } from './privacy';
import { testIsValid, twoProportionZTest } from './significance';

/**
 * The campaign dashboard, computed from one counter item (see counters.ts): every figure a marketer sees,
 * with small cells suppressed. Pure, so the same function serves the API, the CSV export and the tests.
 */
export type Counters = Record<string, number>;

export interface VariantComparison {
  /** The control variant (the first one) this variant is compared with, on sign-ups per visitor. */
  against: string;
  z: number | null;
  pValue: number | null;
  significant: boolean | null;
  /** Why there is no test: fewer than 5 sign-ups or non-sign-ups in a group (the z-test's n·p ≥ 5 rule). */
  note?: 'too_few';
}

export interface CampaignDashboard {
  campaign: Pick<Campaign, 'id' | 'name' | 'type' | 'status' | 'startsAt' | 'endsAt' | 'channels' | 'channelLabels'>;
  funnel: {
    stages: typeof FUNNEL_STAGES;
    total: FunnelRow;
    byChannel: (FunnelRow & { channel: string })[];
    byVariant: (FunnelRow & { variant: string; name: string; test?: VariantComparison })[];
  };
  pageViews: Cell;
  reachable: Cell;
  kFactor: { inviters: Cell; invitesSent: Cell; accepted: Cell; invitesPerInviter: number | null; conversion: number | null; k: number | null; maxCascadeDepth: number | null };
  rejections: { reason: string; count: Cell }[];
  vouchers: {
    granted: Cell;
    grantedValue: number | null;
    redeemed: Cell;
    redeemedValue: number | null;
    expired: Cell;
    expiredValue: number | null;
    revoked: Cell;
    /** Reward cost per new client: value of redeemed vouchers ÷ new clients (the product brief's $86k ÷ 2,000 = $43). */
    rewardCostPerNewClient: number | null;
    /** The same with every granted voucher counted, redeemed or not (the worst case). */
    grantedValuePerNewClient: number | null;
  };
  nps: { responses: Cell; promoters: Cell; passives: Cell; detractors: Cell; nps: number | null };
  /** The invite loop end to end (shared/analytics/growth.ts). */
  inviteLoop: InviteLoop;
  /** New clients per Beijing day by first-touch source, last 90 days. */
  daily: DailySeries;
  /** Reward cost per new client beside revenue per new client (recorded spend within 90 days). */
  returns: Returns;
  generatedAt: string;
}

/** What the dashboard reads besides the campaign's counter shards: the daily-series items of the months shown. */
export interface DailyCounters {
  daily: Counters;
  practiceDaily: Counters;
}

/** Reward cost per new client, e.g. 86,000 ÷ 2,000 = 43. Null without new clients. */
export function rewardCostPerNewClient(rewardValue: number, newClients: number): number | null {
  return newClients > 0 ? Math.round((rewardValue / newClients) * 100) / 100 : null;
}

export function campaignDashboard(c: Campaign, n: Counters, now: Date, days: DailyCounters = { daily: {}, practiceDaily: {} }): CampaignDashboard {
  const get = (a: string) => n[a] ?? 0;
  // funnel cells: f|<stage>|<channel>|<variant>
  const cells: { stage: string; channel: string; variant: string; n: number }[] = [];
  for (const [k, v] of Object.entries(n)) {
    const [p, stage, channel, variant] = k.split('|');
    if (p === 'f') cells.push({ stage, channel, variant, n: v });
  }
  const channels = unique([...c.channels, ...cells.map((x) => x.channel)]);
  const variants = unique([...c.variants.map((v) => v.id), ...cells.map((x) => x.variant)]);
  const sum = (pred: (x: (typeof cells)[number]) => boolean): FunnelCounts => {
    const f = emptyFunnel();
    for (const x of cells) if (pred(x) && x.stage in f) f[x.stage as keyof FunnelCounts] += x.n;
    return f;
  };
  const byChannel = channels.map((ch) => ({ channel: ch, counts: sum((x) => x.channel === ch) }));
  const byVariant = variants.map((v) => ({ variant: v, counts: sum((x) => x.variant === v) }));
  const total = byChannel.reduce((acc, x) => addFunnels(acc, x.counts), emptyFunnel());
  const control = byVariant[0];

  // First touch: channel sign-ups plus friends whose first touch was the invite (each client once).
  const newClients = total.signups + get(attr.inviteClients);
  const inviters = get(attr.inviters);
  const shares = get(attr.shares);
  const accepted = get(attr.accepted);
  const k = kFactor({ inviters, invitesSent: shares, accepted });
  const kShown = showable(inviters) && showable(shares) && showable(accepted);

  const today = now.toISOString().slice(0, 10);
  let expiredN = 0;
  let expiredValue = 0;
  for (const [key, v] of Object.entries(n)) {
    const [p, day, m] = key.split('|');
    if (p !== 'vx' || day >= today) continue;
    if (m === 'n') expiredN += v;
    else expiredValue += v;
  }
  const granted = get(attr.voucher('granted', 'n'));
  const redeemed = get(attr.voucher('redeemed', 'n'));
  const money = (count: number, value: number) => (showable(count) ? value : null);
  const promoters = get(attr.nps('promoter'));
  const passives = get(attr.nps('passive'));
  const detractors = get(attr.nps('detractor'));
  const responses = promoters + passives + detractors;

  return {
    campaign: { id: c.id, name: c.name, type: c.type, status: c.status, startsAt: c.startsAt, endsAt: c.endsAt, channels: c.channels, channelLabels: c.channelLabels },
    funnel: {
      stages: FUNNEL_STAGES,
      total: funnelRow(total),
      byChannel: byChannel.map((x) => ({ channel: x.channel, ...funnelRow(x.counts) })),
      byVariant: byVariant.map((x) => ({
        variant: x.variant,
        name: c.variants.find((v) => v.id === x.variant)?.name ?? x.variant,
        ...funnelRow(x.counts),
        ...(x !== control && control ? { test: compare(control.variant, control.counts, x.counts) } : {}),
      })),
    },
    pageViews: cell(Object.entries(n).reduce((s, [key, v]) => (key.startsWith('pv|') ? s + v : s), 0)),
    reachable: cell(get(attr.reachable)),
    kFactor: {
      inviters: cell(inviters),
      invitesSent: cell(shares),
      accepted: cell(accepted),
      invitesPerInviter: kShown ? k.invitesPerInviter : null,
      conversion: kShown ? k.conversion : null,
      k: kShown ? k.k : null,
      maxCascadeDepth: accepted >= 5 ? get(attr.maxDepth) : null,
    },
    rejections: Object.entries(n)
      .filter(([key]) => key.startsWith('k|rej|'))
      .map(([key, v]) => ({ reason: key.slice(6), count: cell(v) })),
    vouchers: {
      granted: cell(granted),
      grantedValue: money(granted, get(attr.voucher('granted', 'value'))),
      redeemed: cell(redeemed),
      redeemedValue: money(redeemed, get(attr.voucher('redeemed', 'value'))),
      expired: cell(expiredN),
      expiredValue: money(expiredN, expiredValue),
      revoked: cell(get(attr.voucher('revoked', 'n'))),
      rewardCostPerNewClient: showable(redeemed) && showable(newClients) ? rewardCostPerNewClient(get(attr.voucher('redeemed', 'value')), newClients) : null,
      grantedValuePerNewClient: showable(granted) && showable(newClients) ? rewardCostPerNewClient(get(attr.voucher('granted', 'value')), newClients) : null,
    },
    nps: {
      responses: cell(responses),
      promoters: cell(promoters),
      passives: cell(passives),
      detractors: cell(detractors),
      nps: responses >= 5 ? (npsScore({ promoter: promoters, passive: passives, detractor: detractors }) ?? null) : null,
    },
    inviteLoop: inviteLoop(n, paymentsSeen(days.practiceDaily)),
    daily: dailySeries(c, days.daily, days.practiceDaily, now),
    returns: returnsOf(newClients, n, paymentsSeen(days.practiceDaily)),
    generatedAt: now.toISOString(),
  };
}

function compare(controlId: string, a: FunnelCounts, b: FunnelCounts): VariantComparison {
  if (!testIsValid(a.signups, a.visitors, b.signups, b.visitors)) return { against: controlId, z: null, pValue: null, significant: null, note: 'too_few' };
  const t = twoProportionZTest(a.signups, a.visitors, b.signups, b.visitors)!;
  return { against: controlId, z: t.z, pValue: t.pValue, significant: t.significant };
}

const unique = (xs: string[]) => [...new Set(xs)];

export const DASHBOARD_TABLES = ['channels', 'variants', 'summary', 'loop', 'generations', 'daily'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const beijingDate = (iso: string) => lightFormat(inShanghai(iso), 'yyyy-MM-dd');
const beijingDateTime = (iso: string) => lightFormat(inShanghai(iso), 'yyyy-MM-dd HH:mm');
const dash = (v: Cell | number | null) => (v === null ? '—' : v);

/** Rows for the CSV export of each dashboard table: Chinese headers and names, Beijing dates. */
export function dashboardTable(d: CampaignDashboard, table: DashboardTable): { header: string[]; rows: (string | number | null)[][] } {
  const labels = d.campaign.channelLabels;
  const stageCols = (r: FunnelRow) => [...FUNNEL_STAGES.map((s) => r.counts[s]), ...FUNNEL_STAGES.slice(1).map((s) => r.stepRates[s])];
  const funnelHeader = [...FUNNEL_STAGES.map((s) => STAGE_NAMES[s]), ...FUNNEL_STAGES.slice(1).map((s) => `${STAGE_NAMES[s]}转化率`)];
  if (table === 'channels') return { header: ['渠道', '渠道代码', ...funnelHeader], rows: d.funnel.byChannel.map((r) => [channelName(r.channel, labels), r.channel, ...stageCols(r)]) };
  if (table === 'variants') {
    return {
      header: ['版本', '版本名称', ...funnelHeader, '注册率', 'z 值', 'p 值', '是否显著'],
      rows: d.funnel.byVariant.map((r) => [r.variant, r.name, ...stageCols(r), r.signupRate, r.test?.z ?? null, r.test?.pValue ?? null, r.test?.significant === null || !r.test ? null : r.test.significant ? '显著' : '不显著']),
    };
  }
  if (table === 'loop') {
    const stageRows = d.inviteLoop.stages.map((s) => [LOOP_STAGE_NAMES[s.stage], dash(s.count), s.stepRate]);
    return { header: ['阶段', '人数', '转化率'], rows: stageRows };
  }
  if (table === 'generations') {
    return {
      header: ['代际', '接受邀请', '达成条件', '预约咨询', '到场', '付费', 'K 因子'],
      rows: d.inviteLoop.byGeneration.map((g) => [`第 ${g.generation} 代`, g.accepted, g.qualified, g.booked, g.attended, dash(g.paid), g.k]),
    };
  }
  if (table === 'daily') {
    return {
      header: ['日期（北京时间）', ...d.daily.series.map((s) => sourceName(s.source, labels))],
      rows: d.daily.days.map((day, i) => [day, ...d.daily.series.map((s) => s.values[i])]),
    };
  }
  const v = d.vouchers;
  const k = d.kFactor;
  const r = d.returns;
  return {
    header: ['指标', '数值'],
    rows: [
      ['活动名称', d.campaign.name],
      ['开始日期（北京时间）', beijingDate(d.campaign.startsAt)],
      ['结束时间（北京时间）', beijingDateTime(d.campaign.endsAt)],
      ['页面浏览', d.pageViews],
      ['可触达客户', d.reachable],
      ['新客户（首次接触计）', r.newClients],
      ['K 因子', k.k],
      ['人均邀请', k.invitesPerInviter],
      ['邀请转化率', k.conversion],
      ['最深传播层级', k.maxCascadeDepth],
      ...d.inviteLoop.byShareKind.map((s) => [`分享方式：${VIA_NAMES[s.via]}（接受邀请）`, s.accepted] as (string | number | null)[]),
      ['已发放咨询券', v.granted],
      ['已使用咨询券', v.redeemed],
      ['已过期咨询券', v.expired],
      ['每位新客户的奖励成本（元）', r.rewardCostPerNewClient],
      ['每位新客户 90 天内收入（元）', r.revenuePerNewClient],
      ['收入 ÷ 奖励成本', r.ratio],
      ['NPS', d.nps.nps],
      ['NPS 回答数', d.nps.responses],
      ['导出时间（北京时间）', beijingDateTime(d.generatedAt)],
    ],
  };
}
