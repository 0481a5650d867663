import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getVoucher, issueVoucherItem } from '../../functions/db/voucher';
import { getAllowance, getReminder, getSlot, grantKey } from '../../functions/db/booking';
import { db, dbStats } from '../../functions/db/client';
import { sendDueReminders } from '../../functions/booking/reminders';
import { topUpPaidHours } from '../../functions/booking/topup';
import { setWechat } from '../../functions/wechat';
import { LocalWechatApi } from '../../functions/wechat/local';
import { parseSlotId, shanghaiTime, slotKeyId, ZONE } from '../../shared/booking/slots';
import { monthKey } from '../../shared/booking/rules';
import { useApiTestBed } from '../setup/testbed';
import { inDays, paidSlotAt, payFor, publishedThemeDay } from './booking-fixtures';

const api = useApiTestBed();
let counselor: { token: string; user: { id: string; name: string } };
let day: Awaited<ReturnType<typeof publishedThemeDay>>;
const date = inDays(5);

beforeAll(async () => {
  counselor = await api.login('林静', 'counselor');
  day = await publishedThemeDay(api, date, [counselor.user.id]);
});

const slotKeyOf = (id: string) => slotKeyId(parseSlotId(id)!);

describe('theme days', () => {
  it('list the free 15-minute slots of a published day, every 20 minutes, in UTC', async () => {
    const { token } = await api.login('看看');
    const res = await api.call('GET', `/themedays?month=${date.slice(0, 7)}`, { token });
    expect(res.status).toBe(200);
    const td = res.body.themeDays.find((d: { id: string }) => d.id === date);
    expect(td).toMatchObject({ date, theme: '睡眠与情绪', counselors: [{ id: counselor.user.id, name: '林静' }] });
    // 09:00–10:00 Shanghai: 09:00, 09:20, 09:40 (the last one ends 09:55, within the hours).
    expect(td.slots.map((s: { start: string }) => shanghaiTime(s.start))).toEqual(['09:00', '09:20', '09:40']);
    expect(td.slots[0].start).toMatch(/Z$/);
    expect(Date.parse(td.slots[0].end) - Date.parse(td.slots[0].start)).toBe(15 * 60_000);
    expect(td.slots.every((s: { available: boolean }) => s.available)).toBe(true);
  });

  it('clients do not see drafts; staff do', async () => {
    const marketer = await api.login('市场部测试', 'marketer');
    const draftDate = inDays(6);
    expect((await api.call('POST', '/themedays', { token: marketer.token, body: { date: draftDate, theme: '职场压力', counselorIds: [counselor.user.id], hours: { from: '14:00', to: '15:00' } } })).status).toBe(201);
    const client = await api.login('看看');
    const month = draftDate.slice(0, 7);
    const seen = await api.call('GET', `/themedays?month=${month}`, { token: client.token });
    expect(seen.body.themeDays.map((d: { id: string }) => d.id)).not.toContain(draftDate);
    expect((await api.call('GET', `/themedays/${draftDate}`, { token: client.token })).status).toBe(404);
    const staff = await api.call('GET', `/themedays?month=${month}`, { token: marketer.token });
    expect(staff.body.themeDays.find((d: { id: string }) => d.id === draftDate)).toMatchObject({ published: false });
    // A draft's slot cannot be booked.
    const draft = (await api.call('GET', `/themedays/${draftDate}`, { token: marketer.token })).body;
    const res = await api.call('POST', '/bookings', { token: client.token, body: { slotId: draft.slots[0].id } });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('slot_unavailable');
  });

  it('validates theme-day input naming the field, and refuses a second day on one date', async () => {
    const marketer = await api.login('市场部测试', 'marketer');
    const bad = await api.call('POST', '/themedays', { token: marketer.token, body: { date: '2026-13-01', theme: 'x', counselorIds: [counselor.user.id], hours: { from: '09:00', to: '10:00' } } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'date' } });
    const past = await api.call('POST', '/themedays', { token: marketer.token, body: { date: inDays(-1), theme: 'x', counselorIds: [counselor.user.id], hours: { from: '09:00', to: '10:00' } } });
    expect(past).toMatchObject({ status: 400, body: { field: 'date' } });
    const unknown = await api.call('POST', '/themedays', { token: marketer.token, body: { date: inDays(20), theme: 'x', counselorIds: ['NOPE'], hours: { from: '09:00', to: '10:00' } } });
    expect(unknown).toMatchObject({ status: 400, body: { field: 'counselorIds.0' } });
    const again = await api.call('POST', '/themedays', { token: marketer.token, body: { date, theme: 'x', counselorIds: [counselor.user.id], hours: { from: '09:00', to: '10:00' } } });
    expect(again).toMatchObject({ status: 409, body: { error: 'themeday_exists' } });
    const client = await api.login('看看');
    expect((await api.call('POST', '/themedays', { token: client.token, body: {} })).status).toBe(403);
  });
});

describe('booking a free consult', () => {
  it('books with one DynamoDB request, then the slot shows taken', async () => {
    const client = await api.login('小周');
    const slot = day.slots[0];
    const before = dbStats.requests;
    const res = await api.call('POST', '/bookings', { token: client.token, body: { slotId: slot.id } });
    const requests = dbStats.requests - before;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ slotId: slot.id, start: slot.start, counselorId: counselor.user.id, status: 'booked', amountDue: 0 });
    expect(requests).toBe(1);

    const again = await api.call('POST', '/bookings', { token: (await api.login('小吴')).token, body: { slotId: slot.id } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'slot_taken' });
    expect(again.body.message).toMatch(/another slot/);

    const list = await api.call('GET', `/themedays/${date}`, { token: client.token });
    expect(list.body.slots.find((s: { id: string }) => s.id === slot.id).available).toBe(false);
    expect((await getSlot(slotKeyOf(slot.id)))?.bookingId).toBe(res.body.id);
  });

  it('allows one free consult per calendar month, with a clear message', async () => {
    const client = await api.login('小钱');
    expect((await api.call('POST', '/bookings', { token: client.token, body: { slotId: day.slots[1].id } })).status).toBe(201);
    const second = await api.call('POST', '/bookings', { token: client.token, body: { slotId: day.slots[2].id } });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('monthly_limit');
    expect(second.body.message).toContain(monthKey(day.slots[2].start));
    // Nothing half-written: the slot the second attempt wanted is still free.
    expect((await getSlot(slotKeyOf(day.slots[2].id)))?.status).toBe('available');
  });

  it('answers 404 for an unknown slot and 400 naming the field for bad input', async () => {
    const { token } = await api.login('小孙');
    // Well-formed, but no such slot: 09:05 is between two of the day's slots.
    const ghost = day.slots[0].id.replace(/T(\d\d)00Z$/, 'T$105Z');
    expect(ghost).not.toBe(day.slots[0].id);
    expect((await api.call('POST', '/bookings', { token, body: { slotId: ghost } })).status).toBe(404);
    const bad = await api.call('POST', '/bookings', { token, body: { slotId: 'nonsense' } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'slotId' } });
    const missing = await api.call('POST', '/bookings', { token, body: {} });
    expect(missing).toMatchObject({ status: 400, body: { field: 'slotId' } });
    const badKey = await api.call('POST', '/bookings', { token, body: { slotId: day.slots[2].id }, headers: { 'idempotency-key': 'x' } });
    expect(badKey).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
    expect((await api.call('POST', '/bookings', { body: { slotId: day.slots[2].id } })).status).toBe(401);
  });

  it('a retry with the same Idempotency-Key gets the first answer, and books once', async () => {
    const client = await api.login('小李');
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await api.call('POST', '/bookings', { token: client.token, body: { slotId: day.slots[2].id }, headers });
    expect(first.status).toBe(201);
    const retry = await api.call('POST', '/bookings', { token: client.token, body: { slotId: day.slots[2].id }, headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const mine = await api.call('GET', '/me/bookings', { token: client.token });
    expect(mine.body.items).toHaveLength(1);
    const other = await api.call('POST', '/bookings', { token: client.token, body: { slotId: day.slots[0].id }, headers });
    expect(other).toMatchObject({ status: 409, body: { error: 'idempotency_key_reused' } });
  });

  it('cancelling frees the slot and the month’s free consult together; only once; only the owner', async () => {
    const client = await api.login('小李');
    const mine = (await api.call('GET', '/me/bookings', { token: client.token })).body.items[0];
    const stranger = await api.login('陌生人');
    expect((await api.call('GET', `/bookings/${mine.id}`, { token: stranger.token })).status).toBe(404);
    expect((await api.call('POST', `/bookings/${mine.id}/cancel`, { token: stranger.token })).status).toBe(404);
    expect((await api.call('GET', `/bookings/${mine.id}/ics`, { token: stranger.token })).status).toBe(404);

    const cancel = await api.call('POST', `/bookings/${mine.id}/cancel`, { token: client.token });
    expect(cancel).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect((await getSlot(slotKeyOf(mine.slotId)))).toMatchObject({ status: 'available' });
    expect((await getSlot(slotKeyOf(mine.slotId)))?.bookingId).toBeUndefined();
    expect(await getAllowance(client.user.id, monthKey(mine.start))).toBeUndefined();
    expect((await api.call('POST', `/bookings/${mine.id}/cancel`, { token: client.token })).body.error).toBe('not_booked');

    // Free again: someone else can book it, and the first client can book again this month.
    const newcomer = await api.login('小新');
    expect((await api.call('POST', '/bookings', { token: newcomer.token, body: { slotId: mine.slotId } })).status).toBe(201);
  });

  it('serves the booking as an .ics calendar a real parser reads back', async () => {
    const client = await api.login('小周');
    const b = (await api.call('GET', '/me/bookings', { token: client.token })).body.items[0];
    const res = await api.call('GET', `/bookings/${b.id}/ics`, { token: client.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(res.text));
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(b.start);
    expect(event.endDate.toJSDate().toISOString()).toBe(b.end);
    expect(event.summary).toContain('睡眠与情绪');
    expect(event.description).toContain('林静');
  });
});

describe('paid consults', () => {
  it('counselors open weekly hours at their price; clients browse by counselor and book with the amount due', async () => {
    const zhou = await api.login('周明', 'counselor');
    const hours = await api.call('PUT', '/counselor/consult-hours', {
      token: zhou.token,
      body: { price: 400, weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: ['19:00', '20:00'] })) },
    });
    expect(hours.status).toBe(200);
    expect(hours.body.openedSlots).toBeGreaterThan(70);
    const badHours = await api.call('PUT', '/counselor/consult-hours', { token: zhou.token, body: { price: 400, weekly: [{ weekday: 1, starts: ['10:00', '10:30'] }] } });
    expect(badHours).toMatchObject({ status: 400, body: { field: 'weekly' } });

    const client = await api.login('付费客户');
    // Whole Shanghai days, so the first slot of the window is 19:00 whatever the time of day the test runs.
    const from = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 3 }).toUTC().toISO()!;
    const to = DateTime.fromISO(from).plus({ days: 7 }).toUTC().toISO()!;
    const res = await api.call('GET', `/consults/slots?from=${from}&to=${to}&counselorId=${zhou.user.id}`, { token: client.token });
    expect(res.status).toBe(200);
    expect(res.body.slots.length).toBe(14);
    const slot = res.body.slots[0];
    expect(slot).toMatchObject({ counselorId: zhou.user.id, price: 400, available: true });
    expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(50 * 60_000);
    expect(shanghaiTime(slot.start)).toBe('19:00');
    const byTime = await api.call('GET', `/consults/slots?from=${from}&to=${to}`, { token: client.token });
    expect(byTime.body.slots.map((s: { id: string }) => s.id)).toContain(slot.id);

    const before = dbStats.requests;
    const booked = await api.call('POST', '/bookings', { token: client.token, body: { slotId: slot.id } });
    expect(dbStats.requests - before).toBe(1); // the hold's order is written in the same transaction
    // Something to pay: the slot is held for 15 minutes until WeChat Pay confirms the payment.
    expect(booked).toMatchObject({ status: 201, body: { price: 400, voucherValue: 0, amountDue: 400, status: 'pending_payment' } });
    expect(Date.parse(booked.body.holdExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    await payFor(api, client.token, booked.body.id);
    expect((await api.call('GET', `/bookings/${booked.body.id}`, { token: client.token })).body).toMatchObject({ status: 'booked', amountPaid: 400 });
    // Paid consults do not use the free allowance.
    expect(await getAllowance(client.user.id, monthKey(slot.start))).toBeUndefined();

    // A new price re-quotes unbooked slots: the old quote is refused, the booked one is untouched.
    await api.call('PUT', '/counselor/consult-hours', {
      token: zhou.token,
      body: { price: 450, weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: ['19:00', '20:00'] })) },
    });
    const stale = await api.call('POST', '/bookings', { token: client.token, body: { slotId: res.body.slots[1].id } });
    expect(stale).toMatchObject({ status: 409, body: { error: 'price_changed' } });
    expect((await getSlot(slotKeyOf(slot.id)))).toMatchObject({ status: 'booked', price: 400 });
    expect((await api.call('GET', '/counselors', { token: client.token })).body.counselors).toContainEqual({ id: zhou.user.id, name: '周明', price: 450 });
  });

  it('a daily top-up keeps paid hours open six weeks ahead, with no duplicates and bookings untouched', async () => {
    const wu = await api.login('吴悦', 'counselor');
    expect((await api.call('PUT', '/counselor/consult-hours', { token: wu.token, body: { price: 320, weekly: [{ weekday: 1, starts: ['10:00'] }] } })).status).toBe(200);
    const client = await api.login('周一来访者');
    const mondays = async () => {
      const from = new Date().toISOString();
      const to = new Date(Date.now() + 60 * 86_400_000).toISOString();
      const res = await api.call('GET', `/consults/slots?from=${from}&to=${to}&counselorId=${wu.user.id}`, { token: client.token });
      return res.body.slots as { id: string; start: string; available: boolean }[];
    };
    const opened = await mondays();
    expect(opened.length).toBeGreaterThanOrEqual(5);
    const lastDay = DateTime.fromISO(opened.at(-1)!.start).setZone(ZONE);
    // The first bookable Monday: on a Monday morning today's 10:00 is listed but already inside the 2-hour notice.
    const first = opened.find((s) => s.available)!;
    expect((await api.call('POST', '/bookings', { token: client.token, body: { slotId: first.id } })).status).toBe(201);

    // A week passes: the daily run opens the Monday that came into reach, once however often it runs.
    const weekLater = new Date(Date.now() + 7 * 86_400_000);
    expect(await topUpPaidHours(weekLater)).toMatchObject({ counselors: expect.any(Number) });
    await topUpPaidHours(weekLater);
    const after = await mondays();
    expect(after.map((s) => DateTime.fromISO(s.start).setZone(ZONE).toISODate())).toContain(lastDay.plus({ weeks: 1 }).toISODate());
    expect(new Set(after.map((s) => s.start)).size).toBe(after.length);
    expect(after.every((s) => DateTime.fromISO(s.start).setZone(ZONE).toFormat('c HH:mm') === '1 10:00')).toBe(true);
    // The booked Monday is still there and still booked.
    expect(after.find((s) => s.id === first.id)).toMatchObject({ available: false });
    expect(await getSlot(slotKeyOf(first.id))).toMatchObject({ status: 'booked', price: 320 });
  });

  it('refuses vouchers on a free consult, and unknown vouchers naming voucherId', async () => {
    const client = await api.login('券客户');
    const free = await api.call('POST', '/bookings', { token: client.token, body: { slotId: day.slots[0].id, voucherId: 'V1' } });
    expect(free).toMatchObject({ status: 400, body: { field: 'voucherId' } });
    const lin = await paidSlotAt(counselor.user.id, new Date(Date.now() + 30 * 3600_000));
    const unknown = await api.call('POST', '/bookings', { token: client.token, body: { slotId: lin, voucherId: 'NOSUCHVOUCHER' } });
    expect(unknown).toMatchObject({ status: 404, body: { field: 'voucherId', error: 'voucher_not_found' } });
  });

  it('a voucher lowers the amount due, commits with the booking, and comes back on cancel', async () => {
    const owner = await api.login('有券的人');
    const other = await api.login('没券的人');
    const issue = async (id: string, value: number, expiresInDays: number) => {
      const v = { id, ownerId: owner.user.id, status: 'issued' as const, value, expiresAt: new Date(Date.now() + expiresInDays * 86_400_000).toISOString(), campaignId: 'c1', reason: 'invited_friend' as const, createdAt: new Date().toISOString() };
      await db().send(new TransactWriteCommand({ TransactItems: [issueVoucherItem(v)] }));
    };
    await issue('VBOOK50', 50, 30);
    await issue('VOLD', 100, -1);
    const slot = await paidSlotAt(counselor.user.id, new Date(Date.now() + 50 * 3600_000), 300);

    expect(await api.call('POST', '/bookings', { token: other.token, body: { slotId: slot, voucherId: 'VBOOK50' } })).toMatchObject({ status: 403, body: { field: 'voucherId', error: 'voucher_not_yours' } });
    expect(await api.call('POST', '/bookings', { token: owner.token, body: { slotId: slot, voucherId: 'VOLD' } })).toMatchObject({ status: 409, body: { field: 'voucherId', error: 'voucher_expired' } });
    expect((await getSlot(slotKeyOf(slot)))?.status).toBe('available');

    const before = dbStats.requests;
    const booked = await api.call('POST', '/bookings', { token: owner.token, body: { slotId: slot, voucherId: 'VBOOK50' } });
    expect(dbStats.requests - before).toBe(2); // the voucher is read for its value, then one transaction
    expect(booked).toMatchObject({ status: 201, body: { price: 300, amountDue: 250, voucherId: 'VBOOK50' } });
    expect((await getVoucher('VBOOK50'))).toMatchObject({ status: 'redeemed', bookingId: booked.body.id });

    // Used once: a second paid booking with it is refused and leaves that slot free.
    const slot2 = await paidSlotAt(counselor.user.id, new Date(Date.now() + 52 * 3600_000), 300);
    expect(await api.call('POST', '/bookings', { token: owner.token, body: { slotId: slot2, voucherId: 'VBOOK50' } })).toMatchObject({ status: 409, body: { error: 'voucher_not_issued' } });
    expect((await getSlot(slotKeyOf(slot2)))?.status).toBe('available');

    expect((await api.call('POST', `/bookings/${booked.body.id}/cancel`, { token: owner.token })).status).toBe(200);
    expect((await getVoucher('VBOOK50'))).toMatchObject({ status: 'issued' });
    expect((await getVoucher('VBOOK50'))?.bookingId).toBeUndefined();
  });

  it('closes booking at the minimum notice and cancelling at the cut-off', async () => {
    const client = await api.login('迟到的人');
    const soon = await paidSlotAt(counselor.user.id, new Date(Date.now() + 90 * 60_000));
    const late = await api.call('POST', '/bookings', { token: client.token, body: { slotId: soon } });
    expect(late).toMatchObject({ status: 409, body: { error: 'too_late' } });
    process.env.BOOKING_MIN_NOTICE_MINUTES = '30';
    try {
      const ok = await api.call('POST', '/bookings', { token: client.token, body: { slotId: soon } });
      expect(ok.status).toBe(201);
      await payFor(api, client.token, ok.body.id);
      const cancel = await api.call('POST', `/bookings/${ok.body.id}/cancel`, { token: client.token });
      expect(cancel).toMatchObject({ status: 409, body: { error: 'too_late_to_cancel' } });
    } finally {
      delete process.env.BOOKING_MIN_NOTICE_MINUTES;
    }
  });
});

describe('counselors', () => {
  it('see their own day with client name and theme, and only a result the client chose to share', async () => {
    const client = await api.login('分享者');
    const result = await api.call('POST', '/selftests/phq9/results', { token: client.token, body: { answers: [1, 1, 1, 1, 1, 1, 0, 0, 0] } });
    await api.call('POST', '/selftests/gad7/results', { token: client.token, body: { answers: [3, 3, 3, 3, 3, 0, 0] } });
    const other = await api.login('晚到的人');
    const d2 = inDays(7);
    const td = await publishedThemeDay(api, d2, [counselor.user.id], { from: '14:00', to: '15:00' }, '亲子关系');
    const strangersResult = await api.call('POST', '/selftests/phq9/results', { token: other.token, body: { answers: Array(9).fill(0) } });
    const notMine = await api.call('POST', '/bookings', { token: client.token, body: { slotId: td.slots[0].id, shareResultId: strangersResult.body.id } });
    expect(notMine).toMatchObject({ status: 404, body: { field: 'shareResultId' } });
    expect((await api.call('POST', '/bookings', { token: client.token, body: { slotId: td.slots[0].id, shareResultId: result.body.id } })).status).toBe(201);
    expect((await api.call('POST', '/bookings', { token: other.token, body: { slotId: td.slots[1].id } })).status).toBe(201);

    const view = await api.call('GET', `/counselor/bookings?date=${d2}`, { token: counselor.token });
    expect(view.status).toBe(200);
    expect(view.body.items).toHaveLength(2);
    expect(view.body.items[0]).toMatchObject({ clientName: '分享者', theme: '亲子关系', sharedResult: { instrument: 'phq9', score: 6, band: 'mild' } });
    expect(view.body.items[1]).toMatchObject({ clientName: '晚到的人', sharedResult: null });
    expect(JSON.stringify(view.body)).not.toContain('answers');
  });

  it('cannot see or mark another counselor’s bookings', async () => {
    const other = await api.login('陈晓雨', 'counselor');
    const mine = await api.call('GET', `/counselor/bookings?date=${date}`, { token: counselor.token });
    expect(mine.body.items.length).toBeGreaterThan(0);
    const theirs = await api.call('GET', `/counselor/bookings?date=${date}`, { token: other.token });
    expect(theirs.body.items).toEqual([]);
    const id = mine.body.items[0].id;
    expect((await api.call('POST', `/counselor/bookings/${id}/attendance`, { token: other.token, body: { status: 'attended' } })).status).toBe(404);
    const client = await api.login('小周');
    expect((await api.call('GET', `/counselor/bookings?date=${date}`, { token: client.token })).status).toBe(403);
    // Too early to mark: the consult has not started.
    expect((await api.call('POST', `/counselor/bookings/${id}/attendance`, { token: counselor.token, body: { status: 'attended' } })).body.error).toBe('not_started');
    expect((await api.call('POST', `/counselor/bookings/${id}/attendance`, { token: counselor.token, body: { status: 'maybe' } })).body.field).toBe('status');
  });

  it('mark attendance once, from shortly before the start', async () => {
    const client = await api.login('准时的人');
    const soon = await paidSlotAt(counselor.user.id, new Date(Date.now() + 10 * 60_000));
    process.env.BOOKING_MIN_NOTICE_MINUTES = '0';
    let id: string;
    try {
      id = (await api.call('POST', '/bookings', { token: client.token, body: { slotId: soon } })).body.id;
      await payFor(api, client.token, id);
    } finally {
      delete process.env.BOOKING_MIN_NOTICE_MINUTES;
    }
    const marked = await api.call('POST', `/counselor/bookings/${id}/attendance`, { token: counselor.token, body: { status: 'attended' } });
    expect(marked).toMatchObject({ status: 200, body: { status: 'attended' } });
    const twice = await api.call('POST', `/counselor/bookings/${id}/attendance`, { token: counselor.token, body: { status: 'no_show' } });
    expect(twice).toMatchObject({ status: 409, body: { error: 'not_booked' } });
    const mine = await api.call('GET', `/bookings/${id}`, { token: client.token });
    expect(mine.body.status).toBe('attended');
  });

  it('set availability per theme day, and cannot withdraw a booked slot', async () => {
    const d3 = inDays(8);
    const td = await publishedThemeDay(api, d3, [counselor.user.id], { from: '10:00', to: '11:00' });
    const av = await api.call('GET', `/counselor/themedays/${d3}/availability`, { token: counselor.token });
    expect(av.body.slots).toHaveLength(3);
    const client = await api.login('可用性客户');
    expect((await api.call('POST', '/bookings', { token: client.token, body: { slotId: td.slots[0].id } })).status).toBe(201);

    const withdraw = await api.call('PUT', `/counselor/themedays/${d3}/availability`, { token: counselor.token, body: { offered: [td.slots[0].id] } });
    expect(withdraw.status).toBe(200);
    expect(withdraw.body.slots.map((s: { offered: boolean }) => s.offered)).toEqual([true, false, false]);
    const seen = await api.call('GET', `/themedays/${d3}`, { token: client.token });
    expect(seen.body.slots).toHaveLength(1);
    const blocked = await api.call('POST', '/bookings', { token: (await api.login('另一个')).token, body: { slotId: td.slots[1].id } });
    expect(blocked).toMatchObject({ status: 409, body: { error: 'slot_unavailable' } });

    const refuse = await api.call('PUT', `/counselor/themedays/${d3}/availability`, { token: counselor.token, body: { offered: [] } });
    expect(refuse).toMatchObject({ status: 409, body: { error: 'slot_booked' } });
    const other = await api.login('陈晓雨', 'counselor');
    expect((await api.call('GET', `/counselor/themedays/${d3}/availability`, { token: other.token })).status).toBe(404);
  });
});

describe('reminders', () => {
  it('sends exactly one message per grant, and none without a grant', async () => {
    const outbox = new LocalWechatApi('http://127.0.0.1');
    setWechat(outbox);
    try {
      const client = await api.login('提醒客户');
      const start = new Date(Date.now() + 3 * 3600_000);
      const slotA = await paidSlotAt(counselor.user.id, start);
      const slotB = await paidSlotAt(counselor.user.id, new Date(start.getTime() + 2 * 3600_000));
      const a = (await api.call('POST', '/bookings', { token: client.token, body: { slotId: slotA } })).body;
      const b = (await api.call('POST', '/bookings', { token: client.token, body: { slotId: slotB } })).body;
      await payFor(api, client.token, a.id);
      await payFor(api, client.token, b.id);

      const grant = await api.call('POST', `/bookings/${a.id}/reminders`, { token: client.token, body: { templateId: 'tpl-1' } });
      expect(grant).toMatchObject({ status: 201, body: { grants: 1 } });
      const stranger = await api.login('陌生人');
      expect((await api.call('POST', `/bookings/${a.id}/reminders`, { token: stranger.token, body: { templateId: 'tpl-1' } })).status).toBe(404);

      // Not due yet.
      expect((await sendDueReminders(new Date())).sent).toBe(0);
      const dueA = new Date(Date.parse(a.start) - 59 * 60_000);
      await Promise.all([sendDueReminders(dueA), sendDueReminders(dueA), sendDueReminders(dueA)]);
      expect(outbox.outbox).toHaveLength(1);
      // The reminder opens the booking's own confirmation page.
      expect(outbox.outbox[0]).toMatchObject({ templateId: 'tpl-1', page: `pages/booking/confirm?id=${a.id}` });
      expect((await getReminder(a.id))?.status).toBe('sent');
      await sendDueReminders(dueA);
      expect(outbox.outbox).toHaveLength(1);

      // B's reminder is queued, but its grant has been used elsewhere: nothing may be sent.
      await api.call('POST', `/bookings/${b.id}/reminders`, { token: client.token, body: { templateId: 'tpl-1' } });
      await db().send(
        new UpdateCommand({ TableName: process.env.TABLE_NAME, Key: grantKey(client.user.id, 'tpl-1'), UpdateExpression: 'SET #c = :z', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':z': 0 } }),
      );
      await sendDueReminders(new Date(Date.parse(b.start) - 30 * 60_000));
      expect(outbox.outbox).toHaveLength(1);
      expect((await getReminder(b.id))?.status).toBe('no_grant');
    } finally {
      setWechat(undefined);
    }
  });

  it('a cancelled booking gets no reminder', async () => {
    const outbox = new LocalWechatApi('http://127.0.0.1');
    setWechat(outbox);
    try {
      const client = await api.login('取消提醒');
      const slot = await paidSlotAt(counselor.user.id, new Date(Date.now() + 7 * 3600_000));
      const b = (await api.call('POST', '/bookings', { token: client.token, body: { slotId: slot } })).body;
      await api.call('POST', `/bookings/${b.id}/reminders`, { token: client.token, body: { templateId: 'tpl-2' } });
      expect((await api.call('POST', `/bookings/${b.id}/cancel`, { token: client.token })).status).toBe(200);
      await sendDueReminders(new Date(Date.parse(b.start) - 30 * 60_000));
      expect(outbox.outbox).toHaveLength(0);
      expect((await getReminder(b.id))?.status).toBe('skipped');
    } finally {
      setWechat(undefined);
    }
  });

  it('the local outbox is exposed for npm start', async () => {
    expect((await api.call('GET', '/dev/outbox')).body).toEqual({ messages: [] });
  });
});
