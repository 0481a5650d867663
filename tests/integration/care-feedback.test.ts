import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { careClock } from '../../functions/care/clock';
import { wechat } from '../../functions/wechat';
import type { LocalWechatApi } from '../../functions/wechat/local';
import { useApiTestBed } from '../setup/testbed';
import { attendedConsult } from './care-fixtures';

const api = useApiTestBed();
const H = 3_600_000;
let admin: Awaited<ReturnType<typeof api.login>>;
let counselor: Awaited<ReturnType<typeof api.login>>;

beforeAll(async () => {
  admin = await api.login('管理员', 'admin');
  counselor = await api.login('林静', 'counselor');
});
afterEach(() => {
  careClock.now = () => new Date();
});

describe('CSAT after an attended consult', () => {
  it('is taken once per booking, only after attending, beside the NPS question', async () => {
    const client = await api.login('评价的人');
    const booked = await attendedConsult(api, client.token, counselor, 'booked');
    expect((await api.call('POST', `/bookings/${booked}/csat`, { token: client.token, body: { score: 5 } })).body.error).toBe('not_attended');

    const id = await attendedConsult(api, client.token, counselor);
    expect((await api.call('POST', `/bookings/${id}/csat`, { token: client.token, body: { score: 6 } })).body.field).toBe('score');
    expect((await api.call('POST', `/bookings/${id}/csat`, { token: client.token, body: { score: 'good' } })).status).toBe(400);
    const stranger = await api.login('别人');
    expect((await api.call('POST', `/bookings/${id}/csat`, { token: stranger.token, body: { score: 4 } })).status).toBe(404);

    const first = await api.call('POST', `/bookings/${id}/csat`, { token: client.token, body: { score: 4, comment: '很耐心' } });
    expect(first.status).toBe(201);
    // A double tap and a racing pair: exactly one answer stays.
    const again = await Promise.all([2, 3].map((score) => api.call('POST', `/bookings/${id}/csat`, { token: client.token, body: { score } })));
    expect(again.map((r) => r.body.error)).toEqual(['already_answered', 'already_answered']);
    expect((await api.call('POST', `/bookings/${id}/nps`, { token: client.token, body: { score: 9 } })).status).toBe(201);

    const ratings = await api.call('GET', '/me/ratings', { token: client.token });
    expect(ratings.body.items).toEqual([expect.objectContaining({ bookingId: id, csat: 4, npsAnswered: true, counselorName: '林静' })]);
  });
});

describe('complaints: filed, answered in time, resolved with an outcome', () => {
  it('goes open → in progress → resolved, with SLA breaches detected on the injected clock', async () => {
    const t0 = new Date('2026-11-02T02:00:00Z');
    careClock.now = () => t0;
    const client = await api.login('有意见的人');
    expect((await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'weather', text: '不好' } })).body.field).toBe('category');
    expect((await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'booking', text: '' } })).body.field).toBe('text');
    const filed = await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'booking', text: '预约时间被改了也没人通知我' } });
    expect(filed).toMatchObject({ status: 201, body: { status: 'open' } });
    const id = filed.body.id;

    // 23 h later: still within the first-response window.
    careClock.now = () => new Date(t0.getTime() + 23 * H);
    let queue = await api.call('GET', '/admin/complaints?status=open', { token: admin.token });
    let item = queue.body.items.find((c: any) => c.id === id);
    expect(item.sla).toMatchObject({ overdue: false, firstResponseBreached: false });
    expect(item.sla.msLeft).toBe(1 * H);

    // 25 h: the first response is late, and the queue shows it as overdue, first.
    careClock.now = () => new Date(t0.getTime() + 25 * H);
    queue = await api.call('GET', '/admin/complaints?status=overdue', { token: admin.token });
    expect(queue.body.items.map((c: any) => c.id)).toEqual([id]);
    expect(queue.body.items[0].sla).toMatchObject({ overdue: true, firstResponseBreached: true });
    expect((await api.call('GET', '/admin/complaints', { token: client.token })).status).toBe(403);

    expect((await api.call('POST', `/admin/complaints/${id}/assign`, { token: admin.token, body: { assigneeId: admin.user.id } })).body.assigneeId).toBe(admin.user.id);
    const reply = await api.call('POST', `/admin/complaints/${id}/replies`, { token: admin.token, body: { text: '非常抱歉，我们已经核实，会马上联系您。' } });
    expect(reply).toMatchObject({ status: 201, body: { status: 'in_progress', notified: 'in_app_only' } });
    expect(reply.body.firstResponseAt).toBe(new Date(t0.getTime() + 25 * H).toISOString());

    // The client sees the answer in 我的 (unread until opened).
    const mine = await api.call('GET', '/me/complaints', { token: client.token });
    expect(mine.body).toMatchObject({ unread: 1, items: [{ id, status: 'in_progress', unread: true }] });
    expect(mine.body.items[0].replies[0].text).toContain('非常抱歉');
    await api.call('GET', `/me/complaints/${id}`, { token: client.token });
    expect((await api.call('GET', '/me/complaints', { token: client.token })).body.unread).toBe(0);

    // Resolved at 70 h: within the 72 h resolution window, but the first response was late.
    careClock.now = () => new Date(t0.getTime() + 70 * H);
    const resolved = await api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'apology', note: '已调整流程，再次致歉。' } });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'resolved', outcome: { kind: 'apology' }, sla: { resolutionBreached: false, firstResponseBreached: true, overdue: false } } });
    expect((await api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'apology' } })).body.error).toBe('already_resolved');
    expect((await api.call('POST', `/admin/complaints/${id}/replies`, { token: admin.token, body: { text: 'x' } })).status).toBe(409);
  });

  it('uses the configured SLA hours', async () => {
    const t0 = new Date('2026-11-03T02:00:00Z');
    careClock.now = () => t0;
    expect((await api.call('PUT', '/admin/settings/complaints', { token: admin.token, body: { firstResponseHours: 4, resolutionHours: 2, goodwillMonthlyBudget: 100 } })).body.field).toBe('resolutionHours');
    await api.call('PUT', '/admin/settings/complaints', { token: admin.token, body: { firstResponseHours: 4, resolutionHours: 8, goodwillMonthlyBudget: 100 } });
    const client = await api.login('赶时间的人');
    const { id } = (await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'other', text: '客服电话打不通' } })).body;
    careClock.now = () => new Date(t0.getTime() + 5 * H);
    const item = (await api.call('GET', `/admin/complaints/${id}`, { token: admin.token })).body;
    expect(item.sla).toMatchObject({ overdue: true, firstResponseBreached: true, resolutionBreached: false, firstResponseDueAt: new Date(t0.getTime() + 4 * H).toISOString() });
    await api.call('PUT', '/admin/settings/complaints', { token: admin.token, body: { firstResponseHours: 24, resolutionHours: 72, goodwillMonthlyBudget: 100 } });
  });

  it('a goodwill voucher comes from the voucher capability within the monthly budget; a refund needs a paid consult', async () => {
    // One instant for the whole test: the budget is per Beijing month, and a month that turned mid-test would refill it.
    const at = new Date();
    careClock.now = () => at;
    await api.call('PUT', '/admin/settings/complaints', { token: admin.token, body: { firstResponseHours: 24, resolutionHours: 72, goodwillMonthlyBudget: 100 } });
    const client = await api.login('要补偿的人');
    const file = async () => (await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'fees', text: '收费和说好的不一样' } })).body.id;
    const a = await file();
    expect((await api.call('POST', `/admin/complaints/${a}/resolve`, { token: admin.token, body: { outcome: 'voucher' } })).body.field).toBe('amount');
    const over = await api.call('POST', `/admin/complaints/${a}/resolve`, { token: admin.token, body: { outcome: 'voucher', amount: 150 } });
    expect(over.body.error).toBe('budget_exhausted');
    expect((await api.call('GET', `/admin/complaints/${a}`, { token: admin.token })).body.status).toBe('open');
    const ok = await api.call('POST', `/admin/complaints/${a}/resolve`, { token: admin.token, body: { outcome: 'voucher', amount: 80, note: '送您一张心意券' } });
    expect(ok.body.outcome).toMatchObject({ kind: 'voucher', amount: 80, voucherId: `gw-${a}` });
    const wallet = await api.call('GET', '/me/vouchers', { token: client.token });
    expect(wallet.body.items).toEqual([expect.objectContaining({ id: `gw-${a}`, value: 80, reason: 'goodwill', status: 'issued' })]);
    // 80 of 100 spent: a second 30 does not fit, a racing pair cannot both take the last 20.
    const [b, c] = [await file(), await file()];
    expect((await api.call('POST', `/admin/complaints/${b}/resolve`, { token: admin.token, body: { outcome: 'voucher', amount: 30 } })).body.error).toBe('budget_exhausted');
    const race = await Promise.all([b, c].map((id) => api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'voucher', amount: 20 } })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);

    // A refund goes back through WeChat Pay (tests/integration/care-refund.test.ts): with no paid consult it is refused.
    const d = await file();
    const refund = await api.call('POST', `/admin/complaints/${d}/resolve`, { token: admin.token, body: { outcome: 'refund', amount: 300 } });
    expect(refund).toMatchObject({ status: 400, body: { field: 'bookingId' } });
    const mine = (await api.call('GET', '/me/complaints', { token: client.token })).body.items.find((x: any) => x.id === d);
    expect(mine).toMatchObject({ status: 'open', outcome: null });
  });

  it('a reply reaches the client by subscription message only when they granted one', async () => {
    const outbox = (wechat() as LocalWechatApi).outbox;
    const client = await api.login('想收到通知的人');
    const { id } = (await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'other', text: '想了解退费流程' } })).body;
    const templateId = (await api.call('GET', '/me/complaints', { token: client.token })).body.templateId;
    expect((await api.call('POST', '/me/message-grants', { token: client.token, body: { templateId: 'someone-elses' } })).body.field).toBe('templateId');
    expect((await api.call('POST', '/me/message-grants', { token: client.token, body: { templateId } })).body.grants).toBe(1);
    const before = outbox.length;
    const first = await api.call('POST', `/admin/complaints/${id}/replies`, { token: admin.token, body: { text: '您好，流程如下……' } });
    expect(first.body.notified).toBe('sent');
    expect(outbox.slice(before)).toEqual([expect.objectContaining({ templateId, page: `pages/care/complaint?id=${id}` })]);
    // The one grant is used: the next reply is in the app only.
    expect((await api.call('POST', `/admin/complaints/${id}/replies`, { token: admin.token, body: { text: '补充一点' } })).body.notified).toBe('in_app_only');
    expect(outbox.length).toBe(before + 1);
  });

  it('a complaint about a counselor names the client to that counselor only with the client’s consent', async () => {
    const client = await api.login('对咨询师有意见');
    const other = await api.login('周明', 'counselor');
    const booking = await attendedConsult(api, client.token, counselor);
    expect((await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'counselor', text: '迟到了', bookingId: 'NOPE' } })).body.field).toBe('bookingId');
    await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'counselor', text: '咨询师迟到了十分钟', bookingId: booking } });
    const seenBy = async (viewer: typeof counselor) =>
      (await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: viewer.token })).body.entries?.filter((e: any) => e.kind === 'complaint') ?? [];
    expect(await seenBy(counselor)).toEqual([]);
    expect(await seenBy(admin)).toHaveLength(1);
    await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'counselor', text: '但愿意当面聊聊', bookingId: booking, shareWithCounselor: true } });
    expect((await seenBy(counselor)).map((e: any) => e.text)).toEqual(['但愿意当面聊聊']);
    expect((await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: other.token })).status).toBe(404);
  });
});
