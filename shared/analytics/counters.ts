import { CLIENT_STAGES, type ClientStage } from './funnel';
import { LOOP_STAGES, storedGeneration, type LoopStage, type ShareKind, type Via } from './loop';
import { npsGroup } from './nps';
import { beijingDay, beijingMonth, sourceKey, withinRevenueWindow, type Source } from './source';
import { cellOf, windowMonths } from './tiers';
import { reachCourse, type CourseMark, type CourseReached } from './courses';

/**
 * The analytics reducer: what each domain event changes in the counters the dashboard reads.
 * Pure (no AWS): the stream handler applies its output in one transaction per event; the benchmark uses the
 * same function to build counters for 100,000 clients in memory.
 *
 * Counters live in few items ("scopes"): one per campaign and one for client tiers (each written in shards, summed at
 * read: functions/db/analytics.ts), and one per campaign and month for the daily series of new clients (`campaignId`
 * absent: the practice-wide item, which holds the `none` source and whether any payment was seen that month).
 */
export type Scope = { kind: 'campaign'; id: string } | { kind: 'tiers' } | { kind: 'courses' } | { kind: 'days'; campaignId?: string; month: string };
export interface Delta {
  scope: Scope;
  attr: string;
  n: number;
}
/** A running maximum (cascade depth), applied with a conditional SET, naturally idempotent. */
export interface MaxUpdate {
  scope: Scope;
  attr: string;
  value: number;
}

export interface Attribution {
  campaignId: string;
  channel: string;
  variant: string;
}

/** Per-client analytics state (`USER#<id>/ASTATE`): what has already been counted for this client. */
export interface ClientState {
  /** Set once the user item has been seen; only `client` users are counted. */
  role?: string;
  attribution?: Attribution;
  /** Funnel stages reached, recorded even before the sign-up is seen so arrival order does not matter. */
  stages: ClientStage[];
  optIn: boolean;
  /** Paid sessions and spend (yuan) per month, YYYY-MM, last 12 months only. */
  months: Record<string, { sessions: number; spend: number }>;
  /** The tier histogram cell this client is currently counted in. */
  cell?: string;
  /** Campaigns in which this client has been counted as an inviter. */
  inviterIn: string[];
  /** The sign-up time (from the user item), once seen. */
  joinedAt?: string;
  /** First touch (shared/analytics/source.ts), decided when the sign-up is seen and moved to `invite` at most once. */
  source?: Source;
  /** The accepted invite that made this client a friend (one per person, ever). */
  invite?: { campaignId: string; generation: number; via: Via };
  /** Invite-loop facts that are not client funnel stages. */
  loop?: ('qualified' | 'paid')[];
  /** Paying new clients are counted once per source campaign. */
  revenueCounted?: boolean;
  /** Spend seen before the sign-up record (streams order records per item only). */
  pendingSpend?: { at: string; amount: number }[];
  /**
   * Set while the client has withdrawn consent to aggregate statistics (the date they withdrew): their later
   * events change no counter and nothing in this state (so nothing of that period is counted later either).
   */
  statisticsWithdrawnAt?: string;
  /** Bookings paid while withdrawn (not counted), so their later refunds are not counted either. */
  uncountedPaid?: string[];
  /** The client's membership level (profile `level`), for points and benefit uses by level; absent = the first. */
  level?: string;
  /** Per course id, how far this client has been counted (shared/analytics/courses.ts). */
  courses?: Record<string, CourseMark>;
  version: number;
}

export const emptyState = (): ClientState => ({ stages: [], optIn: false, months: {}, inviterIn: [], version: 0 });

export type DomainEvent =
  | { kind: 'user_created'; userId: string; role: string; optIn: boolean; attribution?: Attribution; at?: string }
  | { kind: 'opt_in_changed'; userId: string; optIn: boolean }
  /**
   * The client withdrew (or gave again) consent to aggregate statistics (profile `consent_statistics`). `optIn` is
   * the profile's marketing consent at that moment, `now` the time the change is applied (re-consent re-counts both).
   */
  | { kind: 'statistics_changed'; userId: string; granted: boolean; at: string; optIn: boolean; now: Date; level?: string }
  /** The membership capability moved the client to another level (profile `level`). */
  | { kind: 'level_changed'; userId: string; level: string }
  /**
   * A points ledger entry (functions/db/points.ts): `points` is its size (positive), except adjustments (signed);
   * `value` is what spent points bought, in yuan (a voucher's value, a paid seat's price), when it has one.
   */
  | { kind: 'points_moved'; userId: string; movement: PointsMovement; points: number; value?: number }
  /** A member benefit used: an early theme-day booking or gathering seat, a quarterly check-in reminder sent. */
  | { kind: 'benefit_used'; userId: string; benefit: string }
  | { kind: 'stage_reached'; userId: string; stage: ClientStage }
  | { kind: 'spend_recorded'; userId: string; at: string; sessions: number; amount: number; now: Date; bookingId?: string }
  | { kind: 'window_rolled'; userId: string; now: Date }
  | { kind: 'page_view'; campaignId: string; channel: string; variant: string }
  | { kind: 'visitor_first_seen'; campaignId: string; channel: string; variant: string }
  | { kind: 'invite_shared'; userId: string; campaignId: string; via?: ShareKind }
  | { kind: 'invite_opened'; campaignId: string; via: Via }
  | { kind: 'invite_accepted'; campaignId: string; depth: number; userId?: string; via?: Via }
  | { kind: 'invite_qualified'; userId: string }
  /** A booking reached paid (payments), or spend was recorded: the loop's last stage. */
  | { kind: 'paid'; userId: string; at: string }
  /** `userId`: the friend who was refused (absent on records written before it was carried). */
  | { kind: 'invite_rejected'; campaignId: string; reason: string; userId?: string }
  | { kind: 'voucher_granted'; campaignId: string; value: number; expiresAt: string }
  | { kind: 'voucher_redeemed'; campaignId: string; value: number; expiresAt: string; ownerId: string }
  | { kind: 'voucher_restored'; campaignId: string; value: number; expiresAt: string }
  | { kind: 'voucher_revoked'; campaignId: string; value: number; expiresAt: string; wasIssued: boolean }
  | { kind: 'nps_answered'; userId: string; score: number }
  /**
   * A client got into a course (`access`: redeemed it with points or first opened it through a level / tier
   * benefit), read a first lesson (`started`) or read them all (`finished`, with the points it earned, or
   * `noPoints` when none were given: no rule, or the rule's budget used up). `via` when known.
   */
  | CourseReached;

export const POINTS_MOVEMENTS = ['issued', 'spent', 'expired', 'adjusted'] as const;
export type PointsMovement = (typeof POINTS_MOVEMENTS)[number];

export interface Effect {
  /** The new client state to store (conditioned on the old version), when the event is about a client. */
  state?: ClientState;
  deltas: Delta[];
  max: MaxUpdate[];
}

const campaign = (id: string): Scope => ({ kind: 'campaign', id });
const TIERS_SCOPE: Scope = { kind: 'tiers' };
export const COURSES_SCOPE: Scope = { kind: 'courses' };
const days = (campaignId: string | undefined, at: string): Scope => ({ kind: 'days', ...(campaignId ? { campaignId } : {}), month: beijingMonth(at) });

/** Attribute names inside the counter items (documented in docs/data-model.md). */
export const attr = {
  funnel: (stage: string, channel: string, variant: string) => `f|${stage}|${channel}|${variant}`,
  views: (channel: string, variant: string) => `pv|${channel}|${variant}`,
  reachable: 'reach',
  clients: 'clients',
  voucher: (what: 'granted' | 'redeemed' | 'revoked', m: 'n' | 'value') => `v|${what}|${m}`,
  /** Vouchers still `issued`, by expiry day: those whose day has passed are the expired ones. */
  openByExpiry: (day: string, m: 'n' | 'value') => `vx|${day}|${m}`,
  shares: 'k|shares',
  sharesBy: (kind: string) => `k|shares|${kind}`,
  opens: 'k|opens',
  opensBy: (via: string) => `k|opens|${via}`,
  inviters: 'k|inviters',
  accepted: 'k|accepted',
  maxDepth: 'k|maxDepth',
  /** Friends at a loop stage (cumulative), by generation and by the share kind that brought them. */
  loopByGeneration: (stage: LoopStage, generation: number) => `il|${stage}|g${generation}`,
  loopByVia: (stage: LoopStage, via: string) => `il|${stage}|v${via}`,
  /** New clients whose first touch is this campaign's invite (channel ones are `f|signups|…`). */
  inviteClients: 'nc|invite',
  /** Recorded spend of this campaign's new clients within 90 days of their sign-up, and how many of them paid. */
  revenue: 'rev|value',
  payingClients: 'rev|clients',
  /** In a days item: new clients on a Beijing date from a source (`invite`, `ch:<channel>`, `none`). */
  day: (date: string, source: string) => `d|${date}|${source}`,
  /** In a practice-wide days item: payments (or recorded spend) seen that month. */
  paymentsSeen: 'pay',
  rejected: (reason: string) => `k|rej|${reason}`,
  nps: (group: string) => `nps|${group}`,
  cellClients: (c: string) => `c|${c}`,
  cellReachable: (c: string) => `r|${c}`,
  cellSpend: (c: string) => `s|${c}`,
  /**
   * Membership, in the tiers scope, by the client's level (`lv`) or tier histogram cell (`c`) at the time:
   * points by movement (`pts:issued` …), yuan bought with points (`pts:value`), uses of a benefit (`use:<kind>`).
   */
  member: (metric: string, dim: 'lv' | 'c', key: string) => `m|${metric}|${dim}|${key}`,
  /** In the courses scope: a course's figures (`co|<courseId>|access:points` …, shared/analytics/courses.ts). */
  course: (courseId: string, metric: string) => `co|${courseId}|${metric}`,
};

/** Which items an event's state lives in: events about a client carry `userId`. */
export const stateUserId = (e: DomainEvent): string | undefined =>
  'userId' in e && e.userId ? e.userId : e.kind === 'voucher_redeemed' ? e.ownerId : undefined;

export function reduce(prev: ClientState | undefined, e: DomainEvent): Effect {
  const s: ClientState = prev ? structuredClone(prev) : emptyState();
  const deltas: Delta[] = [];
  const max: MaxUpdate[] = [];
  const add = (scope: Scope, a: string, n: number) => n && deltas.push({ scope, attr: a, n });
  const isClient = () => s.role === 'client';
  const expiryDay = (iso: string) => iso.slice(0, 10);

  // Client funnel (per campaign channel and variant): a client counts at the furthest stage reached and every one
  // before it, so no stage ever exceeds the one before it whatever order the stream delivers.
  const funnelFurthest = () => Math.max(-1, ...s.stages.map((st) => CLIENT_STAGES.indexOf(st)));
  const countFunnel = (from: number, to: number) => {
    const a = s.attribution;
    if (!isClient() || !a) return;
    for (let i = from + 1; i <= to; i++) add(campaign(a.campaignId), attr.funnel(CLIENT_STAGES[i], a.channel, a.variant), 1);
  };
  const reachStage = (stage: ClientStage) => {
    if (s.stages.includes(stage)) return;
    const before = funnelFurthest();
    s.stages = CLIENT_STAGES.filter((st) => st === stage || s.stages.includes(st));
    countFunnel(before, funnelFurthest());
    countLoop(loopBefore, loopFurthest());
  };

  // Invite loop (per invite campaign, by generation and share kind), cumulative in the same way.
  const loopFurthest = () => {
    if (!s.invite) return -1;
    const reached: LoopStage[] = ['accepted'];
    if (s.loop?.includes('qualified')) reached.push('qualified');
    if (s.stages.includes('booked')) reached.push('booked');
    if (s.stages.includes('attended')) reached.push('attended');
    if (s.loop?.includes('paid')) reached.push('paid');
    return Math.max(...reached.map((st) => LOOP_STAGES.indexOf(st)));
  };
  const countLoop = (from: number, to: number) => {
    const inv = s.invite;
    if (!inv) return;
    for (let i = from + 1; i <= to; i++) {
      add(campaign(inv.campaignId), attr.loopByGeneration(LOOP_STAGES[i], storedGeneration(inv.generation)), 1);
      add(campaign(inv.campaignId), attr.loopByVia(LOOP_STAGES[i], inv.via), 1);
    }
  };
  const loopBefore = loopFurthest();
  const markLoop = (mark: 'qualified' | 'paid') => {
    if (s.loop?.includes(mark)) return;
    s.loop = [...(s.loop ?? []), mark];
    countLoop(loopBefore, loopFurthest());
  };

  // New clients by first-touch source: the daily series, invite-sourced clients and their 90-day revenue.
  const countSource = (src: Source, d: 1 | -1) => {
    if (!s.joinedAt) return;
    const cid = src.kind === 'none' ? undefined : src.campaignId;
    add(days(cid, s.joinedAt), attr.day(beijingDay(s.joinedAt), sourceKey(src)), d);
    if (src.kind === 'invite') add(campaign(src.campaignId), attr.inviteClients, d);
  };
  const countRevenue = (at: string, amount: number) => {
    const src = s.source;
    if (!src || src.kind === 'none' || !s.joinedAt || !withinRevenueWindow(s.joinedAt, at)) return;
    add(campaign(src.campaignId), attr.revenue, amount);
    if (!s.revenueCounted) {
      s.revenueCounted = true;
      add(campaign(src.campaignId), attr.payingClients, 1);
    }
  };

  // Statistics withdrawn: the client's own events are not counted, and not remembered to be counted later either
  // (the state stays as it was at withdrawal). Counts made before the withdrawal stay. A voucher's redemption still
  // moves the campaign's voucher ledger (money the practice gave out, which must reconcile with the budget), not the
  // owner's funnel.
  if (s.statisticsWithdrawnAt && e.kind !== 'statistics_changed' && stateUserId(e) !== undefined) {
    if (e.kind === 'spend_recorded' && e.amount > 0 && e.bookingId && !s.uncountedPaid?.includes(e.bookingId)) {
      s.uncountedPaid = [...(s.uncountedPaid ?? []), e.bookingId];
    }
    return { state: { ...s, version: s.version + 1 }, deltas: e.kind === 'voucher_redeemed' ? voucherLedger(e, 1) : [], max };
  }
  // The refund of a consult paid while withdrawn takes back nothing: its payment was never counted.
  if (e.kind === 'spend_recorded' && e.amount < 0 && e.bookingId && s.uncountedPaid?.includes(e.bookingId)) {
    return { state: { ...s, version: s.version + 1 }, deltas, max };
  }

  // A client's tier cell follows their spend in the 12-month window (spend recorded, the daily roll, re-consent).
  const moveCell = (spendBefore: number) => {
    const after = totals(s);
    if (!isClient() || !s.cell) return;
    const next = cellOf(...after);
    add(TIERS_SCOPE, attr.cellClients(s.cell), -1);
    add(TIERS_SCOPE, attr.cellSpend(s.cell), -spendBefore);
    add(TIERS_SCOPE, attr.cellClients(next), 1);
    add(TIERS_SCOPE, attr.cellSpend(next), after[1]);
    if (s.optIn) add(TIERS_SCOPE, attr.cellReachable(s.cell), -1), add(TIERS_SCOPE, attr.cellReachable(next), 1);
    s.cell = next;
  };
  // Membership figures by the level and the tier cell the client is in when it happens (clients only).
  const countMember = (metric: string, n: number) => {
    if (!isClient()) return;
    add(TIERS_SCOPE, attr.member(metric, 'lv', s.level ?? 'chushi'), n);
    if (s.cell) add(TIERS_SCOPE, attr.member(metric, 'c', s.cell), n);
  };
  const setOptIn = (optIn: boolean) => {
    if (s.optIn === optIn) return;
    s.optIn = optIn;
    if (!isClient()) return;
    const d = optIn ? 1 : -1;
    add(TIERS_SCOPE, attr.reachable, d);
    if (s.cell) add(TIERS_SCOPE, attr.cellReachable(s.cell), d);
    if (s.attribution) add(campaign(s.attribution.campaignId), attr.reachable, d);
  };

  switch (e.kind) {
    case 'statistics_changed': {
      if (!e.granted) {
        s.statisticsWithdrawnAt ??= e.at;
        break;
      }
      if (!s.statisticsWithdrawnAt) break;
      delete s.statisticsWithdrawnAt;
      if (e.level) s.level = e.level;
      // Counted again from now: the marketing consent as it is now, and the tier cell rolled to today's window
      // (both as the client stands now; nothing that happened while withdrawn is replayed).
      setOptIn(e.optIn);
      const spendBefore = totals(s)[1];
      s.months = windowMonths(s.months, e.now);
      moveCell(spendBefore);
      break;
    }
    case 'user_created': {
      if (s.role) break; // seen before (a replayed record)
      s.role = e.role;
      if (e.role !== 'client') break;
      s.optIn = e.optIn;
      s.attribution = e.attribution;
      s.joinedAt = e.at;
      s.cell = cellOf(...totals(s));
      add(TIERS_SCOPE, attr.clients, 1);
      add(TIERS_SCOPE, attr.cellClients(s.cell), 1);
      add(TIERS_SCOPE, attr.cellSpend(s.cell), totals(s)[1]);
      if (s.optIn) add(TIERS_SCOPE, attr.reachable, 1), add(TIERS_SCOPE, attr.cellReachable(s.cell), 1);
      const a = e.attribution;
      if (a) {
        const c = campaign(a.campaignId);
        add(c, attr.funnel('signups', a.channel, a.variant), 1);
        if (s.optIn) add(c, attr.reachable, 1);
        // Stages seen before the sign-up record (streams order items only within one key).
        countFunnel(-1, funnelFurthest());
      }
      // First touch: the sign-up's own attribution, else an invite accepted (seen earlier in the stream), else none.
      s.source = a ? { kind: 'channel', campaignId: a.campaignId, channel: a.channel } : s.invite ? { kind: 'invite', campaignId: s.invite.campaignId } : { kind: 'none' };
      countSource(s.source, 1);
      for (const p of s.pendingSpend ?? []) countRevenue(p.at, p.amount);
      delete s.pendingSpend;
      break;
    }
    case 'opt_in_changed':
      setOptIn(e.optIn);
      break;
    case 'level_changed':
      s.level = e.level;
      break;
    case 'points_moved':
      countMember(`pts:${e.movement}`, e.points);
      if (e.value) countMember('pts:value', e.value);
      break;
    case 'benefit_used':
      countMember(`use:${e.benefit}`, 1);
      break;
    case 'stage_reached':
      reachStage(e.stage);
      break;
    case 'spend_recorded':
    case 'window_rolled': {
      if (e.kind === 'spend_recorded') {
        const m = e.at.slice(0, 7);
        const cur = s.months[m] ?? { sessions: 0, spend: 0 };
        s.months[m] = { sessions: cur.sessions + e.sessions, spend: cur.spend + e.amount };
      }
      if (e.kind === 'spend_recorded') {
        if (s.role) countRevenue(e.at, e.amount);
        else s.pendingSpend = [...(s.pendingSpend ?? []), { at: e.at, amount: e.amount }];
        if (e.amount > 0) markLoop('paid');
        add(days(undefined, e.at), attr.paymentsSeen, 1);
      }
      const before = totals(s);
      s.months = windowMonths(s.months, e.now);
      moveCell(e.kind === 'spend_recorded' ? before[1] - e.amount : before[1]);
      break;
    }
    case 'page_view':
      add(campaign(e.campaignId), attr.views(e.channel, e.variant), 1);
      break;
    case 'visitor_first_seen':
      add(campaign(e.campaignId), attr.funnel('visitors', e.channel, e.variant), 1);
      break;
    case 'invite_shared':
      add(campaign(e.campaignId), attr.shares, 1);
      if (e.via) add(campaign(e.campaignId), attr.sharesBy(e.via), 1);
      if (!s.inviterIn.includes(e.campaignId)) {
        s.inviterIn = [...s.inviterIn, e.campaignId];
        add(campaign(e.campaignId), attr.inviters, 1);
      }
      break;
    case 'invite_opened':
      add(campaign(e.campaignId), attr.opens, 1);
      add(campaign(e.campaignId), attr.opensBy(e.via), 1);
      break;
    case 'invite_accepted': {
      if (s.invite) break; // one inviter per friend, ever: a replay changes nothing
      add(campaign(e.campaignId), attr.accepted, 1);
      max.push({ scope: campaign(e.campaignId), attr: attr.maxDepth, value: e.depth });
      if (!e.userId) break;
      s.invite = { campaignId: e.campaignId, generation: storedGeneration(e.depth), via: e.via ?? 'unknown' };
      countLoop(-1, loopFurthest());
      // A client who signed up with no campaign touch becomes this invite's new client (first touch wins).
      if (s.source?.kind === 'none') {
        countSource(s.source, -1);
        s.source = { kind: 'invite', campaignId: e.campaignId };
        countSource(s.source, 1);
      }
      break;
    }
    case 'invite_qualified':
      markLoop('qualified');
      break;
    case 'paid':
      markLoop('paid');
      add(days(undefined, e.at), attr.paymentsSeen, 1);
      break;
    case 'invite_rejected':
      add(campaign(e.campaignId), attr.rejected(e.reason), 1);
      break;
    case 'voucher_granted': {
      const c = campaign(e.campaignId);
      add(c, attr.voucher('granted', 'n'), 1);
      add(c, attr.voucher('granted', 'value'), e.value);
      add(c, attr.openByExpiry(expiryDay(e.expiresAt), 'n'), 1);
      add(c, attr.openByExpiry(expiryDay(e.expiresAt), 'value'), e.value);
      break;
    }
    case 'voucher_redeemed':
    case 'voucher_restored': {
      deltas.push(...voucherLedger(e, e.kind === 'voucher_redeemed' ? 1 : -1));
      // Redeeming a voucher is also the owner's last funnel stage.
      if (e.kind === 'voucher_redeemed') reachStage('redeemed');
      break;
    }
    case 'voucher_revoked': {
      const c = campaign(e.campaignId);
      add(c, attr.voucher('revoked', 'n'), 1);
      if (e.wasIssued) {
        add(c, attr.openByExpiry(expiryDay(e.expiresAt), 'n'), -1);
        add(c, attr.openByExpiry(expiryDay(e.expiresAt), 'value'), -e.value);
      }
      break;
    }
    case 'course_reached': {
      // Only clients read courses; a record seen before the sign-up is counted too (streams order per key only).
      if (s.role && !isClient()) break;
      const mark = reachCourse(s.courses?.[e.courseId], e);
      s.courses = { ...s.courses, [e.courseId]: mark.next };
      for (const [a, n] of mark.adds) add(COURSES_SCOPE, attr.course(e.courseId, a), n);
      break;
    }
    case 'nps_answered': {
      const g = npsGroup(e.score);
      add(TIERS_SCOPE, attr.nps(g), 1);
      if (s.attribution) add(campaign(s.attribution.campaignId), attr.nps(g), 1);
      break;
    }
  }
  const touchesState = stateUserId(e) !== undefined;
  return { state: touchesState ? { ...s, version: s.version + 1 } : undefined, deltas, max };
}

/** A redemption (+1) or its roll-back (-1) in the campaign's voucher ledger. */
function voucherLedger(e: { campaignId: string; value: number; expiresAt: string }, d: 1 | -1): Delta[] {
  const c = campaign(e.campaignId);
  const day = e.expiresAt.slice(0, 10);
  return [
    { scope: c, attr: attr.voucher('redeemed', 'n'), n: d },
    { scope: c, attr: attr.voucher('redeemed', 'value'), n: d * e.value },
    { scope: c, attr: attr.openByExpiry(day, 'n'), n: -d },
    { scope: c, attr: attr.openByExpiry(day, 'value'), n: -d * e.value },
  ].filter((x) => x.n !== 0);
}

function totals(s: Pick<ClientState, 'months'>): [number, number] {
  let sessions = 0;
  let spend = 0;
  for (const m of Object.values(s.months)) (sessions += m.sessions), (spend += m.spend);
  return [sessions, spend];
}
