import { describe, expect, it } from 'vitest';
import { forgetMembershipCache, setLevel } from '../../functions/db/membership';
import { earnPoints, expireDuePoints, getBalance } from '../../functions/db/points';
import { forgetCachedGatherings } from '../../functions/gathering/service';
import { pointsForQualifiedFriend } from '../../functions/membership/stream';
import { checkinReminderDue } from '../../functions/membership/service';
import { inDays, publishedThemeDay } from './booking-fixtures';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function admin() {
  return api.login('管理员', 'admin');
}
async function marketer() {
  return api.login('市场部小李', 'marketer');
}
async function givePoints(userId: string, points: number, reason = '活动补录') {
  const a = await admin();
  const res = await api.call('POST', '/admin/points/adjustments', { token: a.token, body: { userId, points, reason } });
  expect(res.status).toBe(201);
}
async function settings() {
  const m = await marketer();
  return (await api.call('GET', '/membership/settings', { token: m.token })).body;
}

describe('benefit windows are enforced by the server', () => {
  it('theme-day slots open to everyone N days ahead; a member with the early benefit books 24 h earlier, others get 409 with the reason', async () => {
    const m = await marketer();
    const current = await settings();
    const put = await api.call('PUT', '/membership/settings/benefits', {
      token: m.token,
      body: { ...current.membership, themeDayOpensDaysBefore: 7, benefits: [{ id: 'early', kind: 'early_themeday', levels: ['zhiyou', 'zhiji'], tiers: [], hours: 24 }] },
    });
    expect(put.status).toBe(200);
    forgetMembershipCache();

    const counselor = await api.login('林静', 'counselor');
    // Eight days ahead: everyone may book from tomorrow (Shanghai midnight), members with the benefit from today.
    const day = await publishedThemeDay(api, inDays(8), [counselor.user.id]);
    const plain = await api.login('普通来访者');
    const friend = await api.login('老朋友');
    expect(await setLevel(friend.user.id, 'chushi', 'zhiyou')).toBe(true);

    const refused = await api.call('POST', '/bookings', { token: plain.token, body: { slotId: day.slots[0].id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('booking_not_open');
    expect(refused.body.message).toContain('开放');
    expect(Date.parse(refused.body.opensAt)).toBeGreaterThan(Date.now());

    const early = await api.call('POST', '/bookings', { token: friend.token, body: { slotId: day.slots[0].id } });
    expect(early.status).toBe(201);

    // 我的权益 says what the member has, by level, and never names a tier.
    const mine = await api.call('GET', '/me/membership', { token: friend.token });
    expect(mine.body).toMatchObject({ level: 'zhiyou', levelName: '挚友' });
    expect(mine.body.benefits.map((b: { kind: string }) => b.kind)).toEqual(['early_themeday']);
    expect(JSON.stringify(mine.body)).not.toMatch(/"(tier|basic|growth|core|potential)"/);
    expect((await api.call('GET', '/me/membership', { token: plain.token })).body.benefits).toEqual([]);

    await api.call('PUT', '/membership/settings/benefits', { token: m.token, body: current.membership });
    forgetMembershipCache();
  });

  it('early registration for a gathering: listed levels 24 h before everyone, others 409 with the time it opens', async () => {
    const m = await marketer();
    const start = Date.now() + 3 * DAY;
    const created = await api.call('POST', '/gatherings', {
      token: m.token,
      body: {
        kind: 'salon', title: '周末沙龙', mode: 'offline', address: '活动室', capacity: 5,
        startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(),
        registrationOpensAt: new Date(Date.now() + 12 * HOUR).toISOString(), earlyLevels: ['zhiji'], earlyHours: 24,
      },
    });
    await api.call('POST', `/gatherings/${created.body.id}/publish`, { token: m.token, body: {} });
    forgetCachedGatherings();
    const plain = await api.login('沙龙新人');
    const close = await api.login('沙龙知己');
    await setLevel(close.user.id, 'chushi', 'zhiji');
    const refused = await api.call('POST', `/gatherings/${created.body.id}/registrations`, { token: plain.token, body: {} });
    expect(refused).toMatchObject({ status: 409, body: { error: 'registration_not_open' } });
    const ok = await api.call('POST', `/gatherings/${created.body.id}/registrations`, { token: close.token, body: {} });
    expect(ok).toMatchObject({ status: 201, body: { status: 'registered' } });
  });
});

describe('points ledger', () => {
  it('earns once per cause even when the same cause arrives twice at once, within the rule budget', async () => {
    const c = await api.login('积分-一次');
    const now = new Date();
    const req = { userId: c.user.id, cause: 'earn:gathering_attended:G1', ruleCause: 'test_rule_a', points: 20, budget: 1000, label: '参加活动', now };
    const outcomes = await Promise.all([earnPoints(req), earnPoints(req), earnPoints(req)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'earned']);
    expect((await getBalance(c.user.id, true)).balance).toBe(20);

    // Budget: 30 points in total for this rule → the second 20 is refused and nothing is written.
    const d = await api.login('积分-预算');
    const budgeted = { userId: d.user.id, ruleCause: 'test_rule_b', points: 20, budget: 30, label: '参加活动', now };
    expect(await earnPoints({ ...budgeted, cause: 'earn:x:1' })).toBe('earned');
    expect(await earnPoints({ ...budgeted, cause: 'earn:x:2' })).toBe('budget');
    // The very first earn of a rule is bounded too: a budget smaller than one earn (or 0) issues nothing.
    for (const budget of [0, 19]) {
      expect(await earnPoints({ ...budgeted, ruleCause: `test_rule_small_${budget}`, budget, cause: `earn:small:${budget}` })).toBe('budget');
    }
    expect((await getBalance(d.user.id, true)).balance).toBe(20);
  });

  it('a friend qualifying earns the inviter points once, even when the stream record is seen twice', async () => {
    const inviter = await api.login('积分-邀请人');
    const friend = await api.login('积分-好友');
    const change = {
      eventName: 'MODIFY' as const,
      sequenceNumber: '1',
      keys: { pk: `USER#${friend.user.id}`, sk: 'REFERRAL' },
      oldImage: { inviterId: inviter.user.id },
      newImage: { inviterId: inviter.user.id, qualifiedAt: new Date().toISOString() },
    };
    await Promise.all([pointsForQualifiedFriend(change), pointsForQualifiedFriend(change)]);
    await pointsForQualifiedFriend({ ...change, oldImage: change.newImage });
    expect((await getBalance(inviter.user.id, true)).balance).toBe(50);
  });

  it('concurrent spends never take the balance below zero: one voucher for 100 points out of five tries', async () => {
    const c = await api.login('积分-并发');
    await givePoints(c.user.id, 150);
    const tries = await Promise.all(
      Array.from({ length: 5 }, (_, i) => api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'voucher-50' }, headers: { 'idempotency-key': `spend-try-${i}` } })),
    );
    expect(tries.filter((t) => t.status === 201)).toHaveLength(1);
    expect(tries.filter((t) => t.status === 409).every((t) => t.body.error === 'insufficient_points')).toBe(true);
    expect((await getBalance(c.user.id, true)).balance).toBe(50);
    const wallet = await api.call('GET', '/me/vouchers', { token: c.token });
    expect(wallet.body.items).toHaveLength(1);
    expect(wallet.body.items[0]).toMatchObject({ value: 50, reason: 'points_redemption', status: 'issued' });

    // The same request again (same Idempotency-Key) spends nothing more and answers the same voucher.
    const winner = tries.find((t) => t.status === 201)!;
    const i = tries.indexOf(winner);
    await givePoints(c.user.id, 100);
    const again = await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'voucher-50' }, headers: { 'idempotency-key': `spend-try-${i}` } });
    expect(again.body.voucherId).toBe(winner.body.voucherId);
    expect((await getBalance(c.user.id, true)).balance).toBe(150);
  });

  it('course access is bought once; an unknown reward names the field', async () => {
    const c = await api.login('积分-课程');
    await givePoints(c.user.id, 200);
    expect((await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'course-basic' } })).status).toBe(201);
    expect((await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'course-basic' } })).body.error).toBe('already_redeemed');
    expect((await getBalance(c.user.id, true)).balance).toBe(140);
    expect(await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'nope' } })).toMatchObject({ status: 404, body: { field: 'rewardId' } });
    const me = await api.call('GET', '/me/membership', { token: c.token });
    expect(me.body.entitlements.map((e: { what: string }) => e.what)).toEqual(['course#emotion-basics']);
  });

  it('a gathering seat bought with points: spend and seat together, and nothing spent when the seats are gone', async () => {
    const m = await marketer();
    const start = Date.now() + 5 * DAY;
    const g = await api.call('POST', '/gatherings', {
      token: m.token,
      body: { kind: 'workshop', title: '积分工作坊', mode: 'offline', address: '活动室', capacity: 1, startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString() },
    });
    await api.call('POST', `/gatherings/${g.body.id}/publish`, { token: m.token, body: {} });
    const current = (await settings()).points;
    const seat = { id: 'seat-workshop', kind: 'gathering_seat', name: '工作坊席位', points: 30, gatheringId: g.body.id };
    expect((await api.call('PUT', '/membership/settings/points', { token: m.token, body: { ...current, rewards: [...current.rewards, seat] } })).status).toBe(200);
    forgetMembershipCache();

    const a = await api.login('积分-席位甲');
    const b = await api.login('积分-席位乙');
    await givePoints(a.user.id, 50);
    await givePoints(b.user.id, 50);
    expect(await api.call('POST', '/me/points/redemptions', { token: a.token, body: { rewardId: 'seat-workshop' } })).toMatchObject({ status: 201, body: { gatheringId: g.body.id } });
    expect((await api.call('GET', `/gatherings/${g.body.id}`, { token: a.token })).body.myRegistration.status).toBe('registered');
    expect((await api.call('POST', '/me/points/redemptions', { token: a.token, body: { rewardId: 'seat-workshop' } })).body.error).toBe('already_registered');
    expect((await api.call('POST', '/me/points/redemptions', { token: b.token, body: { rewardId: 'seat-workshop' } })).body.error).toBe('reward_unavailable');
    expect((await getBalance(a.user.id, true)).balance).toBe(20);
    expect((await getBalance(b.user.id, true)).balance).toBe(50);

    await api.call('PUT', '/membership/settings/points', { token: m.token, body: current });
    forgetMembershipCache();
  });

  it('points expire 12 months after they were earned, oldest first, and are shown in advance', async () => {
    const c = await api.login('积分-到期');
    const long = new Date(Date.now() - 366 * DAY);
    const recent = new Date(Date.now() - 330 * DAY);
    const rule = { userId: c.user.id, ruleCause: 'test_rule_c', budget: 10_000, label: '参加活动' };
    await earnPoints({ ...rule, cause: 'earn:old', points: 30, now: long });
    await earnPoints({ ...rule, cause: 'earn:soon', points: 40, now: recent });
    await earnPoints({ ...rule, cause: 'earn:new', points: 10, now: new Date() });

    // Shown in advance: the 40 expiring within about a month are marked soon; reading writes off the 30 past due.
    const points = await api.call('GET', '/me/points', { token: c.token });
    expect(points.body.balance).toBe(50);
    expect(points.body.expiring.map((e: { points: number; soon: boolean }) => [e.points, e.soon])).toEqual([[40, true], [10, false]]);
    expect(points.body.items.some((e: { kind: string; points: number }) => e.kind === 'expire' && e.points === -30)).toBe(true);
    // Writing off again changes nothing: each expiry is keyed by its lot.
    expect(await expireDuePoints(c.user.id, new Date())).toBe(0);
    expect((await getBalance(c.user.id, true)).balance).toBe(50);
  });

  it('a spend that meets points past their date writes them off first, and what was spent comes from the oldest lot', async () => {
    const c = await api.login('积分-先到期');
    const rule = { userId: c.user.id, ruleCause: 'test_rule_d', budget: 10_000, label: '参加活动' };
    await earnPoints({ ...rule, cause: 'earn:a', points: 100, now: new Date(Date.now() - 300 * DAY) });
    await earnPoints({ ...rule, cause: 'earn:b', points: 100, now: new Date(Date.now() - 10 * DAY) });
    expect((await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'voucher-50' } })).status).toBe(201);
    // 100 spent from the oldest lot; when it would have expired nothing is left to expire.
    expect(await expireDuePoints(c.user.id, new Date(Date.now() + 100 * DAY))).toBe(0);
    expect((await getBalance(c.user.id, true)).balance).toBe(100);
  });

  it('an admin adjusts with a reason (audited); a marketer cannot; taking more than the balance is refused', async () => {
    const c = await api.login('积分-调整');
    const m = await marketer();
    const a = await admin();
    expect((await api.call('POST', '/admin/points/adjustments', { token: m.token, body: { userId: c.user.id, points: 10, reason: '补录' } })).status).toBe(403);
    expect(await api.call('POST', '/admin/points/adjustments', { token: a.token, body: { userId: c.user.id, points: 10, reason: '' } })).toMatchObject({ status: 400, body: { field: 'reason' } });
    await givePoints(c.user.id, 10, '活动当天签到失败，补录');
    expect((await api.call('POST', '/admin/points/adjustments', { token: a.token, body: { userId: c.user.id, points: -11, reason: '误发' } })).status).toBe(409);
    const audit = await api.call('GET', '/admin/points/adjustments', { token: a.token });
    expect(audit.body.items.find((i: { userId: string }) => i.userId === c.user.id)).toMatchObject({ points: 10, reason: '活动当天签到失败，补录', by: a.user.id });
  });
});

describe('the crisis pause: no offer anywhere, on the server too', () => {
  it('after a crisis result: no gatherings offered, no rewards listed, redemption refused; points kept', async () => {
    const c = await api.login('需要被照顾的人');
    await givePoints(c.user.id, 200);
    const crisis = await api.call('POST', '/selftests/phq9/results', { token: c.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    expect(crisis.body.crisis).toBe(true);
    const list = await api.call('GET', '/gatherings', { token: c.token });
    expect(list.body).toEqual({ items: [], offersPaused: true });
    const me = await api.call('GET', '/me/membership', { token: c.token });
    expect(me.body).toMatchObject({ offersPaused: true, rewards: [] });
    expect(me.body.points.balance).toBe(200);
    const redeem = await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'voucher-50' } });
    expect(redeem).toMatchObject({ status: 409, body: { error: 'offers_paused' } });
    expect((await getBalance(c.user.id, true)).balance).toBe(200);
  });
});

describe('the quarterly check-in reminder', () => {
  it('is due only with the benefit, the client’s consent and no crisis pause', async () => {
    const c = await api.login('季度关心');
    expect(await checkinReminderDue(c.user.id)).toBe(false); // 初识: no such benefit by default
    await setLevel(c.user.id, 'chushi', 'zhiyou');
    expect(await checkinReminderDue(c.user.id)).toBe(false); // no consent yet
    // Marketing consent is not consent to check-in reminders: only the `checkins` purpose counts.
    await api.call('PATCH', '/me', { token: c.token, body: { marketingOptIn: true } });
    expect(await checkinReminderDue(c.user.id)).toBe(false);
    await api.call('PUT', '/me/consents', { token: c.token, body: { checkins: true } });
    expect(await checkinReminderDue(c.user.id)).toBe(true);
    await api.call('PUT', '/me/consents', { token: c.token, body: { checkins: false } });
    expect(await checkinReminderDue(c.user.id)).toBe(false);
    await api.call('PUT', '/me/consents', { token: c.token, body: { checkins: true } });
    await api.call('POST', '/selftests/phq9/results', { token: c.token, body: { answers: [3, 3, 3, 3, 3, 3, 3, 3, 0] } });
    expect(await checkinReminderDue(c.user.id)).toBe(false);
  });
});

describe('the marketer aggregate view', () => {
  it('counts clients per level with "<5" and points issued / spent / expired', async () => {
    const m = await marketer();
    const view = await api.call('GET', '/analytics/membership', { token: m.token });
    expect(view.status).toBe(200);
    const zhiyou = view.body.levels.find((l: { level: string }) => l.level === 'zhiyou');
    expect(zhiyou.clients).toBe('<5');
    expect(view.body.points.spent).toBeGreaterThanOrEqual(200);
    expect(view.body.points.expired).toBeGreaterThanOrEqual(30);
    expect((await api.call('GET', '/analytics/membership', { token: (await api.login('某来访者')).token })).status).toBe(403);
  });
});
