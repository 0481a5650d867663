import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  budgetAllows,
  friendsNeededForNext,
  friendVoucherId,
  inviterVoucherId,
  inviterVouchersDue,
  pendingMilestones,
  type BudgetUse,
} from '../../shared/referral/rewards';
import { DEFAULT_REWARD_RULES, RewardRulesSchema, type RewardRules } from '../../shared/referral/rules';

/**
 * A model of the grant process the service runs, built only from the shared rules: each event is a friend's
 * qualifying action (possibly repeated — a retry or a second self-test), in any order. A friend counts once;
 * their voucher and the inviter's pending milestones are granted while the budget allows, else recorded.
 */
function simulate(events: number[], rules: RewardRules) {
  const qualified = new Set<number>();
  const used: BudgetUse = { vouchers: 0, value: 0 };
  let inviterGranted = 0;
  let notGranted = 0;
  let friendVouchers = 0;
  const grant = (value: number) => {
    if (!budgetAllows(used, rules.budget, value)) return false;
    used.vouchers += 1;
    used.value += value;
    return true;
  };
  for (const friend of events) {
    if (!qualified.has(friend)) {
      qualified.add(friend);
      if (grant(rules.friendReward.value)) friendVouchers++;
    }
    for (const _ of pendingMilestones(qualified.size, inviterGranted + notGranted, rules)) {
      if (grant(rules.inviterReward.value)) inviterGranted++;
      else notGranted++;
    }
  }
  return { qualified: qualified.size, inviterGranted, notGranted, friendVouchers, used };
}

const rulesArb = fc
  .record({
    milestone: fc.integer({ min: 1, max: 6 }),
    repeatMilestone: fc.boolean(),
    inviterReward: fc.record({ value: fc.integer({ min: 1, max: 300 }), validDays: fc.integer({ min: 1, max: 366 }) }),
    friendReward: fc.record({ value: fc.integer({ min: 1, max: 300 }), validDays: fc.integer({ min: 1, max: 366 }) }),
    budget: fc.record({ maxVouchers: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }), maxValue: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }) }),
  })
  .map((r) => RewardRulesSchema.parse(r));
const eventsArb = fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 80 });

describe('inviter vouchers due', () => {
  it('with repeat: floor(qualified / milestone) for any order of events and any retries, without a budget', () => {
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 1, max: 6 }), (events, milestone) => {
        const rules = { ...DEFAULT_REWARD_RULES, milestone, repeatMilestone: true, budget: {} };
        const out = simulate(events, rules);
        expect(out.inviterGranted).toBe(Math.floor(out.qualified / milestone));
        expect(out.friendVouchers).toBe(out.qualified);
        expect(out.notGranted).toBe(0);
      }),
    );
  });

  it('without repeat: at most one voucher, from the milestone on', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const out = simulate(events, { ...DEFAULT_REWARD_RULES, budget: {} });
        expect(out.inviterGranted).toBe(out.qualified >= 3 ? 1 : 0);
      }),
    );
  });

  it('the same events in any order give the same totals', () => {
    fc.assert(
      fc.property(eventsArb, rulesArb, fc.nat(), (events, rules, seed) => {
        const shuffled = [...events].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const a = simulate(events, rules);
        const b = simulate(shuffled, rules);
        expect(a.inviterGranted + a.notGranted).toBe(b.inviterGranted + b.notGranted);
        expect(a.qualified).toBe(b.qualified);
      }),
    );
  });

  it('never above the budget, by count and by value; every milestone is either granted or recorded as not granted', () => {
    fc.assert(
      fc.property(eventsArb, rulesArb, (events, rules) => {
        const out = simulate(events, rules);
        if (rules.budget.maxVouchers !== undefined) expect(out.used.vouchers).toBeLessThanOrEqual(rules.budget.maxVouchers);
        if (rules.budget.maxValue !== undefined) expect(out.used.value).toBeLessThanOrEqual(rules.budget.maxValue);
        expect(out.inviterGranted + out.notGranted).toBe(inviterVouchersDue(out.qualified, rules));
        expect(out.used.vouchers).toBe(out.inviterGranted + out.friendVouchers);
      }),
    );
  });

  it('examples: 2 → 0, 3 → 1, 5 → 1, 6 → 2 with repeat; 6 → 1 without', () => {
    const repeat = { milestone: 3, repeatMilestone: true };
    expect([2, 3, 5, 6].map((n) => inviterVouchersDue(n, repeat))).toEqual([0, 1, 1, 2]);
    expect(inviterVouchersDue(6, { milestone: 3, repeatMilestone: false })).toBe(1);
    expect(pendingMilestones(7, 1, repeat)).toEqual([1]);
    expect(pendingMilestones(2, 0, repeat)).toEqual([]);
  });

  it('friends needed for the next voucher', () => {
    expect(friendsNeededForNext(0, DEFAULT_REWARD_RULES)).toBe(3);
    expect(friendsNeededForNext(2, DEFAULT_REWARD_RULES)).toBe(1);
    expect(friendsNeededForNext(3, DEFAULT_REWARD_RULES)).toBe(0);
    expect(friendsNeededForNext(4, { milestone: 3, repeatMilestone: true })).toBe(2);
  });
});

describe('budget', () => {
  it('by count and by value', () => {
    expect(budgetAllows({ vouchers: 4, value: 0 }, { maxVouchers: 5 }, 100)).toBe(true);
    expect(budgetAllows({ vouchers: 5, value: 0 }, { maxVouchers: 5 }, 100)).toBe(false);
    expect(budgetAllows({ vouchers: 0, value: 950 }, { maxValue: 1000 }, 50)).toBe(true);
    expect(budgetAllows({ vouchers: 0, value: 951 }, { maxValue: 1000 }, 50)).toBe(false);
    expect(budgetAllows({ vouchers: 1e6, value: 1e9 }, {}, 100)).toBe(true);
  });
});

describe('voucher ids', () => {
  it('are deterministic, distinct per milestone and short enough for a booking request', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z_-]{1,40}$/), fc.integer({ min: 0, max: 999 }), (campaignId, i) => {
        const user = '01JD5ZQ3X8K9M2N4P6R8T0V2W4';
        expect(inviterVoucherId(user, campaignId, i)).toBe(inviterVoucherId(user, campaignId, i));
        expect(inviterVoucherId(user, campaignId, i)).not.toBe(inviterVoucherId(user, campaignId, i + 1));
        expect(inviterVoucherId(user, campaignId, i).length).toBeLessThanOrEqual(64);
        expect(friendVoucherId(user, campaignId).length).toBeLessThanOrEqual(64);
        expect(inviterVoucherId(user, campaignId, i)).toMatch(/^[0-9A-Za-z_-]+$/);
      }),
    );
  });
});
