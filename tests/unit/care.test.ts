import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLAINT_POLICY, slaOf } from '../../shared/care/complaint';
import { consentsOf } from '../../shared/care/consent';
import { median, ownerDashboard } from '../../shared/care/dashboard';
import { beijingHour, inQuietHours, quietHoursEnd, withinCap } from '../../shared/care/message';
import { DEFAULT_THRESHOLDS } from '../../shared/analytics/tiers';

const H = 3_600_000;

describe('quiet hours (21:00–09:00 Beijing)', () => {
  it('are quiet exactly from 21:00 to 08:59 Beijing, whatever the UTC date', () => {
    expect(inQuietHours(new Date('2026-12-01T12:59:59Z'))).toBe(false); // 20:59:59
    expect(inQuietHours(new Date('2026-12-01T13:00:00Z'))).toBe(true); // 21:00
    expect(inQuietHours(new Date('2026-12-01T00:59:59Z'))).toBe(true); // 08:59:59
    expect(inQuietHours(new Date('2026-12-01T01:00:00Z'))).toBe(false); // 09:00
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (d) => {
        const h = beijingHour(d);
        expect(inQuietHours(d)).toBe(h >= 21 || h < 9);
        if (inQuietHours(d)) {
          const end = quietHoursEnd(d);
          expect(beijingHour(end)).toBe(9);
          expect(end.getTime() - d.getTime()).toBeGreaterThan(0);
          expect(end.getTime() - d.getTime()).toBeLessThanOrEqual(12 * H);
        }
      }),
    );
  });

  it('the 7-day cap blocks until exactly 7 days have passed', () => {
    const last = '2026-12-01T02:00:00.000Z';
    expect(withinCap(undefined, new Date())).toBe(false);
    expect(withinCap(last, new Date(Date.parse(last) + 7 * 24 * H - 1))).toBe(true);
    expect(withinCap(last, new Date(Date.parse(last) + 7 * 24 * H))).toBe(false);
  });
});

describe('complaint SLA', () => {
  const createdAt = '2026-12-01T00:00:00.000Z';
  const at = (h: number) => new Date(Date.parse(createdAt) + h * H);
  it('counts down to the first response, then to the resolution', () => {
    expect(slaOf({ createdAt }, DEFAULT_COMPLAINT_POLICY, at(20))).toMatchObject({ overdue: false, msLeft: 4 * H });
    expect(slaOf({ createdAt }, DEFAULT_COMPLAINT_POLICY, at(25))).toMatchObject({ overdue: true, firstResponseBreached: true, msLeft: -1 * H });
    const answered = { createdAt, firstResponseAt: at(2).toISOString() };
    expect(slaOf(answered, DEFAULT_COMPLAINT_POLICY, at(30))).toMatchObject({ overdue: false, firstResponseBreached: false, msLeft: 42 * H });
    expect(slaOf(answered, DEFAULT_COMPLAINT_POLICY, at(73))).toMatchObject({ overdue: true, resolutionBreached: true });
    const resolved = { ...answered, resolvedAt: at(71).toISOString() };
    expect(slaOf(resolved, DEFAULT_COMPLAINT_POLICY, at(500))).toMatchObject({ overdue: false, resolutionBreached: false, msLeft: undefined });
  });
});

describe('consent defaults', () => {
  it('marketing follows the legacy flag until set; statistics is on until withdrawn', () => {
    expect(consentsOf({ marketingOptIn: true }).marketing).toEqual({ granted: true });
    expect(consentsOf({ marketingOptIn: true, consent_marketing: { granted: false, at: 'x' } }).marketing).toEqual({ granted: false, at: 'x' });
    expect(consentsOf({}).statistics).toEqual({ granted: true });
    expect(consentsOf({}).gatherings).toEqual({ granted: false });
  });
});

describe("owner's dashboard arithmetic", () => {
  it('suppresses small cells and every figure derived from one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const clients = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, referred: true, sessions: 2, spend: 600 }));
    const d = ownerDashboard(clients, { csat: clients.map((c) => ({ userId: c.id, score: 5 })), nps: [] }, [], DEFAULT_THRESHOLDS);
    expect(d.byReferral.referred).toEqual({
      clients: '<5',
      repeatRate: null,
      clv: null,
      csat: { responses: '<5', average: null, satisfiedShare: null },
      nps: { responses: 0, nps: null },
    });
    expect(d.byReferral.notReferred.clients).toBe(0);
  });
});
