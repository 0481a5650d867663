import { beforeAll, describe, expect, it } from 'vitest';
import { seedCourses } from '../../functions/course/seed';
import { forgetMembershipCache } from '../../functions/db/membership';
import { getBalance } from '../../functions/db/points';
import { newRewardId } from '../../shared/membership/points';
import { useApiTestBed } from '../setup/testbed';

/** Issue 12: a marketer adds, edits and removes points rewards; the server checks what each one points at. */
const api = useApiTestBed();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  await seedCourses();
});

const marketer = () => api.login('市场部小李', 'marketer');
async function stored() {
  const m = await marketer();
  return (await api.call('GET', '/membership/settings', { token: m.token })).body.points;
}
async function save(points: unknown) {
  const m = await marketer();
  const res = await api.call('PUT', '/membership/settings/points', { token: m.token, body: points });
  forgetMembershipCache();
  return res;
}
async function givePoints(userId: string, points: number) {
  const a = await api.login('管理员', 'admin');
  expect((await api.call('POST', '/admin/points/adjustments', { token: a.token, body: { userId, points, reason: '活动补录' } })).status).toBe(201);
}
/** A gathering five days ahead, published unless `draft`. */
async function gathering(title: string, draft = false) {
  const m = await marketer();
  const start = Date.now() + 5 * DAY;
  const g = await api.call('POST', '/gatherings', {
    token: m.token,
    body: { kind: 'talk', title, mode: 'offline', address: '活动室', capacity: 5, startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString() },
  });
  expect(g.status).toBe(201);
  if (!draft) expect((await api.call('POST', `/gatherings/${g.body.id}/publish`, { token: m.token, body: {} })).status).toBe(200);
  return g.body.id as string;
}

describe('PUT /membership/settings/points refuses a reward that points nowhere, naming its field', () => {
  it('unknown or draft gathering, unknown or draft course, a voucher without value or a budget too small: 400, nothing written', async () => {
    const before = await stored();
    const draftTalk = await gathering('还没发布的讲座', true);
    const m = await marketer();
    const draftCourse = await api.call('POST', '/courses', { token: m.token, body: { id: 'draft-course', title: '草稿课', lessons: [{ title: '第一课', paragraphs: ['读一读。'] }] } });
    expect(draftCourse.status).toBe(201);
    const seat = { id: 'seat-x', kind: 'gathering_seat', name: '讲座名额', points: 30 };
    const course = { id: 'course-x', kind: 'course_access', name: '课程', points: 30 };
    const voucher = { id: 'voucher-x', kind: 'consult_voucher', name: '20 元咨询抵用券', points: 40, value: 20, validDays: 60, maxVouchers: 10, maxValue: 200 };
    const cases: [unknown, string, RegExp][] = [
      [{ ...seat, gatheringId: '01J000000000000000000000ZZ' }, 'gatheringId', /no such gathering/],
      [{ ...seat, gatheringId: draftTalk }, 'gatheringId', /not published/],
      [seat, 'gatheringId', /names its gathering/],
      [{ ...course, courseId: 'no-such-course' }, 'courseId', /no such course/],
      [{ ...course, courseId: 'draft-course' }, 'courseId', /not published/],
      [{ ...course, course: '只写了课程名' }, 'courseId', /courseId/],
      [{ ...voucher, value: undefined }, 'value', /value/],
      [{ ...voucher, validDays: undefined }, 'validDays', /days/],
      [{ ...voucher, maxValue: 10 }, 'maxValue', /at least one voucher/],
      [{ ...voucher, maxVouchers: undefined }, 'maxVouchers', /budget/],
      [{ ...voucher, maxValue: undefined }, 'maxValue', /budget/],
      [{ ...voucher, id: before.rewards[0].id }, 'id', /unique/],
      // A saved reward keeps its kind: ledger entries and a voucher budget are keyed by its id.
      [{ ...seat, id: 'course-basic', gatheringId: await gathering('换种类') }, 'kind', /cannot change/],
    ];
    for (const [reward, field, message] of cases) {
      // The kind case edits the saved reward in place; the others are added after the saved ones.
      const at = field === 'kind' ? before.rewards.findIndex((r: { id: string }) => r.id === (reward as { id: string }).id) : -1;
      const rewards = at >= 0 ? before.rewards.map((r: unknown, i: number) => (i === at ? reward : r)) : [...before.rewards, reward];
      const res = await save({ ...before, rewards });
      const index = at >= 0 ? at : before.rewards.length;
      expect(res.status, JSON.stringify(reward)).toBe(400);
      expect(res.body.field).toBe(`rewards.${index}.${field}`);
      expect(res.body.message).toMatch(message);
    }
    expect(await stored()).toEqual(before);
  });

  it('a reward saved earlier is not refused for its gathering having gone since (and is no longer offered to clients); other edits still save', async () => {
    const before = await stored();
    const talk = await gathering('后来取消的讲座');
    const seat = { id: 'seat-later', kind: 'gathering_seat', name: '讲座名额', points: 30, gatheringId: talk };
    expect((await save({ ...before, rewards: [...before.rewards, seat] })).status).toBe(200);
    const offered = (await api.call('GET', '/me/membership', { token: (await api.login('看兑换的人')).token })).body.rewards;
    expect(offered.find((r: { id: string }) => r.id === 'seat-later')).toMatchObject({ gatheringId: talk, startsAt: expect.any(String) });
    const m = await marketer();
    expect((await api.call('POST', `/gatherings/${talk}/publish`, { token: m.token, body: { published: false } })).status).toBe(200);
    // A client is no longer offered the seat of a gathering taken back; while it was published the card said when.
    const client = await api.login('看兑换的人');
    expect((await api.call('GET', '/me/membership', { token: client.token })).body.rewards.map((r: { id: string }) => r.id)).not.toContain('seat-later');
    const renamed = { ...seat, name: '讲座名额（已下架）' };
    expect((await save({ ...before, rewards: [...before.rewards, renamed] })).status).toBe(200);
    // Pointing it at another gathering is checked again.
    expect((await save({ ...before, rewards: [...before.rewards, { ...renamed, gatheringId: '01J000000000000000000000ZZ' }] })).body.field).toBe(`rewards.${before.rewards.length}.gatheringId`);
    expect((await save(before)).status).toBe(200);
  });
});

describe('rewards a marketer adds are what clients see and redeem', () => {
  it('a new seat, a new course and a second voucher size are saved (only their own fields) and redeemed; a removed one is gone', async () => {
    const before = await stored();
    const talk = await gathering('积分换名额的讲座');
    const taken = before.rewards.map((r: { id: string }) => r.id);
    const seatId = newRewardId('gathering_seat', taken);
    const voucherId = newRewardId('consult_voucher', taken);
    const courseId = newRewardId('course_access', taken);
    const added = [
      // A stray voucher value on a seat is dropped, so 我的积分 never shows it.
      { id: seatId, kind: 'gathering_seat', name: '讲座名额', points: 30, gatheringId: talk, value: 99 },
      { id: voucherId, kind: 'consult_voucher', name: '20 元咨询抵用券', points: 40, value: 20, validDays: 60, maxVouchers: 1, maxValue: 100 },
      { id: courseId, kind: 'course_access', name: '正念入门', points: 25, courseId: 'mindfulness-intro' },
    ];
    const res = await save({ ...before, rewards: [...before.rewards, ...added] });
    expect(res.status).toBe(200);
    const saved = (await stored()).rewards;
    expect(saved.map((r: { id: string }) => r.id)).toEqual([...taken, seatId, voucherId, courseId]);
    expect(saved.find((r: { id: string }) => r.id === seatId)).toEqual({ id: seatId, kind: 'gathering_seat', name: '讲座名额', points: 30, gatheringId: talk });
    // The course's title comes from the course itself.
    expect(saved.find((r: { id: string }) => r.id === courseId)).toMatchObject({ courseId: 'mindfulness-intro', course: '正念练习入门' });

    const a = await api.login('积分-新奖励甲');
    await givePoints(a.user.id, 100);
    const offered = (await api.call('GET', '/me/membership', { token: a.token })).body.rewards.map((r: { id: string }) => r.id);
    expect(offered).toEqual(expect.arrayContaining([seatId, voucherId, courseId]));

    expect(await api.call('POST', '/me/points/redemptions', { token: a.token, body: { rewardId: seatId } })).toMatchObject({ status: 201, body: { gatheringId: talk } });
    expect((await api.call('GET', `/gatherings/${talk}`, { token: a.token })).body.myRegistration.status).toBe('registered');
    expect((await getBalance(a.user.id, true)).balance).toBe(70);
    const v = await api.call('POST', '/me/points/redemptions', { token: a.token, body: { rewardId: voucherId } });
    expect(v.status).toBe(201);
    expect((await getBalance(a.user.id, true)).balance).toBe(30);
    const wallet = (await api.call('GET', '/me/vouchers', { token: a.token })).body.items;
    expect(wallet.find((w: { id: string }) => w.id === v.body.voucherId)).toMatchObject({ value: 20, status: 'issued' });
    expect((await api.call('POST', '/me/points/redemptions', { token: a.token, body: { rewardId: courseId } })).status).toBe(201);
    expect((await getBalance(a.user.id, true)).balance).toBe(5);

    // The new voucher's own budget (one voucher) holds: the next client is refused and keeps their points.
    const b = await api.login('积分-新奖励乙');
    await givePoints(b.user.id, 100);
    expect((await api.call('POST', '/me/points/redemptions', { token: b.token, body: { rewardId: voucherId } })).body.error).toBe('reward_unavailable');
    expect((await getBalance(b.user.id, true)).balance).toBe(100);

    // After a crisis result the new rewards are not offered either, and none of them can be redeemed.
    const paused = await api.login('积分-新奖励暂停');
    await givePoints(paused.user.id, 100);
    expect((await api.call('POST', '/selftests/phq9/results', { token: paused.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } })).body.crisis).toBe(true);
    expect((await api.call('GET', '/me/membership', { token: paused.token })).body).toMatchObject({ offersPaused: true, rewards: [] });
    for (const rewardId of [seatId, voucherId, courseId]) {
      expect((await api.call('POST', '/me/points/redemptions', { token: paused.token, body: { rewardId } })).body.error, rewardId).toBe('offers_paused');
    }
    expect((await getBalance(paused.user.id, true)).balance).toBe(100);

    // Edited in place (the id stays), then removed: no longer offered or redeemable.
    const edited = saved.map((r: { id: string; points: number }) => (r.id === seatId ? { ...r, points: 35 } : r));
    expect((await save({ ...before, rewards: edited })).status).toBe(200);
    expect((await stored()).rewards.find((r: { id: string }) => r.id === seatId).points).toBe(35);
    expect((await save({ ...before, rewards: edited.filter((r: { id: string }) => r.id !== voucherId) })).status).toBe(200);
    expect((await api.call('GET', '/me/membership', { token: b.token })).body.rewards.map((r: { id: string }) => r.id)).not.toContain(voucherId);
    expect((await api.call('POST', '/me/points/redemptions', { token: b.token, body: { rewardId: voucherId } })).status).toBe(404);
    expect((await save(before)).status).toBe(200);
  });

  it('generated ids are lowercase, at most 24 characters and never one already taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 200; i++) {
      // Even when the clock and the dice repeat themselves.
      const id = newRewardId('consult_voucher', taken, 1_800_000_000_000, () => 0.5);
      expect(id).toMatch(/^[a-z0-9-]{1,24}$/);
      expect(taken.has(id)).toBe(false);
      taken.add(id);
    }
  });
});

describe('two marketers editing the settings at once', () => {
  it('a save made on top of an older version is refused (409) instead of undoing the other one; exactly one of two racing saves wins', async () => {
    const m = await marketer();
    const first = (await api.call('GET', '/membership/settings', { token: m.token })).body;
    const put = (path: string, body: unknown, version: string | null) =>
      api.call('PUT', path, { token: m.token, body, headers: { 'If-Match': version ?? 'none' } });

    // Both start from the same version; they save at the same moment: one wins, the other is told.
    const a = { ...first.points, rewards: first.points.rewards.map((r: { points: number }, i: number) => (i === 0 ? { ...r, points: r.points + 1 } : r)) };
    const b = { ...first.points, rewards: first.points.rewards.map((r: { points: number }, i: number) => (i === 0 ? { ...r, points: r.points + 2 } : r)) };
    const raced = await Promise.all([put('/membership/settings/points', a, first.versions.points), put('/membership/settings/points', b, first.versions.points)]);
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = raced.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({ error: 'settings_changed' });
    expect(loser.body.message).toContain('其他同事');
    const winner = raced.find((r) => r.status === 200)!;
    forgetMembershipCache();
    const now = (await api.call('GET', '/membership/settings', { token: m.token })).body;
    expect(now.points.rewards[0].points).toBe(winner.body.points.rewards[0].points);
    expect(now.versions.points).toBe(winner.body.version);

    // The benefits editor the same way; a save from the current version goes through.
    const benefits = await put('/membership/settings/benefits', now.membership, now.versions.membership);
    expect(benefits.status).toBe(200);
    expect((await put('/membership/settings/benefits', now.membership, now.versions.membership)).status).toBe(409);
    expect((await put('/membership/settings/benefits', now.membership, benefits.body.version)).status).toBe(200);

    // A malformed version is a 400 naming the header; without If-Match the save is unconditional (API clients).
    expect((await api.call('PUT', '/membership/settings/points', { token: m.token, body: now.points, headers: { 'If-Match': 'yesterday' } })).body).toMatchObject({ field: 'If-Match' });
    expect((await api.call('PUT', '/membership/settings/points', { token: m.token, body: now.points })).status).toBe(200);
  });
});
