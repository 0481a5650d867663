import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
