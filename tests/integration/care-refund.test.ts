import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { getOrder } from '../../functions/db/orders';
import { reconcilePayments } from '../../functions/payment/service';
import { useApiTestBed } from '../setup/testbed';
import { paidSlotAt, payFor } from './booking-fixtures';
import { attendedConsult } from './care-fixtures';

/** A complaint resolved with a refund pays money back through WeChat Pay (the local stand-in), exactly once. */
const api = useApiTestBed();
let admin: Awaited<ReturnType<typeof api.login>>;
let counselor: Awaited<ReturnType<typeof api.login>>;

beforeAll(async () => {
  admin = await api.login('管理员', 'admin');
  counselor = await api.login('林静', 'counselor');
});

async function spendOf(userId: string) {
  const out = await db().send(
    new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'SPEND#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((i) => ({ amount: i.amount as number, sessions: i.sessions as number }));
}
const total = (xs: { amount: number; sessions: number }[]) => ({ amount: xs.reduce((s, x) => s + x.amount, 0), sessions: xs.reduce((s, x) => s + x.sessions, 0) });

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

const file = async (token: string, body: Record<string, unknown>) => {
  const res = await api.call('POST', '/me/complaints', { token, body: { category: 'fees', text: '咨询中途被打断了好几次', ...body } });
  if (res.status !== 201) throw new Error(`complaint: ${res.status} ${res.text}`);
  return res.body.id as string;
};
const mine = async (token: string, id: string) => (await api.call('GET', `/me/complaints/${id}`, { token })).body;
const requestsFor = (complaintId: string) => api.pay.refundRequests.filter((r) => r.outRefundNo === `RC${complaintId}`);

describe('a complaint resolved with a refund', () => {
  it('refunds part of the paid consult once even when two resolves race; the notice marks it refunded and spend is reversed once', async () => {
    const client = await api.login('要退款的来访者');
    const bookingId = await attendedConsult(api, client.token, counselor);
    const order = (await api.call('GET', '/me/orders', { token: client.token })).body.items.find((o: any) => o.bookingId === bookingId);
    expect(order).toMatchObject({ status: 'paid', amountPaid: 300 });
    expect(total(await spendOf(client.user.id))).toEqual({ amount: 300, sessions: 1 });
    const id = await file(client.token, { bookingId });

    api.pay.refundDelayMs = 400; // long enough to see the refund pending
    const race = await Promise.all(
      [0, 1].map(() => api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'refund', amount: 120, note: '退还部分咨询费，再次致歉。' } })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = race.find((r) => r.status === 200)!;
    expect(won.body.outcome).toMatchObject({ kind: 'refund', amount: 120, refundStatus: 'pending', bookingId, outRefundNo: `RC${id}` });
    expect(race.find((r) => r.status === 409)!.body.error).toBe('already_resolved');
    expect(requestsFor(id)).toEqual([{ outRefundNo: `RC${id}`, outTradeNo: order.outTradeNo, refund: 12000 }]);

    // The client sees it under way, and the receipt says what is coming back.
    expect((await mine(client.token, id)).outcome).toMatchObject({ kind: 'refund', amount: 120, refundStatus: 'pending' });
    const pendingReceipt = (await api.call('GET', '/me/orders', { token: client.token })).body.items.find((o: any) => o.bookingId === bookingId);
    expect(pendingReceipt).toMatchObject({ status: 'refund_pending', amountPaid: 300, amountRefunded: 120, refundReason: 'complaint' });

    // WeChat Pay's refund notice arrives: order refunded, the complaint says so, the booking stays attended.
    const done = await until(() => mine(client.token, id), (c) => c.outcome.refundStatus === 'refunded');
    expect(done.outcome).toMatchObject({ refundStatus: 'refunded', amount: 120 });
    expect(done.outcome.refundedAt).toEqual(expect.any(String));
    expect(await getOrder(order.outTradeNo)).toMatchObject({ status: 'refunded', refundReason: 'complaint', refundAmount: 120, refundFen: 12000, complaintId: id });
    expect((await api.call('GET', `/bookings/${bookingId}`, { token: client.token })).body.status).toBe('attended');
    const receipt = (await api.call('GET', '/me/orders', { token: client.token })).body.items.find((o: any) => o.bookingId === bookingId);
    expect(receipt).toMatchObject({ status: 'refunded', amountPaid: 300, amountRefunded: 120, refundReason: 'complaint' });
    expect(Date.parse(receipt.refundedAt)).toBeGreaterThanOrEqual(Date.parse(receipt.paidAt));
    // Spend: 300 paid, 120 back; the session took place, so it still counts.
    expect(total(await spendOf(client.user.id))).toEqual({ amount: 180, sessions: 1 });
    const queued = (await api.call('GET', '/admin/complaints?status=resolved', { token: admin.token })).body.items.find((c: any) => c.id === id);
    expect(queued.outcome).toMatchObject({ kind: 'refund', refundStatus: 'refunded', amount: 120, bookingId });

    // WeChat Pay repeats its notice, the admin retries, reconciliation runs: nothing moves twice.
    const r = api.pay.refunds.get(`RC${id}`)!;
    const again = api.pay.signedNotice('REFUND.SUCCESS', { mchid: api.pay.keys.mchId, out_trade_no: order.outTradeNo, out_refund_no: r.outRefundNo, refund_id: r.refundId, refund_status: 'SUCCESS', amount: { total: 30000, refund: 12000 } });
    expect((await api.call('POST', '/payments/wechat/refund-notify', { headers: again.headers, rawBody: again.body })).status).toBe(204);
    expect((await api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'refund', amount: 120 } })).body.error).toBe('already_resolved');
    await reconcilePayments(new Date(Date.now() + 10 * 60_000));
    expect(requestsFor(id)).toHaveLength(1);
    expect(await spendOf(client.user.id)).toHaveLength(2);
    expect(total(await spendOf(client.user.id))).toEqual({ amount: 180, sessions: 1 });

    // The payment is refunded now: another complaint cannot refund the same consult again.
    const second = await file(client.token, { bookingId });
    const refused = await api.call('POST', `/admin/complaints/${second}/resolve`, { token: admin.token, body: { outcome: 'refund', amount: 10 } });
    expect(refused).toMatchObject({ status: 400, body: { field: 'bookingId' } });
  });

  it('the whole amount paid can go back; a lost refund notice is picked up by reconciliation', async () => {
    const client = await api.login('通知丢失的来访者');
    const bookingId = await attendedConsult(api, client.token, counselor);
    // A complaint that names no consult: the admin names the paid one.
    const id = await file(client.token, {});
    api.pay.dropNotices = true;
    api.pay.refundDelayMs = 10;
    let outTradeNo = '';
    try {
      const res = await api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'refund', amount: 300, bookingId } });
      expect(res).toMatchObject({ status: 200, body: { outcome: { refundStatus: 'pending', bookingId } } });
      outTradeNo = res.body.outcome.outTradeNo;
      await until(async () => api.pay.refunds.get(`RC${id}`)?.status, (s) => s === 'SUCCESS');
    } finally {
      api.pay.dropNotices = false;
    }
    expect((await getOrder(outTradeNo))?.status).toBe('refund_pending');
    expect((await mine(client.token, id)).outcome.refundStatus).toBe('pending');
    expect((await reconcilePayments(new Date(Date.now() + 3 * 60_000))).refunded).toBeGreaterThanOrEqual(1);
    expect(await getOrder(outTradeNo)).toMatchObject({ status: 'refunded', refundAmount: 300 });
    expect((await mine(client.token, id)).outcome.refundStatus).toBe('refunded');
    expect(total(await spendOf(client.user.id))).toEqual({ amount: 0, sessions: 1 });
    expect(requestsFor(id)).toHaveLength(1);
  });
});

describe('a refund that cannot be made is refused, naming the field, and nothing is written', () => {
  it('no consult, someone else’s consult, more than was paid, a consult that can still be cancelled', async () => {
    const client = await api.login('退款被拒的来访者');
    const other = await api.login('另一位来访者');
    const bookingId = await attendedConsult(api, client.token, counselor);
    const othersBooking = await attendedConsult(api, other.token, counselor);
    const id = await file(client.token, {});
    const spendBefore = await spendOf(client.user.id);
    const requestsBefore = api.pay.refundRequests.length;
    const resolve = (body: Record<string, unknown>) => api.call('POST', `/admin/complaints/${id}/resolve`, { token: admin.token, body: { outcome: 'refund', ...body } });

    expect(await resolve({ amount: 50 })).toMatchObject({ status: 400, body: { field: 'bookingId' } });
    expect(await resolve({ amount: 50, bookingId: othersBooking })).toMatchObject({ status: 400, body: { field: 'bookingId' } });
    expect(await resolve({ amount: 50, bookingId: 'NOSUCHBOOKING' })).toMatchObject({ status: 400, body: { field: 'bookingId' } });
    expect(await resolve({ bookingId })).toMatchObject({ status: 400, body: { field: 'amount' } });
    expect(await resolve({ amount: 301, bookingId })).toMatchObject({ status: 400, body: { field: 'amount' } });
    expect(await resolve({ amount: -5, bookingId })).toMatchObject({ status: 400, body: { field: 'amount' } });

    // Paid but still ahead (outside the cancel cutoff): cancelling it refunds it in full instead.
    const ahead = await paidSlotAt(counselor.user.id, new Date(Date.now() + 5 * 86_400_000));
    const held = await api.call('POST', '/bookings', { token: client.token, body: { slotId: ahead } });
    await payFor(api, client.token, held.body.id);
    expect(await resolve({ amount: 50, bookingId: held.body.id })).toMatchObject({ status: 400, body: { field: 'bookingId' } });

    const complaint = await mine(client.token, id);
    expect(complaint).toMatchObject({ status: 'open', outcome: null });
    const orders = (await api.call('GET', '/me/orders', { token: client.token })).body.items;
    expect(orders.map((o: any) => o.status)).toEqual(['paid', 'paid']);
    expect((await spendOf(client.user.id)).length).toBe(spendBefore.length + 1); // only the new booking's payment
    expect(api.pay.refundRequests.length).toBe(requestsBefore);

    // The same complaint can then be resolved properly.
    expect((await resolve({ amount: 300, bookingId })).status).toBe(200);
  });
});
