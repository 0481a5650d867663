import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attr, reduce, type ClientState, type DomainEvent } from '../../shared/analytics/counters';
import { CLIENT_STAGES } from '../../shared/analytics/funnel';
import { inviteLoop } from '../../shared/analytics/growth';
import { LOOP_STAGES, MAX_STORED_GENERATION, SHARE_KINDS } from '../../shared/analytics/loop';
import { beijingDay } from '../../shared/analytics/source';

/**
 * The growth loop's counters from the pure reducer: events for many clients, in any order the stream may deliver
 * them, summed per counter item as DynamoDB would (scope → attribute → number).
 */
function run(events: DomainEvent[]) {
  const states = new Map<string, ClientState>();
  const totals: Record<string, number> = {};
  for (const e of events) {
    const uid = 'userId' in e && e.userId ? e.userId : e.kind === 'voucher_redeemed' ? e.ownerId : undefined;
    const out = reduce(uid ? states.get(uid) : undefined, e);
    if (uid && out.state) states.set(uid, out.state);
    for (const d of out.deltas) {
      const scope = d.scope.kind === 'campaign' ? d.scope.id : d.scope.kind === 'days' ? `days:${d.scope.campaignId ?? 'all'}` : 'tiers';
      const k = `${scope}:${d.attr}`;
      totals[k] = (totals[k] ?? 0) + d.n;
    }
    for (const m of out.max) totals[`max:${m.attr}`] = Math.max(totals[`max:${m.attr}`] ?? 0, m.value);
  }
  return { totals, states };
}
/** The counters of one campaign, as the dashboard reads them. */
const campaignCounters = (totals: Record<string, number>, id: string) =>
  Object.fromEntries(Object.entries(totals).filter(([k]) => k.startsWith(`${id}:`)).map(([k, v]) => [k.slice(id.length + 1), v]));

const JOINED = '2026-11-20T03:00:00.000Z';
const user = (userId: string, attribution?: { campaignId: string; channel: string; variant: string }): DomainEvent => ({
  kind: 'user_created',
  userId,
  role: 'client',
  optIn: false,
  attribution,
  at: JOINED,
});

/** Random per-client facts, shuffled together: what a stream might deliver for a small population. */
const clientFacts = fc.array(
  fc.record({
    attributed: fc.boolean(),
    invited: fc.boolean(),
    depth: fc.integer({ min: 1, max: 6 }),
    via: fc.constantFrom(...SHARE_KINDS),
    stages: fc.subarray([...CLIENT_STAGES]),
    qualified: fc.boolean(),
    paid: fc.boolean(),
  }),
  { minLength: 1, maxLength: 12 },
);

type Facts = typeof clientFacts extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(facts: Facts): DomainEvent[] {
  const out: DomainEvent[] = [];
  facts.forEach((f, i) => {
    const id = `u${i}`;
    out.push(user(id, f.attributed ? { campaignId: 'c1', channel: 'douyin', variant: 'A' } : undefined));
    for (const stage of f.stages) out.push({ kind: 'stage_reached', userId: id, stage });
    if (f.invited) out.push({ kind: 'invite_accepted', campaignId: 'c1', depth: f.depth, userId: id, via: f.via });
    if (f.qualified) out.push({ kind: 'invite_qualified', userId: id });
    if (f.paid) out.push({ kind: 'paid', userId: id, at: '2026-11-21T03:00:00.000Z' });
  });
  return out;
}

describe('the invite loop and funnel counters', () => {
  it('no funnel stage ever exceeds the one before it, for any events in any order', () => {
    fc.assert(
      fc.property(clientFacts.chain((facts) => fc.shuffledSubarray(eventsOf(facts))), (events) => {
        const n = campaignCounters(run(events).totals, 'c1');
        const f = (stage: string) => n[`f|${stage}|douyin|A`] ?? 0;
        const clientStages = ['signups', ...CLIENT_STAGES];
        for (let i = 1; i < clientStages.length; i++) expect(f(clientStages[i])).toBeLessThanOrEqual(f(clientStages[i - 1]) || 0);
        for (let g = 1; g <= MAX_STORED_GENERATION; g++) {
          for (let i = 1; i < LOOP_STAGES.length; i++) expect(n[attr.loopByGeneration(LOOP_STAGES[i], g)] ?? 0).toBeLessThanOrEqual(n[attr.loopByGeneration(LOOP_STAGES[i - 1], g)] ?? 0);
        }
        for (const via of SHARE_KINDS) {
          for (let i = 1; i < LOOP_STAGES.length; i++) expect(n[attr.loopByVia(LOOP_STAGES[i], via)] ?? 0).toBeLessThanOrEqual(n[attr.loopByVia(LOOP_STAGES[i - 1], via)] ?? 0);
        }
        // and so on the dashboard (raw numbers, before "<5")
        const shown = inviteLoop(n, true).stages.slice(2).map((s) => s.count);
        for (let i = 1; i < shown.length; i++) {
          if (typeof shown[i] === 'number' && typeof shown[i - 1] === 'number') expect(shown[i] as number).toBeLessThanOrEqual(shown[i - 1] as number);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the same facts in any order give the same counters (the stream orders records per item only)', () => {
    fc.assert(
      fc.property(clientFacts.chain((facts) => fc.tuple(fc.constant(eventsOf(facts)), fc.shuffledSubarray(eventsOf(facts), { minLength: eventsOf(facts).length }))), ([inOrder, shuffled]) => {
        const clean = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== 0));
        expect(clean(run(shuffled).totals)).toEqual(clean(run(inOrder).totals));
      }),
      { numRuns: 200 },
    );
  });
});

describe('first-touch attribution', () => {
  const day = beijingDay(JOINED);
  const campaignThenInvite: DomainEvent[] = [
    user('u1', { campaignId: 'c2', channel: 'douyin', variant: 'A' }),
    { kind: 'invite_accepted', campaignId: 'c1', depth: 1, userId: 'u1', via: 'card' },
  ];
  const plainThenInvite: DomainEvent[] = [user('u2'), { kind: 'invite_accepted', campaignId: 'c1', depth: 2, userId: 'u2', via: 'poster' }];

  it.each([
    ['in order', [0, 1]],
    ['accept seen first', [1, 0]],
  ])('a client who came through a campaign page and later accepts an invite is counted once, under the channel (%s)', (_l, order) => {
    const { totals } = run(order.map((i) => campaignThenInvite[i]));
    expect(totals['c2:f|signups|douyin|A']).toBe(1);
    expect(totals[`days:c2:d|${day}|ch:douyin`]).toBe(1);
    expect(totals['c1:nc|invite'] ?? 0).toBe(0);
    expect(totals[`days:c1:d|${day}|invite`] ?? 0).toBe(0);
    expect(totals[`days:all:d|${day}|none`] ?? 0).toBe(0);
    // the invite loop still shows the acceptance
    expect(totals['c1:il|accepted|g1']).toBe(1);
    expect(totals['c1:il|accepted|vcard']).toBe(1);
  });

  it.each([
    ['in order', [0, 1]],
    ['accept seen first', [1, 0]],
  ])('a client with no campaign touch who accepts an invite is the invite’s new client, not "none" (%s)', (_l, order) => {
    const { totals } = run(order.map((i) => plainThenInvite[i]));
    expect(totals['c1:nc|invite']).toBe(1);
    expect(totals[`days:c1:d|${day}|invite`]).toBe(1);
    expect(totals[`days:all:d|${day}|none`] ?? 0).toBe(0);
    expect(totals['c1:il|accepted|g2']).toBe(1);
  });

  it('a client with no touch at all counts as "none"; revenue within 90 days counts for the first-touch campaign only', () => {
    const { totals } = run([
      user('u3'),
      user('u4', { campaignId: 'c2', channel: 'wechat', variant: 'A' }),
      { kind: 'spend_recorded', userId: 'u4', at: '2026-12-01T03:00:00.000Z', sessions: 1, amount: 300, now: new Date('2026-12-01T03:00:00.000Z') },
      { kind: 'spend_recorded', userId: 'u4', at: '2027-06-01T03:00:00.000Z', sessions: 1, amount: 500, now: new Date('2027-06-01T03:00:00.000Z') },
    ]);
    expect(totals[`days:all:d|${day}|none`]).toBe(1);
    expect(totals['c2:rev|value']).toBe(300); // the June payment is past 90 days
    expect(totals['c2:rev|clients']).toBe(1);
  });
});

describe('generations on random referral forests', () => {
  /** A forest as parent indices: node i's parent is an earlier node or none (a first inviter, generation 0). */
  const forest = fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 1, maxLength: 60 }).map((parents) =>
    parents.map((p, i) => (p === undefined || i === 0 ? undefined : p % i)),
  );

  it('friends are counted per generation (1, 2, 3+), K per generation is next ÷ this, depth is the tallest chain', () => {
    fc.assert(
      fc.property(forest, fc.infiniteStream(fc.constantFrom(...SHARE_KINDS)), (parents, vias) => {
        const depth: number[] = [];
        parents.forEach((p, i) => (depth[i] = p === undefined ? 0 : depth[p] + 1));
        const events: DomainEvent[] = [];
        const kinds = [...vias.take(parents.length)];
        parents.forEach((p, i) => {
          if (p !== undefined) events.push({ kind: 'invite_accepted', campaignId: 'c1', depth: depth[i], userId: `n${i}`, via: kinds[i] });
        });
        const { totals } = run(events);
        const n = campaignCounters(totals, 'c1');
        const atDepth = (pred: (d: number) => boolean) => depth.filter((d) => d > 0 && pred(d)).length;
        const stored = (gs: number[]) => gs.reduce((s, g) => s + (n[attr.loopByGeneration('accepted', g)] ?? 0), 0);
        const deep = Array.from({ length: MAX_STORED_GENERATION - 2 }, (_, i) => i + 3);
        expect(stored([1])).toBe(atDepth((d) => d === 1));
        expect(stored([2])).toBe(atDepth((d) => d === 2));
        expect(stored(deep)).toBe(atDepth((d) => d >= 3));
        expect(n[attr.accepted] ?? 0).toBe(atDepth(() => true));
        expect(totals['max:k|maxDepth'] ?? 0).toBe(Math.max(0, ...depth));
        // the by-kind split adds up to the same friends
        expect(SHARE_KINDS.reduce((s, v) => s + (n[attr.loopByVia('accepted', v)] ?? 0), 0)).toBe(atDepth(() => true));

        const loop = inviteLoop(n, false);
        const g1 = atDepth((d) => d === 1);
        const g2 = atDepth((d) => d === 2);
        const k1 = loop.byGeneration[0].k;
        if (g1 >= 5 && (g2 === 0 || g2 >= 5)) expect(k1).toBeCloseTo(g2 / g1, 3);
        else expect(k1).toBeNull();
        // every cell covering 1–4 friends is "<5"
        for (const row of loop.byGeneration) if (typeof row.accepted === 'number') expect(row.accepted === 0 || row.accepted >= 5).toBe(true);
        // payments not live: the paid stage is "—" (null), never 0
        expect(loop.stages.find((s) => s.stage === 'paid')!.count).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
