import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../functions/analytics/stream';
import { reduce, type ClientState, type Delta, type DomainEvent } from '../../shared/analytics/counters';

/** Applies events in order to one client's state, summing the deltas as the counter items would. */
function run(events: DomainEvent[]) {
  let state: ClientState | undefined;
  const totals: Record<string, number> = {};
  for (const e of events) {
    const out = reduce(state, e);
    if (out.state) state = out.state;
    for (const d of out.deltas as Delta[]) {
      const k = `${d.scope.kind === 'campaign' ? d.scope.id : 'tiers'}:${d.attr}`;
      totals[k] = (totals[k] ?? 0) + d.n;
    }
  }
  for (const k of Object.keys(totals)) if (totals[k] === 0) delete totals[k];
  return { state, totals };
}

const attribution = { campaignId: 'c1', channel: 'douyin', variant: 'A' };
const signup: DomainEvent = { kind: 'user_created', userId: 'u1', role: 'client', optIn: false, attribution };

describe('the analytics reducer', () => {
  it('counts each funnel stage once per client, in whatever order the stream delivers the items', () => {
    const stages: DomainEvent[] = [
      { kind: 'stage_reached', userId: 'u1', stage: 'selftests' },
      { kind: 'stage_reached', userId: 'u1', stage: 'selftests' },
      { kind: 'stage_reached', userId: 'u1', stage: 'booked' },
      { kind: 'stage_reached', userId: 'u1', stage: 'attended' },
    ];
    const expected = {
      'c1:f|signups|douyin|A': 1,
      'c1:f|selftests|douyin|A': 1,
      'c1:f|booked|douyin|A': 1,
      'c1:f|attended|douyin|A': 1,
      'tiers:clients': 1,
      'tiers:c|0:0': 1,
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: stages.length }), (at) => {
        // the sign-up record may arrive before, between or after the others
        const events = [...stages.slice(0, at), signup, ...stages.slice(at)];
        expect(run(events).totals).toEqual(expected);
      }),
    );
  });

  it('marketing consent moves the reachable counts both ways; a repeated value changes nothing', () => {
    const { totals } = run([
      signup,
      { kind: 'opt_in_changed', userId: 'u1', optIn: true },
      { kind: 'opt_in_changed', userId: 'u1', optIn: true },
    ]);
    expect(totals).toMatchObject({ 'tiers:reach': 1, 'tiers:r|0:0': 1, 'c1:reach': 1 });
    const off = run([signup, { kind: 'opt_in_changed', userId: 'u1', optIn: true }, { kind: 'opt_in_changed', userId: 'u1', optIn: false }]);
    expect(off.totals['tiers:reach']).toBeUndefined();
  });

  it('spend moves the client to its new histogram cell, and old months drop out of the 12-month window', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const { totals, state } = run([
      signup,
      { kind: 'spend_recorded', userId: 'u1', at: '2025-11-05T00:00:00Z', sessions: 1, amount: 500, now: new Date('2025-11-06T00:00:00Z') },
      { kind: 'spend_recorded', userId: 'u1', at: '2026-10-05T00:00:00Z', sessions: 2, amount: 800, now },
    ]);
    // November 2025 is outside the window ending November 2026: 2 sessions, ¥800 → cell 2:8
    expect(state!.cell).toBe('2:8');
    expect(totals).toMatchObject({ 'tiers:c|2:8': 1, 'tiers:s|2:8': 800, 'tiers:clients': 1 });
    expect(totals['tiers:c|1:5']).toBeUndefined();
    expect(totals['tiers:c|0:0']).toBeUndefined();
  });

  it('staff are never counted as clients', () => {
    expect(run([{ kind: 'user_created', userId: 's1', role: 'marketer', optIn: true }]).totals).toEqual({});
  });

  it('vouchers: a redemption rolled back and redone counts once; open vouchers are tracked by expiry day', () => {
    const v = { campaignId: 'c1', value: 50, expiresAt: '2026-12-31T10:00:00Z' };
    const { totals } = run([
      signup,
      { kind: 'voucher_granted', ...v },
      { kind: 'voucher_redeemed', ...v, ownerId: 'u1' },
      { kind: 'voucher_restored', ...v },
      { kind: 'voucher_redeemed', ...v, ownerId: 'u1' },
    ]);
    expect(totals).toMatchObject({ 'c1:v|granted|n': 1, 'c1:v|redeemed|n': 1, 'c1:v|redeemed|value': 50, 'c1:f|redeemed|douyin|A': 1 });
    expect(totals['c1:vx|2026-12-31|n']).toBeUndefined(); // no longer open
  });
});

describe('consent to aggregate statistics (withdrawn from then on)', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  const withdraw: DomainEvent = { kind: 'statistics_changed', userId: 'u1', granted: false, at: '2026-11-01T00:00:00Z', optIn: false, now };
  const regrant = (optIn = false): DomainEvent => ({ kind: 'statistics_changed', userId: 'u1', granted: true, at: '2026-11-20T00:00:00Z', optIn, now });
  const v = { campaignId: 'c1', value: 50, expiresAt: '2026-12-31T10:00:00Z' };

  /** Anything the client can do that reaches the analytics stream, in any order and number. */
  const clientEvent: fc.Arbitrary<DomainEvent> = fc.oneof(
    fc.constantFrom('selftests', 'booked', 'attended', 'redeemed').map((stage): DomainEvent => ({ kind: 'stage_reached', userId: 'u1', stage })),
    fc.record({ month: fc.integer({ min: 1, max: 11 }), amount: fc.integer({ min: 0, max: 3000 }), sessions: fc.integer({ min: 1, max: 3 }) }).map(
      ({ month, amount, sessions }): DomainEvent => ({ kind: 'spend_recorded', userId: 'u1', at: `2026-${String(month).padStart(2, '0')}-10T00:00:00Z`, sessions, amount, now }),
    ),
    fc.boolean().map((optIn): DomainEvent => ({ kind: 'opt_in_changed', userId: 'u1', optIn })),
    fc.constantFrom('c1', 'c2').map((campaignId): DomainEvent => ({ kind: 'invite_shared', userId: 'u1', campaignId, via: 'card' })),
    fc.integer({ min: 1, max: 4 }).map((depth): DomainEvent => ({ kind: 'invite_accepted', campaignId: 'c2', depth, userId: 'u1', via: 'link' })),
    fc.constant<DomainEvent>({ kind: 'invite_qualified', userId: 'u1' }),
    fc.constant<DomainEvent>({ kind: 'paid', userId: 'u1', at: '2026-11-02T00:00:00Z' }),
    fc.integer({ min: 0, max: 10 }).map((score): DomainEvent => ({ kind: 'nps_answered', userId: 'u1', score })),
    fc.constant<DomainEvent>({ kind: 'invite_rejected', campaignId: 'c2', reason: 'already_client', userId: 'u1' }),
    fc.constant<DomainEvent>({ kind: 'window_rolled', userId: 'u1', now: new Date('2027-06-01T00:00:00Z') }),
  );

  it('a withdrawn client’s events change no counter (funnel, invite loop, daily series, tiers, NPS, revenue)', () => {
    fc.assert(
      fc.property(fc.array(clientEvent, { maxLength: 6 }), fc.array(clientEvent, { minLength: 1, maxLength: 12 }), (before, during) => {
        let state = run([signup, ...before, withdraw]).state;
        for (const e of during) {
          const out = reduce(state, e);
          expect(out.deltas).toEqual([]);
          expect(out.max).toEqual([]);
          state = out.state;
        }
      }),
    );
  });

  it('counts made before the withdrawal stay', () => {
    const before: DomainEvent[] = [signup, { kind: 'stage_reached', userId: 'u1', stage: 'booked' }, { kind: 'nps_answered', userId: 'u1', score: 10 }];
    expect(run([...before, withdraw]).totals).toEqual(run(before).totals);
    expect(run([...before, withdraw]).totals).toMatchObject({ 'c1:f|booked|douyin|A': 1, 'c1:nps|promoter': 1, 'tiers:clients': 1 });
  });

  it('re-consent resumes counting; nothing done while withdrawn is counted, then or later', () => {
    fc.assert(
      fc.property(
        fc.array(clientEvent, { maxLength: 6 }),
        fc.array(clientEvent, { maxLength: 8 }),
        fc.array(clientEvent, { maxLength: 6 }),
        fc.boolean(),
        (before, during, after, optIn) => {
          const withPeriod = run([signup, ...before, withdraw, ...during, regrant(optIn), ...after]).totals;
          const withoutPeriod = run([signup, ...before, withdraw, regrant(optIn), ...after]).totals;
          expect(withPeriod).toEqual(withoutPeriod);
        },
      ),
    );
  });

  it('after re-consent later events count again, and the marketing consent of that moment counts', () => {
    const { totals } = run([
      signup,
      withdraw,
      { kind: 'stage_reached', userId: 'u1', stage: 'selftests' },
      { kind: 'nps_answered', userId: 'u1', score: 2 },
      { kind: 'opt_in_changed', userId: 'u1', optIn: true },
      regrant(true),
      { kind: 'nps_answered', userId: 'u1', score: 9 },
      { kind: 'invite_shared', userId: 'u1', campaignId: 'c2' },
    ]);
    expect(totals).toMatchObject({ 'c1:nps|promoter': 1, 'tiers:nps|promoter': 1, 'c2:k|shares': 1, 'c2:k|inviters': 1, 'tiers:reach': 1, 'c1:reach': 1 });
    expect(totals['c1:nps|detractor']).toBeUndefined();
    expect(totals['c1:f|selftests|douyin|A']).toBeUndefined();
  });

  it('withdrawing or giving consent twice changes nothing more than once', () => {
    const once = run([signup, { kind: 'opt_in_changed', userId: 'u1', optIn: true }, withdraw, regrant(false)]);
    const twice = run([signup, { kind: 'opt_in_changed', userId: 'u1', optIn: true }, withdraw, withdraw, regrant(false), regrant(false)]);
    expect(twice.totals).toEqual(once.totals);
    expect(once.totals['tiers:reach']).toBeUndefined(); // opted out while withdrawn: re-consent counts today's answer
    expect(run([signup, withdraw, withdraw]).state!.statisticsWithdrawnAt).toBe('2026-11-01T00:00:00Z');
  });

  it('the refund of a consult paid while withdrawn takes nothing back after re-consent', () => {
    const pay = (amount: number, sessions: number): DomainEvent => ({ kind: 'spend_recorded', userId: 'u1', at: '2026-11-05T00:00:00Z', sessions, amount, now, bookingId: 'b1' });
    const withRefund = run([signup, withdraw, pay(300, 1), regrant(), pay(-300, -1)]);
    expect(withRefund.totals).toEqual(run([signup, withdraw, regrant()]).totals);
    expect(withRefund.state!.months).toEqual({});
    // a consult paid while counted is refunded as before
    const counted = run([signup, pay(300, 1)]);
    expect(counted.totals).toMatchObject({ 'tiers:c|1:3': 1, 'tiers:s|1:3': 300 });
    const refunded = run([signup, pay(300, 1), pay(-300, -1)]);
    expect(refunded.state!.months).toEqual({ '2026-11': { sessions: 0, spend: 0 } });
    expect(refunded.totals).toMatchObject({ 'tiers:c|0:0': 1 });
    expect(refunded.totals['tiers:c|1:3']).toBeUndefined();
  });

  it('a withdrawn owner’s redemption moves the voucher ledger, not their funnel; the ledger stays balanced', () => {
    const { totals } = run([
      signup,
      { kind: 'voucher_granted', ...v },
      withdraw,
      { kind: 'voucher_redeemed', ...v, ownerId: 'u1' },
      regrant(),
      { kind: 'voucher_restored', ...v },
      { kind: 'voucher_redeemed', ...v, ownerId: 'u1' },
    ]);
    expect(totals).toMatchObject({ 'c1:v|granted|n': 1, 'c1:v|redeemed|n': 1, 'c1:v|redeemed|value': 50, 'c1:f|redeemed|douyin|A': 1 });
    expect(totals['c1:vx|2026-12-31|n']).toBeUndefined();
    const withdrawnOnly = run([signup, { kind: 'voucher_granted', ...v }, withdraw, { kind: 'voucher_redeemed', ...v, ownerId: 'u1' }]).totals;
    expect(withdrawnOnly['c1:v|redeemed|n']).toBe(1);
    expect(withdrawnOnly['c1:f|redeemed|douyin|A']).toBeUndefined();
  });

  it('a friend’s own events still count for the campaign when their inviter has withdrawn', () => {
    // the inviter's state is not read for a friend's events: the friend's consent is what counts
    const friendSignup: DomainEvent = { kind: 'user_created', userId: 'f1', role: 'client', optIn: false, at: '2026-11-02T00:00:00Z' };
    let friend = reduce(undefined, friendSignup).state;
    const accepted = reduce(friend, { kind: 'invite_accepted', campaignId: 'c1', depth: 1, userId: 'f1', via: 'card' });
    friend = accepted.state;
    expect(accepted.deltas.map((d) => d.attr)).toEqual(expect.arrayContaining(['k|accepted', 'il|accepted|g1', 'nc|invite']));
    const booked = reduce(friend, { kind: 'stage_reached', userId: 'f1', stage: 'booked' });
    expect(booked.deltas.map((d) => d.attr)).toContain('il|booked|g1');
  });
});

describe('profile changes on the stream', () => {
  const profile = (over: Record<string, unknown>) => ({ pk: 'USER#u1', sk: 'PROFILE', id: 'u1', role: 'client', marketingOptIn: true, ...over });
  const kinds = async (o: Record<string, unknown>, n: Record<string, unknown>) =>
    (await eventsOf({ eventName: 'MODIFY', sequenceNumber: '1', keys: { pk: 'USER#u1', sk: 'PROFILE' }, oldImage: profile(o), newImage: profile(n) }, new Date())).map((x) => x.event);

  it('a withdrawal of statistics consent comes before a marketing change written with it; other changes say nothing', async () => {
    const withdrawn = { consent_statistics: { granted: false, at: '2026-11-01T00:00:00Z' } };
    expect(await kinds({}, { ...withdrawn, marketingOptIn: false })).toMatchObject([
      { kind: 'statistics_changed', granted: false, at: '2026-11-01T00:00:00Z', optIn: false },
      { kind: 'opt_in_changed', optIn: false },
    ]);
    expect(await kinds(withdrawn, { consent_statistics: { granted: true, at: '2026-11-20T00:00:00Z' } })).toMatchObject([{ kind: 'statistics_changed', granted: true, optIn: true }]);
    // statistics is on by default: granting it explicitly, or another purpose changing, is no event
    expect(await kinds({}, { consent_statistics: { granted: true, at: '2026-11-20T00:00:00Z' } })).toEqual([]);
    expect(await kinds(withdrawn, { ...withdrawn, consent_gatherings: { granted: true, at: '2026-11-21T00:00:00Z' } })).toEqual([]);
  });
});

describe('membership figures in the reducer', () => {
  const now = new Date('2026-11-20T00:00:00Z');
  const pointsOf = (points: number): DomainEvent => ({ kind: 'points_moved', userId: 'u1', movement: 'issued', points });

  it('counts points and benefit uses by the level and the tier cell the client is in at the time', () => {
    const { totals } = run([
      signup,
      pointsOf(20),
      { kind: 'level_changed', userId: 'u1', level: 'zhiyou' },
      { kind: 'spend_recorded', userId: 'u1', at: now.toISOString(), sessions: 4, amount: 2500, now },
      pointsOf(30),
      { kind: 'points_moved', userId: 'u1', movement: 'spent', points: 100, value: 50 },
      { kind: 'benefit_used', userId: 'u1', benefit: 'early_themeday' },
    ]);
    expect(totals).toMatchObject({
      'tiers:m|pts:issued|lv|chushi': 20,
      'tiers:m|pts:issued|c|0:0': 20,
      'tiers:m|pts:issued|lv|zhiyou': 30,
      'tiers:m|pts:issued|c|4:25': 30,
      'tiers:m|pts:spent|lv|zhiyou': 100,
      'tiers:m|pts:value|c|4:25': 50,
      'tiers:m|use:early_themeday|lv|zhiyou': 1,
      'tiers:m|use:early_themeday|c|4:25': 1,
    });
  });

  it('counts nothing for a client who withdrew statistics, and takes up their level again when they consent again', () => {
    const withdrawn = run([
      signup,
      { kind: 'statistics_changed', userId: 'u1', granted: false, at: now.toISOString(), optIn: false, now },
      { kind: 'level_changed', userId: 'u1', level: 'zhiji' },
      pointsOf(20),
      { kind: 'benefit_used', userId: 'u1', benefit: 'early_gathering' },
    ]);
    expect(Object.keys(withdrawn.totals).filter((k) => k.includes('m|'))).toEqual([]);
    const back = run([
      signup,
      { kind: 'statistics_changed', userId: 'u1', granted: false, at: now.toISOString(), optIn: false, now },
      { kind: 'level_changed', userId: 'u1', level: 'zhiji' },
      { kind: 'statistics_changed', userId: 'u1', granted: true, at: now.toISOString(), optIn: false, now, level: 'zhiji' },
      pointsOf(20),
    ]);
    expect(back.totals['tiers:m|pts:issued|lv|zhiji']).toBe(20);
  });

  it('counts staff nothing', () => {
    const { totals } = run([{ kind: 'user_created', userId: 'u1', role: 'marketer', optIn: false }, pointsOf(20)]);
    expect(Object.keys(totals).filter((k) => k.includes('m|'))).toEqual([]);
  });
});

describe('membership facts read from the stream', () => {
  const insert = async (pk: string, sk: string, n: Record<string, unknown>) =>
    (await eventsOf({ eventName: 'INSERT', sequenceNumber: '1', keys: { pk, sk }, newImage: { pk, sk, ...n } }, new Date())).map((x) => x.event);

  it('every points ledger entry, with its size (signed for adjustments) and what it bought', async () => {
    expect(await insert('USER#u1', 'PTS#earn:gathering_attended:g1', { kind: 'earn', points: 20 })).toEqual([{ kind: 'points_moved', userId: 'u1', movement: 'issued', points: 20 }]);
    expect(await insert('USER#u1', 'PTS#spend:voucher:v1', { kind: 'spend', points: -100, value: 50 })).toEqual([{ kind: 'points_moved', userId: 'u1', movement: 'spent', points: 100, value: 50 }]);
    expect(await insert('USER#u1', 'PTS#expire:x', { kind: 'expire', points: -20 })).toMatchObject([{ movement: 'expired', points: 20 }]);
    expect(await insert('USER#u1', 'PTS#adjust:a1', { kind: 'adjust', points: -5 })).toMatchObject([{ movement: 'adjusted', points: -5 }]);
  });

  it('benefits used: an early seat (not a waitlist ticket), an early theme-day booking, a check-in reminder sent', async () => {
    expect(await insert('GATHERING#g1', 'REG#u1', { early: true, status: 'registered' })).toEqual([{ kind: 'benefit_used', userId: 'u1', benefit: 'early_gathering' }]);
    expect(await insert('GATHERING#g1', 'REG#u1', { early: true, status: 'waitlisted' })).toEqual([]);
    expect(await insert('GATHERING#g1', 'REG#u1', { status: 'registered' })).toEqual([]);
    const again = async (oldStatus: string) =>
      (await eventsOf({ eventName: 'MODIFY', sequenceNumber: '2', keys: { pk: 'GATHERING#g1', sk: 'REG#u1' }, oldImage: { status: oldStatus }, newImage: { early: true, status: 'registered' } }, new Date())).map((x) => x.event);
    expect(await again('cancelled')).toEqual([{ kind: 'benefit_used', userId: 'u1', benefit: 'early_gathering' }]);
    expect(await again('registered')).toEqual([]); // a check-in or another change of the same seat
    expect(await insert('BOOKING#b1', 'BOOKING', { clientId: 'u1', status: 'booked', early: true })).toContainEqual({ kind: 'benefit_used', userId: 'u1', benefit: 'early_themeday' });
    expect(await insert('USER#u1', 'CHECKINREMIND#2026-Q4', { status: 'sent' })).toEqual([{ kind: 'benefit_used', userId: 'u1', benefit: 'checkin_reminder' }]);
  });
});
