import { generateKeyPairSync } from 'node:crypto';
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSlot } from '../../functions/db/booking';
import { db, dbStats } from '../../functions/db/client';
import { getOrder } from '../../functions/db/orders';
import { getVoucher, issueVoucherItem } from '../../functions/db/voucher';
import { reconcilePayments } from '../../functions/payment/service';
import { eventsOf } from '../../functions/analytics/stream';
import { sendDueReminders } from '../../functions/booking/reminders';
import { setWechat } from '../../functions/wechat';
import { LocalWechatApi } from '../../functions/wechat/local';
import { rsaVerify } from '../../functions/wechat/pay-crypto';
import { parseSlotId, slotKeyId } from '../../shared/booking/slots';
import { paySignMessage } from '../../shared/payment/signing';
import { useApiTestBed } from '../setup/testbed';
import { paidSlotAt, payFor } from './booking-fixtures';
import { signedHeaders } from './payment-support';

const api = useApiTestBed();
let counselor: { token: string; user: { id: string; name: string } };
let hour = 30;

beforeAll(async () => {
  counselor = await api.login('林静', 'counselor');
});

const slotKeyOf = (id: string) => slotKeyId(parseSlotId(id)!);
/** A fresh paid slot a day or more ahead (each test its own hour, so none collide). */
const nextSlot = (price = 300) => paidSlotAt(counselor.user.id, new Date(Date.now() + (hour += 2) * 3600_000), price);

async function issueVoucher(ownerId: string, id: string, value: number) {
  const v = { id, ownerId, status: 'issued' as const, value, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), campaignId: 'c1', reason: 'invited_friend' as const, createdAt: new Date().toISOString() };
  await db().send(new TransactWriteCommand({ TransactItems: [issueVoucherItem(v)] }));
}

async function spendOf(userId: string) {
  const out = await db().send(
    new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'SPEND#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((i) => ({ amount: i.amount as number, sessions: i.sessions as number, bookingId: i.bookingId as string }));
}

async function bookHeld(token: string, body: Record<string, unknown>) {
  const res = await api.call('POST', '/bookings', { token, body });
  if (res.status !== 201) throw new Error(`book: ${res.status} ${res.text}`);
  return res.body;
}

/** A notice exactly as the stand-in sends it, for the transaction of this order (as WeChat Pay would describe it). */
function transactionOf(outTradeNo: string, total: number, over: Record<string, unknown> = {}) {
  const k = api.pay.keys;
  return { appid: k.appId, mchid: k.mchId, out_trade_no: outTradeNo, transaction_id: `4200${Date.now()}`, trade_type: 'JSAPI', trade_state: 'SUCCESS', success_time: new Date().toISOString(), payer: { openid: 'o1' }, amount: { total, payer_total: total, currency: 'CNY' }, ...over };
}

const sendNotice = (n: { headers: Record<string, string>; body: string }, path = '/payments/wechat/notify') => api.call('POST', path, { headers: n.headers, rawBody: n.body });

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

describe('booking and paying a paid consult', () => {
  it('holds the slot 15 minutes, pays through WeChat Pay (signed for wx.requestPayment), books on the notice, records the spend once', async () => {
    const client = await api.login('付费来访者甲');
    const slot = await nextSlot(300);
    const held = await bookHeld(client.token, { slotId: slot });
    expect(held).toMatchObject({ status: 'pending_payment', price: 300, voucherValue: 0, amountDue: 300 });
    expect(Date.parse(held.holdExpiresAt) - Date.now()).toBeGreaterThan(14.5 * 60_000);
    expect(await getSlot(slotKeyOf(slot))).toMatchObject({ status: 'booked', bookingId: held.id });
    expect((await api.call('GET', '/me/orders', { token: client.token })).body.items).toEqual([
      { kind: 'booking', bookingId: held.id, outTradeNo: held.outTradeNo, status: 'pending', price: 300, voucherValue: 0, amountPaid: 0, consultStart: held.start },
    ]);

    const pay = await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token });
    expect(pay.status).toBe(200);
    const p = pay.body.payment;
    expect(p).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) });
    expect(p.timeStamp).toMatch(/^\d{10}$/);
    // paySign is the merchant's RSA signature over appid, timestamp, nonce and package: what WeChat checks.
    expect(rsaVerify(paySignMessage(api.pay.keys.appId, p.timeStamp, p.nonceStr, p.package), p.paySign, api.pay.keys.merchantPublicKey)).toBe(true);
    // The order at WeChat Pay: the amount in fen, the hold's end as time_expire, our notify URL.
    const atWechat = api.pay.orders.get(pay.body.outTradeNo)!;
    expect(atWechat).toMatchObject({ total: 30000, state: 'NOTPAY', notifyUrl: `${api.url}/payments/wechat/notify` });
    expect(Date.parse(atWechat.timeExpire)).toBe(Math.floor(Date.parse(held.holdExpiresAt) / 1000) * 1000);

    // A retry (and concurrent taps) reach the same single order.
    const again = await Promise.all([1, 2, 3, 4].map(() => api.call('POST', `/bookings/${held.id}/pay`, { token: client.token })));
    expect(new Set(again.map((r) => r.body.payment.package))).toEqual(new Set([p.package]));
    expect([...api.pay.orders.values()].filter((o) => o.outTradeNo === held.outTradeNo)).toHaveLength(1);

    // Someone else cannot pay (or even see) it.
    const stranger = await api.login('陌生人');
    expect((await api.call('POST', `/bookings/${held.id}/pay`, { token: stranger.token })).status).toBe(404);

    const paid = await api.call('POST', `/dev/wechatpay/orders/${pay.body.outTradeNo}/pay`);
    expect(paid).toMatchObject({ status: 200, body: { paid: true, noticeStatus: 204 } });
    const booking = (await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body;
    expect(booking).toMatchObject({ status: 'booked', amountPaid: 300 });
    expect(await spendOf(client.user.id)).toEqual([{ amount: 300, sessions: 1, bookingId: held.id }]);
    const [order] = (await api.call('GET', '/me/orders', { token: client.token })).body.items;
    expect(order).toMatchObject({ bookingId: held.id, status: 'paid', price: 300, voucherValue: 0, amountPaid: 300 });
    expect(Date.parse(order.paidAt)).toBeGreaterThan(Date.now() - 60_000);

    // Nothing left to pay.
    expect(await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token })).toMatchObject({ status: 409, body: { error: 'not_pending' } });
    // The front desk's spend endpoint cannot count the same consult again.
    const admin = await api.login('管理员', 'admin');
    expect((await api.call('POST', '/analytics/spend', { token: admin.token, body: { clientId: client.user.id, amount: 300, bookingId: held.id } })).body.recorded).toBe(false);
  });

  it('a voucher covering everything books at once, with no order and no payment step', async () => {
    const client = await api.login('全额券');
    await issueVoucher(client.user.id, 'VFULL', 500);
    const b = await bookHeld(client.token, { slotId: await nextSlot(300), voucherId: 'VFULL' });
    expect(b).toMatchObject({ status: 'booked', price: 300, voucherValue: 500, amountDue: 0 });
    expect(b.holdExpiresAt).toBeUndefined();
    expect((await api.call('GET', '/me/orders', { token: client.token })).body.items).toEqual([]);
    expect((await api.call('POST', `/bookings/${b.id}/pay`, { token: client.token })).status).toBe(409);
  });

  it('takes 2 DynamoDB requests to hold a slot with a voucher, 4 for "pay", 4 for the notice', async () => {
    const client = await api.login('计数');
    await issueVoucher(client.user.id, 'VCOUNT', 100);
    const slot = await nextSlot(300);
    let before = dbStats.requests;
    const b = await bookHeld(client.token, { slotId: slot, voucherId: 'VCOUNT' });
    expect(dbStats.requests - before).toBe(2);
    before = dbStats.requests;
    const pay = await api.call('POST', `/bookings/${b.id}/pay`, { token: client.token });
    expect(dbStats.requests - before).toBe(4); // booking, order, the payer's openid, the prepay id
    before = dbStats.requests;
    await api.call('POST', `/dev/wechatpay/orders/${pay.body.outTradeNo}/pay`);
    expect(dbStats.requests - before).toBe(4); // order (checks), order + booking (decide), one transaction
  });
});

describe('notices: signature, freshness, decryption and the order must all agree', () => {
  it('refuses forged, wrongly named, stale, tampered and mismatched notices and changes nothing', async () => {
    const client = await api.login('通知检查');
    const held = await bookHeld(client.token, { slotId: await nextSlot(300) });
    const resource = transactionOf(held.outTradeNo, 30000);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

    const forged = api.pay.signedNotice('TRANSACTION.SUCCESS', resource, { privateKey: other.privateKey });
    expect(await sendNotice(forged)).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
    const wrongSerial = api.pay.signedNotice('TRANSACTION.SUCCESS', resource, { serial: 'PUB_KEY_ID_0000UNKNOWN' });
    expect(await sendNotice(wrongSerial)).toMatchObject({ status: 401, body: { message: expect.stringContaining('unknown serial') } });
    const stale = api.pay.signedNotice('TRANSACTION.SUCCESS', resource, { at: new Date(Date.now() - 6 * 60_000) });
    expect(await sendNotice(stale)).toMatchObject({ status: 401, body: { message: expect.stringContaining('stale') } });

    // Tampered ciphertext, re-signed so that only the decryption can notice.
    const good = api.pay.signedNotice('TRANSACTION.SUCCESS', resource);
    const body = JSON.parse(good.body);
    const bytes = Buffer.from(body.resource.ciphertext, 'base64');
    bytes[3] ^= 0xff;
    body.resource.ciphertext = bytes.toString('base64');
    const tamperedBody = JSON.stringify(body);
    expect(await sendNotice({ headers: signedHeaders(tamperedBody, api.pay.keys), body: tamperedBody })).toMatchObject({ status: 400, body: { error: 'decrypt_failed' } });

    // Genuine notices that do not match the order.
    expect(await sendNotice(api.pay.signedNotice('TRANSACTION.SUCCESS', transactionOf(held.outTradeNo, 100)))).toMatchObject({ status: 400, body: { message: expect.stringContaining('amount.total') } });
    expect(await sendNotice(api.pay.signedNotice('TRANSACTION.SUCCESS', { ...resource, mchid: '1234567890' }))).toMatchObject({ status: 400, body: { message: expect.stringContaining('mchid') } });
    expect(await sendNotice(api.pay.signedNotice('TRANSACTION.SUCCESS', { ...resource, appid: 'wx_someone_else' }))).toMatchObject({ status: 400, body: { message: expect.stringContaining('appid') } });
    expect(await sendNotice(api.pay.signedNotice('TRANSACTION.SUCCESS', transactionOf('RP01JF3ZJ6QK8V9T2M4N5P6R7S8W', 30000)))).toMatchObject({ status: 400, body: { message: expect.stringContaining('out_trade_no') } });
    expect(await api.call('POST', '/payments/wechat/notify', { rawBody: 'not json' })).toMatchObject({ status: 401 });

    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('pending_payment');
    expect(await spendOf(client.user.id)).toEqual([]);

    // The genuine one books it.
    expect((await sendNotice(good)).status).toBe(204);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('booked');
  });

  it('duplicate and concurrent notices make one payment and one spend', async () => {
    const client = await api.login('重复通知');
    const held = await bookHeld(client.token, { slotId: await nextSlot(400) });
    const notices = Array.from({ length: 8 }, () => api.pay.signedNotice('TRANSACTION.SUCCESS', transactionOf(held.outTradeNo, 40000)));
    const answers = await Promise.all(notices.map((n) => sendNotice(n)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(204));
    // … and the very same notice replayed later (within its 5 minutes) changes nothing either.
    expect((await sendNotice(notices[0])).status).toBe(204);
    expect(await spendOf(client.user.id)).toEqual([{ amount: 400, sessions: 1, bookingId: held.id }]);
    expect((await getOrder(held.outTradeNo))?.status).toBe('paid');
  });
});

describe('holds that are not paid', () => {
  it('expire after 15 minutes: slot and voucher come back, the order is closed here and at WeChat Pay', async () => {
    const client = await api.login('走开了');
    await issueVoucher(client.user.id, 'VEXP', 100);
    const slot = await nextSlot(300);
    const held = await bookHeld(client.token, { slotId: slot, voucherId: 'VEXP' });
    expect(held).toMatchObject({ status: 'pending_payment', price: 300, voucherValue: 100, amountDue: 200 });
    expect(await getVoucher('VEXP')).toMatchObject({ status: 'redeemed' });
    await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token });

    // Before the hold ends nothing happens.
    expect((await reconcilePayments(new Date(Date.now() + 10 * 60_000))).expired).toBe(0);
    expect((await reconcilePayments(new Date(Date.now() + 16 * 60_000))).expired).toBeGreaterThanOrEqual(1);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('expired');
    expect(await getSlot(slotKeyOf(slot))).toMatchObject({ status: 'available' });
    expect(await getVoucher('VEXP')).toMatchObject({ status: 'issued' });
    expect(api.pay.orders.get(held.outTradeNo)?.state).toBe('CLOSED');
    expect((await api.call('GET', '/me/orders', { token: client.token })).body.items[0]).toMatchObject({ status: 'closed', amountPaid: 0 });
    // Twice is harmless.
    expect((await reconcilePayments(new Date(Date.now() + 17 * 60_000))).expired).toBe(0);
    expect(await getVoucher('VEXP')).toMatchObject({ status: 'issued' });
    // The slot is bookable again.
    const next = await api.login('下一位');
    expect((await api.call('POST', '/bookings', { token: next.token, body: { slotId: slot } })).status).toBe(201);
  });

  it('a hold nobody even tried to pay expires too', async () => {
    const client = await api.login('没点支付');
    const slot = await nextSlot();
    const held = await bookHeld(client.token, { slotId: slot });
    await reconcilePayments(new Date(Date.now() + 16 * 60_000));
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('expired');
    expect((await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token })).body.error).toBe('not_pending');
  });

  it('WeChat Pay unreachable: 503, the hold stands, and paying again works', async () => {
    const client = await api.login('网络不好');
    const held = await bookHeld(client.token, { slotId: await nextSlot() });
    const base = process.env.WECHATPAY_BASE;
    process.env.WECHATPAY_BASE = 'http://127.0.0.1:9'; // nothing listens there
    try {
      expect(await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token })).toMatchObject({ status: 503, body: { error: 'payment_unavailable' } });
    } finally {
      process.env.WECHATPAY_BASE = base;
    }
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('pending_payment');
    await payFor(api, client.token, held.id);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('booked');
  });

  it('"pay" after the hold ended is refused', async () => {
    const client = await api.login('太晚');
    const held = await bookHeld(client.token, { slotId: await nextSlot() });
    // The hold ended a second ago (and reconciliation has not run yet).
    await db().send(
      new UpdateCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `BOOKING#${held.id}`, sk: 'BOOKING' }, UpdateExpression: 'SET holdExpiresAt = :t', ExpressionAttributeValues: { ':t': new Date(Date.now() - 1000).toISOString() } }),
    );
    expect(await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token })).toMatchObject({ status: 409, body: { error: 'hold_expired' } });
    expect(api.pay.orders.has(held.outTradeNo)).toBe(false);
  });

  it('cancelled while pending: slot and voucher back at once, the order closed at WeChat Pay', async () => {
    const client = await api.login('改主意');
    await issueVoucher(client.user.id, 'VCXL', 50);
    const slot = await nextSlot();
    const held = await bookHeld(client.token, { slotId: slot, voucherId: 'VCXL' });
    await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token });
    const cancel = await api.call('POST', `/bookings/${held.id}/cancel`, { token: client.token });
    expect(cancel).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await getSlot(slotKeyOf(slot))).toMatchObject({ status: 'available' });
    expect(await getVoucher('VCXL')).toMatchObject({ status: 'issued' });
    expect(api.pay.orders.get(held.outTradeNo)?.state).toBe('CLOSED');
    expect((await getOrder(held.outTradeNo))?.status).toBe('closed');
    // The stand-in now refuses to take the money.
    expect((await api.call('POST', `/dev/wechatpay/orders/${held.outTradeNo}/pay`)).status).toBe(409);
  });
});

describe('reconciliation', () => {
  it('a payment whose notice was lost is found by the query and booked, once', async () => {
    const client = await api.login('通知丢了');
    const held = await bookHeld(client.token, { slotId: await nextSlot(500) });
    await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token });
    api.pay.dropNotices = true;
    try {
      expect((await api.pay.pay(held.outTradeNo)).noticeStatus).toBe(-1);
    } finally {
      api.pay.dropNotices = false;
    }
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('pending_payment');
    expect((await reconcilePayments(new Date(Date.now() + 16 * 60_000))).paid).toBe(1);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body).toMatchObject({ status: 'booked', amountPaid: 500 });
    expect(await spendOf(client.user.id)).toEqual([{ amount: 500, sessions: 1, bookingId: held.id }]);
    expect((await reconcilePayments(new Date(Date.now() + 17 * 60_000))).paid).toBe(0);
  });

  it('a payment that arrives after the hold expired books again if the slot is still free, else refunds in full', async () => {
    const client = await api.login('晚到的钱');
    await issueVoucher(client.user.id, 'VLATE', 100);
    const slot = await nextSlot(300);
    const held = await bookHeld(client.token, { slotId: slot, voucherId: 'VLATE' });
    await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token });
    await reconcilePayments(new Date(Date.now() + 16 * 60_000));
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('expired');
    // WeChat Pay says it was paid after all: the slot and voucher are still free, so the consult is booked.
    expect((await sendNotice(api.pay.signedNotice('TRANSACTION.SUCCESS', transactionOf(held.outTradeNo, 20000)))).status).toBe(204);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body).toMatchObject({ status: 'booked', amountPaid: 200 });
    expect(await getVoucher('VLATE')).toMatchObject({ status: 'redeemed', bookingId: held.id });
    expect(await getSlot(slotKeyOf(slot))).toMatchObject({ status: 'booked', bookingId: held.id });

    // Second case: the slot went to someone else meanwhile → a full refund, and the other booking is untouched.
    const slot2 = await nextSlot(300);
    const held2 = await bookHeld(client.token, { slotId: slot2 });
    await api.call('POST', `/bookings/${held2.id}/pay`, { token: client.token });
    await reconcilePayments(new Date(Date.now() + 16 * 60_000));
    const other = await api.login('抢到了');
    const taken = await bookHeld(other.token, { slotId: slot2 });
    const atWechat = api.pay.orders.get(held2.outTradeNo)!;
    Object.assign(atWechat, { state: 'SUCCESS', transactionId: '4200late' }); // paid at WeChat Pay just before it closed
    expect((await sendNotice(api.pay.signedNotice('TRANSACTION.SUCCESS', transactionOf(held2.outTradeNo, 30000)))).status).toBe(204);
    const order = await until(() => getOrder(held2.outTradeNo), (o) => o?.status === 'refunded');
    expect(order).toMatchObject({ status: 'refunded', refundReason: 'unbookable' });
    expect([...api.pay.refunds.values()].filter((r) => r.outTradeNo === held2.outTradeNo)).toMatchObject([{ refund: 30000, status: 'SUCCESS' }]);
    expect((await api.call('GET', `/bookings/${held2.id}`, { token: client.token })).body.status).toBe('expired');
    expect(await getSlot(slotKeyOf(slot2))).toMatchObject({ status: 'booked', bookingId: taken.id });
    expect((await spendOf(client.user.id)).map((s) => s.bookingId)).toEqual([held.id]);
  });
});

describe('refunds', () => {
  it('cancelling a paid consult refunds it: refund_pending at once, refunded on WeChat Pay’s notice, voucher back, spend reversed', async () => {
    const client = await api.login('退款的人');
    await issueVoucher(client.user.id, 'VREF', 100);
    const slot = await nextSlot(300);
    const held = await bookHeld(client.token, { slotId: slot, voucherId: 'VREF' });
    await payFor(api, client.token, held.id);
    api.pay.refundDelayMs = 300;
    const cancel = await api.call('POST', `/bookings/${held.id}/cancel`, { token: client.token });
    expect(cancel).toMatchObject({ status: 200, body: { status: 'refund_pending' } });
    expect(await getVoucher('VREF')).toMatchObject({ status: 'issued' });
    expect(await getSlot(slotKeyOf(slot))).toMatchObject({ status: 'available' });
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('refund_pending');
    const refund = [...api.pay.refunds.values()].find((r) => r.outTradeNo === held.outTradeNo)!;
    expect(refund).toMatchObject({ refund: 20000, total: 20000, notifyUrl: `${api.url}/payments/wechat/refund-notify` });

    const done = await until(() => api.call('GET', `/bookings/${held.id}`, { token: client.token }), (r) => r.body.status === 'refunded');
    expect(done.body).toMatchObject({ status: 'refunded', amountPaid: 200 });
    const receipt = (await api.call('GET', '/me/orders', { token: client.token })).body.items[0];
    expect(receipt).toMatchObject({ bookingId: held.id, status: 'refunded', price: 300, voucherValue: 100, amountPaid: 200 });
    expect(Date.parse(receipt.refundedAt)).toBeGreaterThanOrEqual(Date.parse(receipt.paidAt));
    const spend = await spendOf(client.user.id);
    expect(spend).toHaveLength(2);
    expect(spend.reduce((s, x) => s + x.amount, 0)).toBe(0);
    expect(spend.reduce((s, x) => s + x.sessions, 0)).toBe(0);

    // The refund notice again (a retry by WeChat Pay): nothing changes; a second cancel is refused.
    const again = api.pay.signedNotice('REFUND.SUCCESS', { mchid: api.pay.keys.mchId, out_trade_no: held.outTradeNo, out_refund_no: refund.outRefundNo, refund_id: refund.refundId, refund_status: 'SUCCESS', amount: { total: 20000, refund: 20000 } });
    expect((await sendNotice(again, '/payments/wechat/refund-notify')).status).toBe(204);
    expect((await spendOf(client.user.id))).toHaveLength(2);
    expect((await api.call('POST', `/bookings/${held.id}/cancel`, { token: client.token })).status).toBe(409);
    // A forged refund notice is refused.
    const forged = { ...again, headers: { ...again.headers, 'Wechatpay-Signature': again.headers['Wechatpay-Signature'].replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } };
    expect((await sendNotice(forged, '/payments/wechat/refund-notify')).status).toBe(401);
  });

  it('a refund whose notice was lost is confirmed by reconciliation', async () => {
    const client = await api.login('退款通知丢了');
    const held = await bookHeld(client.token, { slotId: await nextSlot() });
    await payFor(api, client.token, held.id);
    api.pay.dropNotices = true;
    api.pay.refundDelayMs = 10;
    try {
      await api.call('POST', `/bookings/${held.id}/cancel`, { token: client.token });
      await until(async () => [...api.pay.refunds.values()].find((r) => r.outTradeNo === held.outTradeNo)?.status, (s) => s === 'SUCCESS');
    } finally {
      api.pay.dropNotices = false;
    }
    expect((await getOrder(held.outTradeNo))?.status).toBe('refund_pending');
    expect((await reconcilePayments(new Date(Date.now() + 3 * 60_000))).refunded).toBe(1);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('refunded');
  });

  it('paid at WeChat Pay while cancelling: the cancel stands and the money goes back', async () => {
    const client = await api.login('同时付款取消');
    const slot = await nextSlot();
    const held = await bookHeld(client.token, { slotId: slot });
    await api.call('POST', `/bookings/${held.id}/pay`, { token: client.token });
    api.pay.dropNotices = true; // the payment's notice is still on its way when the cancel arrives
    await api.pay.pay(held.outTradeNo);
    api.pay.dropNotices = false;
    api.pay.refundDelayMs = 10;
    expect(await api.call('POST', `/bookings/${held.id}/cancel`, { token: client.token })).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const order = await until(() => getOrder(held.outTradeNo), (o) => o?.status === 'refunded');
    expect(order).toMatchObject({ status: 'refunded', refundReason: 'unbookable' });
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.status).toBe('cancelled');
    expect(await getSlot(slotKeyOf(slot))).toMatchObject({ status: 'available' });
    expect(await spendOf(client.user.id)).toEqual([]);
  });
});

describe('where the consult happens', () => {
  it('the counselor’s consult mode is on the confirmation and in the .ics (LOCATION / URL)', async () => {
    const bad = await api.call('PUT', '/counselor/consult-mode', { token: counselor.token, body: { mode: 'online', link: 'javascript:alert(1)' } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'link' } });
    expect((await api.call('PUT', '/counselor/consult-mode', { token: counselor.token, body: { mode: 'online', link: 'https://meeting.tencent.com/dm/abc123' } })).status).toBe(200);
    const client = await api.login('线上来访者');
    const held = await bookHeld(client.token, { slotId: await nextSlot() });
    // While unpaid the link is not handed out.
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.consult).toEqual({ mode: 'online' });
    await payFor(api, client.token, held.id);
    expect((await api.call('GET', `/bookings/${held.id}`, { token: client.token })).body.consult).toEqual({ mode: 'online', link: 'https://meeting.tencent.com/dm/abc123' });
    const ics = await api.call('GET', `/bookings/${held.id}/ics`, { token: client.token });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.text)).getFirstSubcomponent('vevent')!);
    expect(event.location).toBe('线上咨询');
    expect(event.component.getFirstPropertyValue('url')).toBe('https://meeting.tencent.com/dm/abc123');

    const zhou = await api.login('周明', 'counselor');
    await api.call('PUT', '/counselor/consult-mode', { token: zhou.token, body: { mode: 'in_person', address: '上海市徐汇区漕溪北路 88 号 3 楼' } });
    expect((await api.call('GET', '/counselor/consult-mode', { token: zhou.token })).body.consult).toEqual({ mode: 'in_person', address: '上海市徐汇区漕溪北路 88 号 3 楼' });
    const s = await paidSlotAt(zhou.user.id, new Date(Date.now() + 40 * 3600_000), 300);
    const b = await bookHeld(client.token, { slotId: s });
    await payFor(api, client.token, b.id);
    expect((await api.call('GET', `/bookings/${b.id}`, { token: client.token })).body.consult).toEqual({ mode: 'in_person', address: '上海市徐汇区漕溪北路 88 号 3 楼' });
    const ics2 = await api.call('GET', `/bookings/${b.id}/ics`, { token: client.token });
    expect(new ICAL.Event(new ICAL.Component(ICAL.parse(ics2.text)).getFirstSubcomponent('vevent')!).location).toBe('上海市徐汇区漕溪北路 88 号 3 楼');

    // … and in the reminder an hour before.
    const outbox = new LocalWechatApi('http://127.0.0.1');
    setWechat(outbox);
    try {
      expect((await api.call('POST', `/bookings/${b.id}/reminders`, { token: client.token, body: { templateId: 'tpl-place' } })).status).toBe(201);
      const booking = (await api.call('GET', `/bookings/${b.id}`, { token: client.token })).body;
      await sendDueReminders(new Date(Date.parse(booking.start) - 59 * 60_000));
      const sent = outbox.outbox.find((m) => m.page.endsWith(b.id))!;
      // WeChat's "thing" field holds 20 characters: a longer address is cut with an ellipsis (the page has it whole).
      expect(sent.data.thing4.value).toBe('地点：上海市徐汇区漕溪北路 88 号…');
    } finally {
      setWechat(undefined);
    }
  });
});


describe('spend feeds tiers and CLV through the analytics stream', () => {
  it('a paid booking counts as booked when its payment arrives; the spend and its reversal are spend events', async () => {
    const now = new Date();
    const paid = await eventsOf(
      { eventName: 'MODIFY', sequenceNumber: '1', keys: { pk: 'BOOKING#B1', sk: 'BOOKING' }, oldImage: { status: 'pending_payment', clientId: 'U1' }, newImage: { status: 'booked', clientId: 'U1' } },
      now,
    );
    expect(paid).toEqual([{ event: { kind: 'stage_reached', userId: 'U1', stage: 'booked' } }]);
    // A hold is not a booking yet.
    expect(await eventsOf({ eventName: 'INSERT', sequenceNumber: '2', keys: { pk: 'BOOKING#B2', sk: 'BOOKING' }, newImage: { status: 'pending_payment', clientId: 'U1' } }, now)).toEqual([]);
    const refund = await eventsOf(
      { eventName: 'INSERT', sequenceNumber: '3', keys: { pk: 'USER#U1', sk: 'SPEND#refund-B1' }, newImage: { amount: -200, sessions: -1, at: '2026-12-01T10:00:00.000Z' } },
      now,
    );
    expect(refund).toEqual([{ event: { kind: 'spend_recorded', userId: 'U1', at: '2026-12-01T10:00:00.000Z', sessions: -1, amount: -200, now } }]);
  });
});
