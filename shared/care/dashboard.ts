import { npsGroup, npsScore } from '../analytics/nps';
import { cell, rate, showable, MIN_CELL, type Cell } from '../analytics/privacy';
import { TIERS, clv, tierOf, type Tier, type TierThresholds } from '../analytics/tiers';

/**
 * The owner's four numbers — repeat rate, CLV, CSAT, NPS — for clients who came by referral and those who did
 * not, and per tier; and how complaints are handled. Aggregates only: any count of 1–4 clients is "<5", and a
 * figure derived from such a count (a rate, a mean, a median) is not shown.
 */
export interface ClientRow {
  id: string;
  referred: boolean;
  /** Paid sessions and spend (yuan) in the last 12 months. */
  sessions: number;
  spend: number;
}

export interface ComplaintRow {
  clientId: string;
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  withinSla: boolean;
  /** Booked again after the complaint was resolved. */
  returned: boolean;
}

export interface GroupFigures {
  clients: Cell;
  repeatRate: number | null;
  clv: number | null;
  csat: { responses: Cell; average: number | null; satisfiedShare: number | null };
  nps: { responses: Cell; nps: number | null };
}

export interface OwnerDashboard {
  byReferral: { referred: GroupFigures; notReferred: GroupFigures };
  byTier: Record<Tier, GroupFigures>;
  complaints: {
    volume: Cell;
    open: Cell;
    medianFirstResponseHours: number | null;
    medianResolutionHours: number | null;
    withinSlaShare: number | null;
    resolvedComplainants: Cell;
    returnRate: number | null;
  };
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function figures(clients: ClientRow[], csat: number[], nps: number[], t: TierThresholds): GroupFigures {
  const buyers = clients.filter((c) => c.sessions >= 1).length;
  const repeaters = clients.filter((c) => c.sessions >= 2).length;
  const spend = clients.reduce((a, c) => a + c.spend, 0);
  const groups = { promoter: 0, passive: 0, detractor: 0 };
  for (const s of nps) groups[npsGroup(s)]++;
  return {
    clients: cell(clients.length),
    repeatRate: rate(repeaters, buyers),
    clv: clients.length >= MIN_CELL ? clv(spend / clients.length, t.clvYears) : null,
    csat: {
      responses: cell(csat.length),
      average: csat.length >= MIN_CELL ? round(csat.reduce((a, b) => a + b, 0) / csat.length) : null,
      satisfiedShare: csat.length >= MIN_CELL ? rate(csat.filter((s) => s >= 4).length, csat.length) : null,
    },
    nps: { responses: cell(nps.length), nps: nps.length >= MIN_CELL ? (npsScore(groups) ?? null) : null },
  };
}

export function ownerDashboard(
  clients: ClientRow[],
  answers: { csat: { userId: string; score: number }[]; nps: { userId: string; score: number }[] },
  complaints: ComplaintRow[],
  t: TierThresholds,
): OwnerDashboard {
  const byId = new Map(clients.map((c) => [c.id, c]));
  const tierOfClient = (c: ClientRow) => tierOf(c.sessions, c.spend, t);
  const group = (pick: (c: ClientRow) => boolean) => {
    const members = clients.filter(pick);
    const ids = new Set(members.map((c) => c.id));
    return figures(
      members,
      answers.csat.filter((a) => ids.has(a.userId)).map((a) => a.score),
      answers.nps.filter((a) => ids.has(a.userId)).map((a) => a.score),
      t,
    );
  };
  // Complaints of clients who withdrew statistics consent are not in `clients`, so they are left out here too.
  const counted = complaints.filter((c) => byId.has(c.clientId));
  const hours = (from: string, to?: string) => (to ? (Date.parse(to) - Date.parse(from)) / 3_600_000 : undefined);
  const first = counted.map((c) => hours(c.createdAt, c.firstResponseAt)).filter((h): h is number => h !== undefined);
  const resolvedRows = counted.filter((c) => c.resolvedAt);
  const resolution = resolvedRows.map((c) => hours(c.createdAt, c.resolvedAt)!);
  const resolvedClients = new Map<string, boolean>();
  for (const c of resolvedRows) resolvedClients.set(c.clientId, (resolvedClients.get(c.clientId) ?? false) || c.returned);
  const returned = [...resolvedClients.values()].filter(Boolean).length;
  const medianOf = (xs: number[]) => (xs.length >= MIN_CELL ? round(median(xs)!, 1) : null);
  return {
    byReferral: { referred: group((c) => c.referred), notReferred: group((c) => !c.referred) },
    byTier: Object.fromEntries(TIERS.map((tier) => [tier, group((c) => tierOfClient(c) === tier)])) as Record<Tier, GroupFigures>,
    complaints: {
      volume: cell(counted.length),
      open: cell(counted.length - resolvedRows.length),
      medianFirstResponseHours: medianOf(first),
      medianResolutionHours: medianOf(resolution),
      withinSlaShare: rate(resolvedRows.filter((c) => c.withinSla).length, resolvedRows.length),
      resolvedComplainants: cell(resolvedClients.size),
      returnRate: showable(resolvedClients.size) ? rate(returned, resolvedClients.size) : null,
    },
  };
}
