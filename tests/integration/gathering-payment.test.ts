import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { getGathering, getRegistration, listRegistrations } from '../../functions/db/gathering';
import { getOrder } from '../../functions/db/orders';
import { forgetCachedGatherings } from '../../functions/gathering/service';
import { expireSeat } from '../../functions/payment/seats';
import { reconcilePayments } from '../../functions/payment/service';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();
const HOUR = 3_600_000;

/** A published gathering, priced (whole yuan) or free. */
async function gathering(price: number, capacity: number) {
  const marketer = await api.login('活动运营', 'marketer');
  const start = Date.now() + 3 * HOUR;
  const created = await api.call('POST', '/gatherings', {
    token: marketer.token,
    body: { kind: 'workshop', title: '情绪觉察工作坊', mode: 'offline', address: '涟漪中心 3 层', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), capacity, price },
  });
  expect(created.status).toBe(201);
  await api.call('POST', `/gatherings/${created.body.id}/publish`, { token: marketer.token, body: {} });
  forgetCachedGatherings();
  return created.body.id as string;
}

async function spendOf(userId: string) {
  const out = await db().send(
    new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'SPEND#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((i) => ({ amount: i.amount as number, sessions: i.sessions as number, gatheringId: i.gatheringId as string }));
}

// Waits for the condition, not a fixed time: a refund's notice takes a few DynamoDB writes, which take seconds on a
// loaded machine (vitest.config.ts allows them 30 s), so the deadline is generous and met at once when all is well.
async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const register = (token: string, id: string) => api.call('POST', `/gatherings/${id}/registrations`, { token, body: {} });

/** Pays a held seat the way the H5 build does: the pay route, then the stand-in's 支付 (which sends the signed notice). */
async function paySeat(token: string, id: string) {
  const pay = await api.call('POST', `/gatherings/${id}/registrations/pay`, { token });
  expect(pay.status).toBe(200);
  const paid = await api.call('POST', `/dev/wechatpay/orders/${pay.body.outTradeNo}/pay`);
  expect(paid).toMatchObject({ status: 200, body: { noticeStatus: 204 } });
  return pay.body.outTradeNo as string;
}

describe('paying for a seat at a priced gathering', () => {
  it('holds the seat 15 minutes, pays through WeChat Pay, registers on the notice exactly once (duplicate and concurrent notices)', async () => {
    const id = await gathering(80, 10);
    const client = await api.login('付费参加者');
    const page = await api.call('GET', `/gatherings/${id}`, { token: client.token });
    expect(page.body).toMatchObject({ price: 80, paymentRequired: true, seatsLeft: 10 });

    const held = await register(client.token, id);
    expect(held).toMatchObject({ status: 201, body: { status: 'pending_payment', amountDue: 80 } });
    expect(Date.parse(held.body.holdExpiresAt) - Date.now()).toBeGreaterThan(14.5 * 60_000);
    // A retry answers the same hold; the held seat is counted.
    expect((await register(client.token, id)).body).toEqual(held.body);
    expect((await api.call('GET', `/gatherings/${id}`, { token: client.token })).body).toMatchObject({ seatsLeft: 9, myRegistration: { status: 'pending_payment', amountDue: 80, outTradeNo: held.body.outTradeNo } });
    expect((await api.call('GET', '/me/orders', { token: client.token })).body.items).toEqual([
      expect.objectContaining({ kind: 'gathering', gatheringId: id, title: '情绪觉察工作坊', outTradeNo: held.body.outTradeNo, status: 'pending', price: 80, amountPaid: 0 }),
    ]);
    // Not checked in while unpaid.
    const staff = await api.login('门口同事', 'marketer');
    expect(await api.call('POST', `/gatherings/${id}/checkins`, { token: staff.token, body: { code: held.body.code } })).toMatchObject({ status: 409, body: { error: 'not_paid' } });

    const pay = await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: client.token });
    expect(pay).toMatchObject({ status: 200, body: { outTradeNo: held.body.outTradeNo, amountDue: 80, payment: { signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) } } });
    expect(pay.body.standInUrl).toContain(`/pay/${held.body.outTradeNo}`);
    // The same order again on a retry.
    expect((await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: client.token })).body.payment.package).toBe(pay.body.payment.package);
    expect(api.pay.orders.get(held.body.outTradeNo)).toMatchObject({ total: 8000, description: 'Ripple 涟漪-情绪觉察工作坊' });

    expect(await api.call('POST', `/dev/wechatpay/orders/${held.body.outTradeNo}/pay`)).toMatchObject({ status: 200, body: { noticeStatus: 204 } });
    const reg = (await api.call('GET', `/gatherings/${id}`, { token: client.token })).body.myRegistration;
    expect(reg).toMatchObject({ status: 'registered', amountDue: 80 });
    expect(reg.holdExpiresAt).toBeUndefined();

    // WeChat Pay sends the notice again, and three more at once: one payment, one spend.
    const notice = api.pay.notices.find((n) => n.outTradeNo === held.body.outTradeNo)!;
    expect(notice).toBeDefined();
    const k = api.pay.keys;
    const resource = { appid: k.appId, mchid: k.mchId, out_trade_no: held.body.outTradeNo, transaction_id: `4200${Date.now()}`, trade_type: 'JSAPI', trade_state: 'SUCCESS', success_time: new Date().toISOString(), amount: { total: 8000, payer_total: 8000, currency: 'CNY' } };
    const again = await Promise.all([0, 1, 2, 3].map(() => {
      const n = api.pay.signedNotice('TRANSACTION.SUCCESS', resource);
      return api.call('POST', '/payments/wechat/notify', { headers: n.headers, rawBody: n.body });
    }));
    expect(again.map((r) => r.status)).toEqual([204, 204, 204, 204]);
    expect(await spendOf(client.user.id)).toEqual([{ amount: 80, sessions: 0, gatheringId: id }]);
    expect((await getGathering(id, true))?.registered).toBe(1);
    expect((await api.call('GET', '/me/orders', { token: client.token })).body.items[0]).toMatchObject({ kind: 'gathering', status: 'paid', amountPaid: 80 });
    expect(await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: client.token })).toMatchObject({ status: 409, body: { error: 'not_pending' } });
  });

  it('an unpaid hold expires: the seat goes to the first on the waitlist as a new hold, the order is closed', async () => {
    const id = await gathering(50, 1);
    const first = await api.login('先占座');
    const second = await api.login('候补的人');
    const held = await register(first.token, id);
    expect(held.body.status).toBe('pending_payment');
    expect((await register(second.token, id)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: first.token });

    expect((await reconcilePayments(new Date(Date.now() + 10 * 60_000))).expired).toBe(0);
    expect((await reconcilePayments(new Date(Date.now() + 16 * 60_000))).expired).toBeGreaterThanOrEqual(1);
    expect(await getOrder(held.body.outTradeNo)).toMatchObject({ status: 'closed' });
    expect(api.pay.orders.get(held.body.outTradeNo)?.state).toBe('CLOSED');
    expect(await getRegistration(id, first.user.id)).toMatchObject({ status: 'expired' });
    expect((await api.call('GET', `/gatherings/${id}`, { token: first.token })).body.myRegistration).toBeNull();

    // The waitlisted person now holds the seat and is asked to pay (longer than 15 minutes: they did not just tap).
    const promoted = (await api.call('GET', `/gatherings/${id}`, { token: second.token })).body;
    expect(promoted).toMatchObject({ seatsLeft: 0, myRegistration: { status: 'pending_payment', amountDue: 50 } });
    expect(Date.parse(promoted.myRegistration.holdExpiresAt) - Date.now()).toBeGreaterThan(30 * 60_000);
    expect((await getGathering(id, true))?.registered).toBe(1);
    await paySeat(second.token, id);
    expect((await api.call('GET', `/gatherings/${id}`, { token: second.token })).body.myRegistration.status).toBe('registered');

    // The one whose hold ran out may register again (a new order): the gathering is full now, so the waitlist.
    expect((await register(first.token, id)).body).toMatchObject({ status: 'waitlisted' });
    // Paying the expired order is refused by WeChat Pay (closed).
    expect((await api.call('POST', `/dev/wechatpay/orders/${held.body.outTradeNo}/pay`)).status).toBe(409);
  });

  it('cancelling a paid seat before the start refunds it in full and reverses the spend; cancelling a hold closes its order', async () => {
    const id = await gathering(30, 5);
    const client = await api.login('取消退款');
    await register(client.token, id);
    const outTradeNo = await paySeat(client.token, id);
    api.pay.refundDelayMs = 200;
    const cancelled = await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: client.token });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', refund: 'refund_pending' } });
    expect((await api.call('GET', `/gatherings/${id}`, { token: client.token })).body).toMatchObject({ seatsLeft: 5, myRegistration: null });
    expect([...api.pay.refunds.values()].find((r) => r.outTradeNo === outTradeNo)).toMatchObject({ refund: 3000, total: 3000 });
    const receipt = await until(
      async () => (await api.call('GET', '/me/orders', { token: client.token })).body.items[0],
      (o) => o.status === 'refunded',
    );
    expect(receipt).toMatchObject({ kind: 'gathering', status: 'refunded', amountPaid: 30, amountRefunded: 30, refundReason: 'cancelled' });
    const spend = await spendOf(client.user.id);
    expect(spend).toHaveLength(2);
    expect(spend.reduce((s, x) => s + x.amount, 0)).toBe(0);
    expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: client.token })).status).toBe(409);

    // Registering again is a new hold with a new order; cancelling it closes that order, nothing is refunded.
    const again = await register(client.token, id);
    expect(again.body.status).toBe('pending_payment');
    expect(again.body.outTradeNo).not.toBe(outTradeNo);
    await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: client.token });
    expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: client.token })).body).toEqual({ gatheringId: id, status: 'cancelled' });
    expect(await getOrder(again.body.outTradeNo)).toMatchObject({ status: 'closed' });
    expect(api.pay.orders.get(again.body.outTradeNo)?.state).toBe('CLOSED');
    expect((await getGathering(id, true))?.registered).toBe(0);
  });

  it('20 clients for 5 paid seats: exactly 5 holds, 15 on the waitlist in order; all 5 pay; capacity never exceeded', async () => {
    const id = await gathering(20, 5);
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => api.login(`抢座${i}`)));
    const answers = await Promise.all(clients.map((c) => register(c.token, id)));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const holders = clients.filter((_, i) => answers[i].body.status === 'pending_payment');
    expect(holders).toHaveLength(5);
    // Places on the waitlist, once everyone's answer is in: 1 to 15, each once.
    const waiting = clients.filter((_, i) => answers[i].body.status === 'waitlisted');
    const pages = await Promise.all(waiting.map((c) => api.call('GET', `/gatherings/${id}`, { token: c.token })));
    expect(pages.map((p) => p.body.myRegistration.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect((await getGathering(id, true))?.registered).toBe(5);

    await Promise.all(holders.map((c) => paySeat(c.token, id)));
    const regs = await Promise.all(holders.map((c) => getRegistration(id, c.user.id)));
    expect(regs.map((r) => r?.status)).toEqual(Array(5).fill('registered'));
    expect((await getGathering(id, true))?.registered).toBe(5);
    const spent = await Promise.all(holders.map((c) => spendOf(c.user.id)));
    expect(spent.map((s) => s.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('holds expiring while others cancel and register at once: seats held + paid always equal the count, never above capacity', async () => {
    const id = await gathering(25, 5);
    const clients = await Promise.all(Array.from({ length: 12 }, (_, i) => api.login(`轮换${i}`)));
    await Promise.all(clients.map((c) => register(c.token, id)));
    const latecomers = await Promise.all(Array.from({ length: 6 }, (_, i) => api.login(`后到${i}`)));
    const waiting = (await Promise.all(clients.map((c) => getRegistration(id, c.user.id)))).filter((r) => r?.status === 'waitlisted');
    // Every hold runs out, two waitlisted people give up and six more people register, all at once.
    await Promise.all([
      reconcilePayments(new Date(Date.now() + 16 * 60_000)),
      ...waiting.slice(0, 2).map((r) => api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: clients.find((c) => c.user.id === r!.userId)!.token })),
      ...latecomers.map((c) => register(c.token, id)),
    ]);
    const regs = await listRegistrations(id);
    expect(regs.filter((r) => r.status === 'expired')).toHaveLength(5);
    const seated = regs.filter((r) => r.status === 'pending_payment' || r.status === 'registered');
    const g = (await getGathering(id, true))!;
    expect(g.registered).toBe(seated.length);
    expect(seated.length).toBeLessThanOrEqual(5);
    // Seats freed by the expiry went to the waitlist (nobody is waiting while a seat is free).
    expect(seated.length === 5 || regs.every((r) => r.status !== 'waitlisted')).toBe(true);
  });

  it('a payment that arrives after the hold expired: registered if a seat is still free, refunded in full if not', async () => {
    // The client pays at WeChat Pay just as the hold is released here (before the order could be closed there).
    const releaseHold = async (gid: string, userId: string) => {
      const reg = (await getRegistration(gid, userId))!;
      expect(await expireSeat((await getOrder(reg.outTradeNo!))!, new Date())).toBe(true);
    };
    const id = await gathering(40, 1);
    const late = await api.login('付款晚了');
    const held = await register(late.token, id);
    await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: late.token });
    await releaseHold(id, late.user.id);
    expect(await getRegistration(id, late.user.id)).toMatchObject({ status: 'expired' });
    // The seat is still free: the late payment takes it.
    expect(await api.call('POST', `/dev/wechatpay/orders/${held.body.outTradeNo}/pay`)).toMatchObject({ status: 200, body: { noticeStatus: 204 } });
    expect(await getRegistration(id, late.user.id)).toMatchObject({ status: 'registered' });
    expect((await getGathering(id, true))?.registered).toBe(1);
    expect(await spendOf(late.user.id)).toEqual([{ amount: 40, sessions: 0, gatheringId: id }]);

    // Another gathering, whose only seat went to someone else meanwhile: the late payment is refunded in full.
    const full = await gathering(40, 1);
    const slow = await api.login('更晚付款');
    const other = await api.login('后来者');
    const h2 = await register(slow.token, full);
    await api.call('POST', `/gatherings/${full}/registrations/pay`, { token: slow.token });
    await releaseHold(full, slow.user.id);
    expect((await register(other.token, full)).body.status).toBe('pending_payment');
    expect(await api.call('POST', `/dev/wechatpay/orders/${h2.body.outTradeNo}/pay`)).toMatchObject({ status: 200, body: { noticeStatus: 204 } });
    expect(await getRegistration(full, slow.user.id)).toMatchObject({ status: 'expired' });
    expect((await getGathering(full, true))?.registered).toBe(1);
    expect(await getOrder(h2.body.outTradeNo)).toMatchObject({ refundReason: 'unbookable' });
    expect([...api.pay.refunds.values()].find((r) => r.outTradeNo === h2.body.outTradeNo)).toMatchObject({ refund: 4000, total: 4000 });
    expect(await spendOf(slow.user.id)).toEqual([]);
  });

  it('free gatherings are as before: registered at once, no order, nothing to pay', async () => {
    const id = await gathering(0, 3);
    const client = await api.login('免费参加');
    expect((await api.call('GET', `/gatherings/${id}`, { token: client.token })).body.paymentRequired).toBe(false);
    const r = await register(client.token, id);
    expect(r).toMatchObject({ status: 201, body: { status: 'registered' } });
    expect(r.body.outTradeNo).toBeUndefined();
    expect((await api.call('GET', '/me/orders', { token: client.token })).body.items).toEqual([]);
    expect(await api.call('POST', `/gatherings/${id}/registrations/pay`, { token: client.token })).toMatchObject({ status: 409, body: { error: 'not_pending' } });
    expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: client.token })).body).toEqual({ gatheringId: id, status: 'cancelled' });
  });
});
