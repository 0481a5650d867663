import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/analytics/csv';
import { rewardCostPerNewClient } from '../../shared/analytics/dashboard';
import { kFactor } from '../../shared/analytics/kfactor';
import { npsGroup, npsScore } from '../../shared/analytics/nps';
import { cell, rate } from '../../shared/analytics/privacy';
import { normalCdf, testIsValid, twoProportionZTest } from '../../shared/analytics/significance';
import { DEFAULT_THRESHOLDS, cellOf, tierOf, tierRows, windowMonths, type Histogram } from '../../shared/analytics/tiers';

describe('two-proportion z-test', () => {
  it('matches R: prop.test(c(15, 25), c(50, 50), correct = FALSE) → X-squared = 4.1667, p-value = 0.04123', () => {
    // 15/50 = 0.30 vs 25/50 = 0.50; pooled 0.40; se = √(0.4·0.6·(1/50 + 1/50)) = 0.09798; z = 0.2 / 0.09798 = 2.0412; z² = 4.1667
    const t = twoProportionZTest(15, 50, 25, 50)!;
    expect(t.z).toBeCloseTo(2.0412, 3);
    expect(t.z ** 2).toBeCloseTo(4.1667, 2);
    expect(t.pValue).toBeCloseTo(0.0412, 3);
    expect(t.significant).toBe(true);
  });

  it('a classic A/B case: 120/1000 vs 150/1000 → z = 1.96, p ≈ 0.0497 (just significant at 5 %)', () => {
    // pooled 0.135; se = √(0.135·0.865·0.002) = 0.015283; z = 0.03 / 0.015283 = 1.963
    const t = twoProportionZTest(120, 1000, 150, 1000)!;
    expect(t.z).toBeCloseTo(1.963, 2);
    expect(t.pValue).toBeCloseTo(0.0497, 3);
    expect(t.significant).toBe(true);
  });

  it('equal rates are not significant; the sign follows the direction', () => {
    expect(twoProportionZTest(30, 100, 30, 100)).toMatchObject({ z: 0, pValue: 1, significant: false });
    expect(twoProportionZTest(50, 100, 30, 100)!.z).toBeLessThan(0);
  });

  it('the normal CDF is accurate: Φ(1.96) = 0.9750, Φ(0) = 0.5, Φ(−2.5758) = 0.005', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(-2.5758)).toBeCloseTo(0.005, 4);
  });

  it('is only run with at least 5 successes and 5 failures per group, and refuses impossible counts', () => {
    expect(testIsValid(4, 100, 20, 100)).toBe(false);
    expect(testIsValid(5, 100, 20, 100)).toBe(true);
    expect(testIsValid(98, 100, 20, 100)).toBe(false);
    expect(twoProportionZTest(5, 4, 1, 10)).toBeUndefined();
  });
});

describe('NPS', () => {
  it('groups 0–6 / 7–8 / 9–10', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroup)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(() => npsGroup(11)).toThrow();
    expect(() => npsGroup(7.5)).toThrow();
  });

  it('Bain’s definition: 60 promoters, 25 passives, 15 detractors of 100 → 60 % − 15 % = 45', () => {
    expect(npsScore({ promoter: 60, passive: 25, detractor: 15 })).toBe(45);
    expect(npsScore({ promoter: 0, passive: 0, detractor: 10 })).toBe(-100);
    expect(npsScore({ promoter: 0, passive: 0, detractor: 0 })).toBeUndefined();
  });
});

describe('K-factor', () => {
  it('invites per inviter × conversion: 100 inviters sending 500 invites of which 60 convert → 5 × 0.12 = 0.6', () => {
    expect(kFactor({ inviters: 100, invitesSent: 500, accepted: 60 })).toEqual({ invitesPerInviter: 5, conversion: 0.12, k: 0.6 });
  });
  it('is the number of new clients per inviter, and unknown without inviters', () => {
    expect(kFactor({ inviters: 10, invitesSent: 30, accepted: 12 }).k).toBeCloseTo(1.2);
    expect(kFactor({ inviters: 0, invitesSent: 0, accepted: 0 }).k).toBeNull();
  });
});

describe('reward cost per new client', () => {
  it('the product brief’s case: $86,000 of rewards for 2,000 new clients = $43 each', () => {
    expect(rewardCostPerNewClient(86_000, 2_000)).toBe(43);
    expect(rewardCostPerNewClient(100, 0)).toBeNull();
  });
});

describe('client tiers', () => {
  const t = { minSessions: 4, minSpend: 2000, clvYears: 3 };
  it('frequency × spend over 12 months → basic / growth / core / potential', () => {
    expect(tierOf(1, 300, t)).toBe('basic');
    expect(tierOf(6, 900, t)).toBe('growth');
    expect(tierOf(6, 4800, t)).toBe('core');
    expect(tierOf(1, 3000, t)).toBe('potential');
    // the thresholds themselves count as "high"
    expect(tierOf(4, 2000, t)).toBe('core');
    expect(tierOf(3, 1999, t)).toBe('basic');
  });

  it('counts, repeat rate and CLV per tier from the histogram, with thresholds applied at read time', () => {
    const h: Histogram = {};
    const addClients = (sessions: number, spend: number, count: number, reachable: number) => {
      const c = cellOf(sessions, spend);
      const x = (h[c] ??= { clients: 0, reachable: 0, spend: 0 });
      x.clients += count;
      x.reachable += reachable;
      x.spend += spend * count;
    };
    addClients(0, 0, 40, 10); // signed up, never paid
    addClients(1, 300, 10, 2);
    addClients(2, 600, 10, 5); // basic repeaters
    addClients(5, 1000, 6, 6); // growth
    addClients(8, 4000, 5, 1); // core
    addClients(1, 2500, 3, 3); // potential: 3 clients → "<5"
    const rows = Object.fromEntries(tierRows(h, t).map((r) => [r.tier, r]));
    expect(rows.basic).toMatchObject({ clients: 60, reachable: 17 });
    // basic: 20 paying clients, 10 of them twice or more → 0.5; spend (3000 + 6000) / 60 × 3 years = 450
    expect(rows.basic.repeatRate).toBe(0.5);
    expect(rows.basic.clv).toBe(450);
    expect(rows.growth).toMatchObject({ clients: 6, reachable: 6, repeatRate: 1, clv: 3000 });
    expect(rows.core).toMatchObject({ clients: 5, reachable: '<5', clv: 12000 });
    expect(rows.potential).toMatchObject({ clients: '<5', repeatRate: null, clv: null });
    // a marketer lowers "high frequency" to 2 sessions: the basic repeaters become growth, same histogram
    const lower = Object.fromEntries(tierRows(h, { ...t, minSessions: 2 }).map((r) => [r.tier, r]));
    expect(lower.growth.clients).toBe(16);
    expect(lower.basic.clients).toBe(50);
  });

  it('keeps only the last 12 months', () => {
    const months = { '2025-11': 1, '2025-12': 2, '2026-10': 3 };
    expect(Object.keys(windowMonths(months, new Date('2026-11-23T00:00:00Z')))).toEqual(['2025-12', '2026-10']);
  });

  it('defaults are valid thresholds', () => {
    expect(DEFAULT_THRESHOLDS.minSpend % 100).toBe(0);
  });
});

describe('privacy: small cells', () => {
  it('1–4 shows as "<5"; 0 and 5+ as they are; rates only over showable counts', () => {
    expect([0, 1, 4, 5, 120].map(cell)).toEqual([0, '<5', '<5', 5, 120]);
    expect(rate(3, 100)).toBeNull();
    expect(rate(30, 100)).toBe(0.3);
    expect(rate(5, 0)).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and newlines, neutralises formulas, and starts with a BOM for Excel', () => {
    const out = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=SUM(A1)', -3], [null, '第一\n行']]);
    expect(out).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n\'=SUM(A1),-3\r\n,"第一\n行"\r\n');
  });
});
