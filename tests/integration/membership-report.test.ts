import { describe, expect, it } from 'vitest';
import { drainStreams } from '../../functions/local/streams';
import { forgetCachedGatherings } from '../../functions/gathering/service';
import { forgetMembershipCache, setLevel } from '../../functions/db/membership';
import { earnPoints, expireDuePoints } from '../../functions/db/points';
import { inDays, publishedThemeDay } from './booking-fixtures';
import { useApiTestBed } from '../setup/testbed';

/**
 * The marketer's membership view per level (visible to clients) and per tier (internal): clients, benefit uses,
 * points issued / spent / expired and what they bought — counted from the table's stream, "<5" for small groups.
 * Its own table, so the figures are exact.
 */
const api = useApiTestBed();
const YEAR = 365 * 24 * 3_600_000;

async function earn(userId: string, points: number, source: string) {
  const outcome = await earnPoints({ userId, cause: `earn:gathering_attended:${source}`, ruleCause: 'gathering_attended', points, budget: 1_000_000, label: '参加活动', now: new Date() });
  expect(outcome).toBe('earned');
}

describe('the marketer’s membership view by level and by tier', () => {
  it('adds up points, their cost and benefit uses per level and per tier, hides groups of 1–4 and leaves out withdrawn clients', async () => {
    const admin = await api.login('管理员', 'admin');
    const marketer = await api.login('市场部小李', 'marketer');
    // Five 挚友 who are core clients (4 paid sessions, ¥2,500 in 12 months), one 知己 and five 初识, both basic.
    const friends = await Promise.all([1, 2, 3, 4, 5].map((i) => api.login(`挚友${i}`)));
    const confidant = await api.login('知己一位');
    const newcomers = await Promise.all([1, 2, 3, 4, 5].map((i) => api.login(`初识${i}`)));
    for (const f of friends) {
      expect(await setLevel(f.user.id, 'chushi', 'zhiyou')).toBe(true);
      const spend = await api.call('POST', '/analytics/spend', { token: admin.token, body: { clientId: f.user.id, amount: 2500, sessions: 4 } });
      expect(spend.status).toBe(201);
    }
    expect(await setLevel(confidant.user.id, 'chushi', 'zhiji')).toBe(true);
    // One newcomer withdraws consent to statistics: what they do from now on is in no breakdown.
    expect((await api.call('PUT', '/me/consents', { token: newcomers[0].token, body: { statistics: false } })).status).toBe(200);

    // The benefit: 挚友 book theme-day slots 24 h before everyone else.
    const current = (await api.call('GET', '/membership/settings', { token: marketer.token })).body.membership;
    const put = await api.call('PUT', '/membership/settings/benefits', {
      token: marketer.token,
      body: { ...current, themeDayOpensDaysBefore: 7, benefits: [{ id: 'early', kind: 'early_themeday', levels: ['zhiyou'], tiers: [], hours: 24 }] },
    });
    expect(put.status).toBe(200);
    forgetMembershipCache();
    const counselors = await Promise.all(['林静', '周然'].map((n) => api.login(n, 'counselor')));
    const day = await publishedThemeDay(api, inDays(8), counselors.map((c) => c.user.id));
    for (const [i, f] of friends.entries()) {
      const booked = await api.call('POST', '/bookings', { token: f.token, body: { slotId: day.slots[i].id } });
      expect(booked.status).toBe(201);
    }
    // Not early for a newcomer: refused, and nothing counted.
    const refused = await api.call('POST', '/bookings', { token: newcomers[1].token, body: { slotId: day.slots[day.slots.length - 1].id } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'booking_not_open' } });

    // The gathering benefit: a salon 挚友 may register for a day before it opens to everyone; all five do.
    const start = Date.now() + 10 * 24 * 3_600_000;
    const salon = await api.call('POST', '/gatherings', {
      token: marketer.token,
      body: {
        kind: 'salon', title: '挚友沙龙', mode: 'offline', address: '活动室', capacity: 10,
        startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * 3_600_000).toISOString(),
        registrationOpensAt: new Date(Date.now() + 12 * 3_600_000).toISOString(), earlyLevels: ['zhiyou'], earlyHours: 24,
      },
    });
    expect(salon.status).toBe(201);
    expect((await api.call('POST', `/gatherings/${salon.body.id}/publish`, { token: marketer.token, body: {} })).status).toBe(200);
    forgetCachedGatherings();
    for (const f of friends) {
      expect((await api.call('POST', `/gatherings/${salon.body.id}/registrations`, { token: f.token, body: {} })).status).toBe(201);
    }

    // Points: 150 to each 挚友 and the 知己, 20 to each newcomer; three 50-yuan vouchers bought with 100 points each;
    // one 挚友's points run out their 12 months.
    for (const c of [...friends, confidant]) await earn(c.user.id, 150, 'salon-1');
    for (const c of newcomers) await earn(c.user.id, 20, 'salon-1');
    for (const c of [friends[0], friends[1], confidant]) {
      const r = await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'voucher-50' } });
      expect(r.status).toBe(201);
    }
    expect(await expireDuePoints(friends[4].user.id, new Date(Date.now() + YEAR + 7 * 24 * 3_600_000))).toBe(150);
    await drainStreams();

    const view = await api.call('GET', '/analytics/membership', { token: marketer.token });
    expect(view.status).toBe(200);
    const level = (l: string) => view.body.levels.find((x: { level: string }) => x.level === l);
    const tier = (t: string) => view.body.tiers.find((x: { tier: string }) => x.tier === t);

    expect(level('zhiyou')).toMatchObject({
      name: '挚友',
      clients: 5,
      benefitsUsed: { early_themeday: 5, early_gathering: 5, checkin_reminder: 0 },
      points: { issued: 750, spent: 200, expired: 150, adjusted: 0, value: 100 },
    });
    // One 知己: "<5" and no sums that would describe them.
    expect(level('zhiji')).toMatchObject({ clients: '<5', points: null });
    // 初识: five clients, but the withdrawn one's 20 points are not in the breakdown.
    expect(level('chushi')).toMatchObject({ clients: 5, points: { issued: 80, spent: 0, expired: 0, value: 0 } });
    expect(level('tongxing')).toMatchObject({ clients: 0, points: { issued: 0, spent: 0 } });

    expect(tier('core')).toMatchObject({ clients: 5, benefitsUsed: { early_themeday: 5, early_gathering: 5 }, points: { issued: 750, spent: 200, expired: 150, value: 100 } });
    expect(tier('basic')).toMatchObject({ clients: 6, benefitsUsed: { early_themeday: 0 }, points: { issued: 230, spent: 100, expired: 0, value: 50 } });
    expect(tier('growth')).toMatchObject({ clients: 0 });
    expect(view.body.benefitsUsed).toContainEqual({ kind: 'early_themeday', uses: 5 });
    expect(view.body.benefitsUsed).toContainEqual({ kind: 'early_gathering', uses: 5 });
    // The ledger totals count every point, withdrawn or not (they are the practice's cost).
    expect(view.body.points).toMatchObject({ issued: 1000, spent: 300, expired: 150 });

    // Thresholds are applied at read: raising them moves these clients, and the points counted in their cells, to another tier.
    const raised = await api.call('PUT', '/analytics/tiers/thresholds', { token: marketer.token, body: { minSessions: 5, minSpend: 2000, clvYears: 3 } });
    expect(raised.status).toBe(200);
    const after = (await api.call('GET', '/analytics/membership', { token: marketer.token })).body;
    expect(after.tiers.find((x: { tier: string }) => x.tier === 'potential')).toMatchObject({ clients: 5, points: { issued: 750 } });
    expect(after.tiers.find((x: { tier: string }) => x.tier === 'core')).toMatchObject({ clients: 0, points: { issued: 0 } });

    // Never a person: no ids or names in the marketer's view.
    for (const c of [...friends, confidant, ...newcomers]) {
      expect(JSON.stringify(after)).not.toContain(c.user.id);
      expect(JSON.stringify(after)).not.toContain(c.user.name);
    }
  });
});
