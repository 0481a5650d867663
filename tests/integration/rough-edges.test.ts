import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { seedReferral } from '../../functions/referral/seed';
import { wechat } from '../../functions/wechat';
import { LocalWechatApi } from '../../functions/wechat/local';
import { drainStreams } from '../../functions/local/streams';
import { processReferralRecord } from '../../functions/referral/stream';
import { currentAndNextMonth } from '../../shared/booking/rules';
import type { TestApi } from '../setup/api';
import { useApiTestBed } from '../setup/testbed';
import { inDays, publishedThemeDay } from './booking-fixtures';

/** Issue 11, items 11–17: the rough edges a new user hit, as server behaviour. Browser side: tests/e2e/rough-edges.test.ts. */
const api = useApiTestBed();
type Login = Awaited<ReturnType<TestApi['login']>>;
let marketer: Login;
let counselor: Login;
let seq = 0;
const newClient = (label: string) => api.login(`${label}-${++seq}`, 'client');
const PHQ_MILD = [1, 1, 0, 0, 0, 0, 0, 0, 0];
const outbox = () => (wechat() as LocalWechatApi).outbox;

beforeAll(async () => {
  marketer = await api.login('运营小周', 'marketer');
  counselor = await api.login('林静', 'counselor');
});

async function bookFirstSlot(who: Login, date: string) {
  const day = await api.call('GET', `/themedays/${date}`, { token: who.token });
  const slot = day.body.slots.find((s: { available: boolean }) => s.available);
  const res = await api.call('POST', '/bookings', { token: who.token, body: { slotId: slot.id } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('11 · unpublishing a theme day that has bookings', () => {
  it('is refused with the number of bookings, and the bookings stay on a visible day; without bookings it goes through', async () => {
    const date = inDays(20);
    await publishedThemeDay(api, date, [counselor.user.id]);
    const a = await newClient('小安');
    const b = await newClient('小北');
    await bookFirstSlot(a, date);
    await bookFirstSlot(b, date);

    const refused = await api.call('POST', `/themedays/${date}/publish`, { token: marketer.token, body: { published: false } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'themeday_has_bookings', bookings: 2 });
    // Still published: the clients' bookings still have their day and theme.
    const seen = await api.call('GET', `/themedays/${date}`, { token: a.token });
    expect(seen.status).toBe(200);
    expect(seen.body.published).toBe(true);

    const empty = inDays(21);
    await publishedThemeDay(api, empty, [counselor.user.id]);
    const down = await api.call('POST', `/themedays/${empty}/publish`, { token: marketer.token, body: { published: false } });
    expect(down.status).toBe(200);
    expect(down.body.published).toBe(false);
  });
});

describe('12 · the monthly free consult, before a slot is picked', () => {
  it('GET /me/free-consults names the booking that uses this month and frees it again on cancel', async () => {
    const date = inDays(22);
    await publishedThemeDay(api, date, [counselor.user.id]).catch(() => undefined);
    const c = await newClient('小满');
    const before = await api.call('GET', '/me/free-consults', { token: c.token });
    expect(before.status).toBe(200);
    expect(before.body.months.map((m: { month: string }) => m.month)).toEqual(currentAndNextMonth());
    expect(before.body.months.every((m: { used: boolean; booking: unknown }) => !m.used && m.booking === null)).toBe(true);

    const booked = await bookFirstSlot(c, date);
    const after = await api.call('GET', '/me/free-consults', { token: c.token });
    const month = after.body.months.find((m: { month: string }) => m.month === date.slice(0, 7));
    expect(month).toMatchObject({ used: true, booking: { id: booked.id, status: 'booked' } });

    expect((await api.call('POST', `/bookings/${booked.id}/cancel`, { token: c.token })).status).toBe(200);
    const freed = await api.call('GET', '/me/free-consults', { token: c.token });
    expect(freed.body.months.find((m: { month: string }) => m.month === date.slice(0, 7))).toMatchObject({ used: false, booking: null });
  });
});

describe('13 · a cancelled booking', () => {
  it('the cancel answer keeps the counselor’s name (the page showing it has no empty row)', async () => {
    const date = inDays(23);
    await publishedThemeDay(api, date, [counselor.user.id]);
    const c = await newClient('小雨');
    const booked = await bookFirstSlot(c, date);
    const cancelled = await api.call('POST', `/bookings/${booked.id}/cancel`, { token: c.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', counselorName: '林静' });
  });
});

describe('14 · the theme-day editor', () => {
  it('a draft’s slots are not counted as booked; a booked slot is', async () => {
    const date = inDays(24);
    const created = await api.call('POST', '/themedays', {
      token: marketer.token,
      body: { date, theme: '职场压力', counselorIds: [counselor.user.id], hours: { from: '09:00', to: '10:00' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.slots.length).toBe(3);
    expect(created.body.slots.every((s: { available: boolean; booked: boolean }) => !s.available && s.booked === false)).toBe(true);

    await api.call('POST', `/themedays/${date}/publish`, { token: marketer.token, body: { published: true } });
    await bookFirstSlot(await newClient('小草'), date);
    const month = await api.call('GET', `/themedays?month=${date.slice(0, 7)}`, { token: marketer.token });
    const day = month.body.themeDays.find((d: { id: string }) => d.id === date);
    expect(day.slots.filter((s: { booked: boolean }) => s.booked).length).toBe(1);
  });

  it('a past date is refused naming the field, with the reason in the staff’s words', async () => {
    const res = await api.call('POST', '/themedays', {
      token: marketer.token,
      body: { date: inDays(-1), theme: '职场压力', counselorIds: [counselor.user.id], hours: { from: '09:00', to: '10:00' } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'date', reason: 'date_in_past' });
    expect(res.body.hint).toContain('不能早于今天');
  });
});

describe('15 · 我的: export and delete everything of mine', () => {
  it('exports everything, refuses deletion while a consult is ahead, then deletes the client’s data and keeps past bookings anonymised', async () => {
    const date = inDays(25);
    await publishedThemeDay(api, date, [counselor.user.id]);
    const c = await newClient('小舟');
    const result = await api.call('POST', '/selftests/phq9/results', { token: c.token, body: { answers: PHQ_MILD } });
    expect(result.status).toBe(201);
    await api.call('PATCH', '/me', { token: c.token, body: { marketingOptIn: true } });
    const day = await api.call('GET', `/themedays/${date}`, { token: c.token });
    const slot = day.body.slots.find((s: { available: boolean }) => s.available);
    const booked = await api.call('POST', '/bookings', { token: c.token, body: { slotId: slot.id, shareResultId: result.body.id } });
    expect(booked.status).toBe(201);
    await api.call('GET', '/me/invite', { token: c.token }); // creates an invite code

    const exported = await api.call('GET', '/me/export', { token: c.token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.body.selftests[0]).toMatchObject({ id: result.body.id, answers: PHQ_MILD });
    expect(exported.body.bookings[0]).toMatchObject({ id: booked.body.id, counselorName: '林静' });
    expect(exported.body.profile).toMatchObject({ id: c.user.id, marketingOptIn: true });

    const refused = await api.call('DELETE', '/me/data', { token: c.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'upcoming_bookings', bookings: 1 });
    expect((await api.call('GET', '/me/selftests', { token: c.token })).body.items).toHaveLength(1);

    await api.call('POST', `/bookings/${booked.body.id}/cancel`, { token: c.token });
    const erased = await api.call('DELETE', '/me/data', { token: c.token });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ deleted: { selftests: 1, signIns: 1 }, anonymised: { bookings: 1 } });

    // Nothing personal is left under the client's partition: no result (answers), no grant, no invite code.
    const left = await db().send(new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `USER#${c.user.id}` } }));
    const sks = (left.Items ?? []).map((i) => i.sk as string);
    expect(sks.filter((sk) => sk.startsWith('SELFTEST#') || sk === 'INVITECODE' || sk.startsWith('FREECONSULT#'))).toEqual([]);
    const profile = (left.Items ?? []).find((i) => i.sk === 'PROFILE')!;
    expect(profile.name).not.toContain('小舟');
    expect(profile.marketingOptIn).toBe(false);
    expect(profile.deviceId).toBeUndefined();
    // The booking stays for the practice's records, without the name or the shared result.
    const bookingItem = (await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `BOOKING#${booked.body.id}`, sk: 'BOOKING' } }))).Item!;
    expect(bookingItem.status).toBe('cancelled');
    expect(bookingItem.clientName).not.toContain('小舟');
    expect(bookingItem.shareResultId).toBeUndefined();
    // Signing in again with the same name starts a new, empty account.
    const again = await api.login(c.user.name, 'client');
    expect(again.user.id).not.toBe(c.user.id);
    expect((await api.call('GET', '/me/selftests', { token: again.token })).body.items).toEqual([]);
  });

  it('also exports and erases what later capabilities keep: complaints, consents, points', async () => {
    const admin = await api.login('管理员', 'admin');
    const c = await newClient('小岚');
    const filed = await api.call('POST', '/me/complaints', { token: c.token, body: { category: 'other', text: '等候区太吵了，希望能安静一些。' } });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect((await api.call('POST', `/admin/complaints/${id}/replies`, { token: admin.token, body: { text: '谢谢告诉我们，已经调整了。' } })).status).toBe(201);
    expect((await api.call('POST', `/me/complaints/${id}/replies`, { token: c.token, body: { text: '好的，谢谢。' } })).status).toBe(201);
    await api.call('PUT', '/me/consents', { token: c.token, body: { checkins: true } });
    expect((await api.call('POST', '/admin/points/adjustments', { token: admin.token, body: { userId: c.user.id, points: 20, reason: '活动补记' } })).status).toBe(201);

    const exported = (await api.call('GET', '/me/export', { token: c.token })).body;
    expect(exported.complaints[0]).toMatchObject({ id, text: '等候区太吵了，希望能安静一些。' });
    expect(exported.complaints[0].replies.map((r: { by: string }) => r.by)).toEqual(['staff', 'client']);
    expect(exported.consentHistory).toEqual([expect.objectContaining({ purpose: 'checkins', granted: true })]);
    expect(exported.points.balance).toBe(20);

    expect((await api.call('DELETE', '/me/data', { token: c.token })).body).toMatchObject({ anonymised: { complaints: 1 } });
    const left = await db().send(new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `USER#${c.user.id}` } }));
    const sks = (left.Items ?? []).map((i) => i.sk as string);
    expect(sks.filter((sk) => /^(CONSENTLOG#|POINTS|PTS#)/.test(sk))).toEqual([]);
    // The complaint stays for the practice's SLA figures, without the client's name or words; the staff reply stays.
    const complaint = (await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `COMPLAINT#${id}`, sk: 'COMPLAINT' } }))).Item!;
    expect(JSON.stringify(complaint)).not.toMatch(/小岚|等候区|好的，谢谢/);
    expect(complaint.replies.map((r: { by: string }) => r.by)).toEqual(['staff']);
  });

  it('only for clients', async () => {
    expect((await api.call('DELETE', '/me/data', { token: counselor.token })).status).toBe(403);
  });
});

describe('16 · a new voucher is not silent', () => {
  it('the inviter gets one subscription message (with a grant) and a 我的 badge that opening the wallet clears', async () => {
    await seedReferral();
    const inviter = await newClient('邀请人');
    const invite = await api.call('GET', '/me/invite', { token: inviter.token });
    const wallet0 = await api.call('GET', '/me/vouchers', { token: inviter.token });
    expect(wallet0.body.unseen).toBe(0);
    const templateId = wallet0.body.noticeTemplateId;
    expect((await api.call('POST', '/me/vouchers/notices', { token: inviter.token, body: { templateId } })).status).toBe(201);
    expect((await api.call('POST', '/me/vouchers/notices', { token: inviter.token, body: { templateId: 'someone-elses' } })).status).toBe(400);

    const sentBefore = outbox().length;
    for (let i = 0; i < 3; i++) {
      const friend = await newClient('好友');
      expect((await api.call('POST', `/invites/${invite.body.code}/accept`, { token: friend.token, body: {} })).status).toBe(200);
      const result = await api.call('POST', '/selftests/phq9/results', { token: friend.token, body: { answers: PHQ_MILD } });
      expect(result.status).toBe(201);
    }
    // The message goes from the table's stream (as the referralStream Lambda does), once however often it is seen.
    await drainStreams();
    await drainStreams();
    const messages = outbox().slice(sentBefore).filter((m) => m.templateId === templateId);
    expect(messages).toHaveLength(1);
    expect(messages[0].page).toBe('pages/voucher/index');

    const wallet = await api.call('GET', '/me/vouchers', { token: inviter.token });
    expect(wallet.body.items.filter((v: { reason: string }) => v.reason === 'inviter_milestone')).toHaveLength(1);
    expect(wallet.body.unseen).toBe(1);
    expect((await api.call('POST', '/me/vouchers/seen', { token: inviter.token })).status).toBe(204);
    expect((await api.call('GET', '/me/vouchers', { token: inviter.token })).body.unseen).toBe(0);
  });

  it('without a grant the inviter gets no message (the badge still shows the voucher), and a replayed record sends nothing', async () => {
    const inviter = await newClient('邀请人乙');
    const invite = await api.call('GET', '/me/invite', { token: inviter.token });
    const sentBefore = outbox().length;
    for (let i = 0; i < 3; i++) {
      const friend = await newClient('好友乙');
      await api.call('POST', `/invites/${invite.body.code}/accept`, { token: friend.token, body: {} });
      await api.call('POST', '/selftests/phq9/results', { token: friend.token, body: { answers: PHQ_MILD } });
    }
    await drainStreams();
    expect(outbox().slice(sentBefore)).toHaveLength(0);
    expect((await api.call('GET', '/me/vouchers', { token: inviter.token })).body.unseen).toBe(1);
    // Seen again once a grant exists (a stream retry): the one missing notice goes out, and never a second.
    const wallet = await api.call('GET', '/me/vouchers', { token: inviter.token });
    await api.call('POST', '/me/vouchers/notices', { token: inviter.token, body: { templateId: wallet.body.noticeTemplateId } });
    const voucher = wallet.body.items.find((v: { reason: string }) => v.reason === 'inviter_milestone');
    const item = (await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `VOUCHER#${voucher.id}`, sk: 'VOUCHER' } }))).Item!;
    const replay = { eventName: 'INSERT' as const, sequenceNumber: '1', keys: { pk: item.pk, sk: item.sk }, newImage: item };
    await processReferralRecord(replay);
    expect(outbox().slice(sentBefore)).toHaveLength(1);
    await processReferralRecord(replay);
    expect(outbox().slice(sentBefore)).toHaveLength(1);
  });
});

describe('17 · invites', () => {
  it('the invite page tells a friend who already accepted (and the inviter) what they are to it', async () => {
    await seedReferral();
    const inviter = await newClient('邀请人丙');
    const { code } = (await api.call('GET', '/me/invite', { token: inviter.token })).body;
    const friend = await newClient('好友丙');
    expect((await api.call('GET', `/invites/${code}`, { token: friend.token })).body.viewer).toEqual({ accepted: false, own: false });
    await api.call('POST', `/invites/${code}/accept`, { token: friend.token, body: {} });
    expect((await api.call('GET', `/invites/${code}`, { token: friend.token })).body.viewer).toEqual({ accepted: true, own: false });
    expect((await api.call('GET', `/invites/${code}`, { token: inviter.token })).body.viewer).toEqual({ accepted: false, own: true });
    expect((await api.call('GET', `/invites/${code}`)).body.viewer).toBeUndefined();
  });
});
