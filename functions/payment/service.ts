import { canCancel } from '../../shared/booking/rules';
import { complaintRefundNoFor, holdExpired, outRefundNoFor, outTradeNoFor, priceBreakdown, timeExpire, decidePaidNotice, yuanToFen } from '../../shared/payment/rules';
import { NoticeBodySchema, RefundResourceSchema, TransactionSchema, type PaymentParams } from '../../shared/payment/schema';
import { getBooking, type BookingRecord } from '../db/booking';
import {
  attachPrepay,
  closeUnpaid,
  complaintRefundItems,
  getOrder,
  isSeatOrder,
  listDueOrders,
  markPaid,
  markPaidForRefund,
  markRefunded,
  newOrderItem,
  postponeRecon,
  rebookPaid,
  refundedFen,
  startRefund,
  type OrderRecord,
  type Paid,
} from '../db/orders';
import type { TransactItem } from '../db/booking-keys';
import { getUser } from '../db/users';
import { HttpError, badRequest, conflict, notFound } from '../http/errors';
import { logger } from '../http/logger';
import type { Caller } from '../http/route';
import { config } from '../config';
import { afterConsultBooked } from '../booking/hooks';
import { bookingPolicy } from '../booking/settings';
import { notifyBase, wechatPay, wechatPayBase } from '../wechat/pay';
import { PayError, type QueriedOrder } from '../wechat/pay-api';
import { checkWechatSignature, decryptResource } from '../wechat/pay-crypto';
import { payKeys } from '../wechat/pay-keys';
import { applySeatPayment, expireSeat } from './seats';

/**
 * Paying for consults through WeChat Pay, in one place: the hold's order (written with the booking), the "pay"
 * step, payment and refund notices, refunds on cancel, and the reconciliation of whatever a lost notice left open.
 * Every state change is one conditional transaction (functions/db/orders.ts), so notices may come twice, late or
 * concurrently with the reconciler and the outcome is the same.
 */

/** The order for a paid consult's hold, to be written in the booking's own transaction. */
export function holdOrder(b: BookingRecord): { order: OrderRecord; item: TransactItem } {
  const p = priceBreakdown(b.price, b.voucherValue);
  const order: OrderRecord = {
    outTradeNo: b.outTradeNo!,
    kind: 'booking',
    bookingId: b.id,
    clientId: b.clientId,
    status: 'pending',
    description: `Ripple 涟漪-心理咨询（50 分钟）`,
    price: p.price,
    voucherValue: p.voucherValue,
    amountDue: p.amountDue,
    totalFen: p.totalFen,
    holdExpiresAt: b.holdExpiresAt!,
    consultStart: b.start,
    createdAt: b.createdAt,
  };
  return { order, item: newOrderItem(order) };
}

export { outTradeNoFor };

const paymentNotifyUrl = () => `${notifyBase()}/payments/wechat/notify`;
const refundNotifyUrl = () => `${notifyBase()}/payments/wechat/refund-notify`;

export interface PayAnswer {
  outTradeNo: string;
  payment: PaymentParams;
  holdExpiresAt: string;
  amountDue: number;
  /** STAGE=local only: the stand-in's "模拟微信支付" page, where the H5 build pays. */
  standInUrl?: string;
}

/** POST /bookings/{id}/pay: the one order of this booking (created at WeChat Pay the first time), signed for wx.requestPayment. */
export async function payBooking(caller: Caller, bookingId: string, now: Date = new Date()): Promise<PayAnswer> {
  const b = await getBooking(bookingId);
  if (!b || b.clientId !== caller.id) throw notFound('booking');
  if (b.status !== 'pending_payment' || !b.outTradeNo) throw conflict('not_pending', `This booking is ${b.status}; there is nothing to pay.`);
  if (holdExpired(b.holdExpiresAt!, now)) throw conflict('hold_expired', 'The 15 minutes to pay for this time have passed. Please book again.');
  const o = await getOrder(b.outTradeNo);
  if (!o || o.status !== 'pending') throw conflict('not_pending', 'This order can no longer be paid.');
  return payOrder(caller, o, now);
}

/** A pending order's WeChat Pay order (created there the first time, the same one on a retry), signed for the client. */
export async function payOrder(caller: Caller, o: OrderRecord, now: Date): Promise<PayAnswer> {
  let prepayId = o.prepayId;
  if (!prepayId) {
    const user = await getUser(caller.id);
    const created = await wechatPay()
      .createJsapiOrder({
        description: o.description,
        outTradeNo: o.outTradeNo,
        timeExpire: timeExpire(o.holdExpiresAt),
        notifyUrl: paymentNotifyUrl(),
        totalFen: o.totalFen,
        openid: user?.deviceId || caller.id,
      })
      .catch((err) => {
        if (err instanceof PayError && (err.code === 'ORDERPAID' || err.code === 'ORDER_CLOSED')) throw conflict('not_pending', 'This order can no longer be paid.');
        // WeChat Pay unreachable or refusing: nothing was written here, the hold stands, the client may try again.
        logger.warn('WeChat Pay order not created', { outTradeNo: o.outTradeNo, error: err as Error });
        throw new HttpError(503, 'payment_unavailable', 'WeChat Pay is not available right now. Your slot is still held; please try again.');
      });
    const stored = await attachPrepay(o.outTradeNo, created.prepayId, now);
    if (!stored.ok) throw conflict('not_pending', 'This order can no longer be paid.');
    prepayId = stored.prepayId;
  }
  return {
    outTradeNo: o.outTradeNo,
    payment: await wechatPay().paymentParams(prepayId),
    holdExpiresAt: o.holdExpiresAt,
    amountDue: o.amountDue,
    ...(config.isLocal() ? { standInUrl: `${wechatPayBase()}/pay/${encodeURIComponent(o.outTradeNo)}` } : {}),
  };
}

export type PaymentOutcome = 'booked' | 'rebooked' | 'refunding' | 'duplicate';

/**
 * A confirmed payment (from a notice or a query), checked against the order. Books the consult if it is still
 * held; after the hold expired, books it again if the slot and voucher are still free, and otherwise — or when the
 * client had cancelled — refunds the whole payment at once.
 */
export async function applyPayment(outTradeNo: string, paid: Paid, now: Date = new Date()): Promise<PaymentOutcome> {
  for (let round = 0; round < 4; round++) {
    const o = await getOrder(outTradeNo);
    if (!o) throw new Error(`no order ${outTradeNo}`);
    if (o.status === 'paid' || o.status === 'refund_pending' || o.status === 'refunded') return 'duplicate';
    if (isSeatOrder(o)) {
      const outcome = await applySeatPayment(o, paid, now);
      if (outcome) return outcome;
      continue;
    }
    const b = (await getBooking(o.bookingId!))!;
    const decision = decidePaidNotice(b.status);
    if (decision === 'book') {
      if (await markPaid(o, paid)) {
        await afterConsultBooked({ ...b, status: 'booked' });
        return 'booked';
      }
      continue; // something changed meanwhile (expired, cancelled, a duplicate won): look again
    }
    if (decision === 'rebook_or_refund' && (await rebookPaid(o, b, paid, now))) return 'rebooked';
    if (await markPaidForRefund(o, paid, outRefundNoFor(o.bookingId!), now)) {
      await requestRefund((await getOrder(outTradeNo))!, now);
      return 'refunding';
    }
  }
  throw new Error(`payment for ${outTradeNo} could not be applied`);
}

/** What the client reads beside the refund in WeChat Pay (max 80 characters). */
const REFUND_REASONS = { cancelled: '预约已取消', unbookable: '预约时段已不可用，全额退款', complaint: '意见处理：退还部分或全部咨询费' } as const;
const SEAT_REFUND_REASONS = { cancelled: '活动报名已取消', unbookable: '活动名额已不可用，全额退款', complaint: '意见处理：退还活动费用' } as const;

/** Asks WeChat Pay for the order's refund (idempotent by out_refund_no); a failure is retried by reconciliation. */
export async function requestRefund(o: OrderRecord, now: Date = new Date()): Promise<void> {
  try {
    const out = await wechatPay().refund({
      outTradeNo: o.outTradeNo,
      outRefundNo: o.outRefundNo!,
      reason: (isSeatOrder(o) ? SEAT_REFUND_REASONS : REFUND_REASONS)[o.refundReason ?? 'unbookable'],
      notifyUrl: refundNotifyUrl(),
      refundFen: refundedFen(o),
      totalFen: o.totalFen,
    });
    if (out.status === 'SUCCESS') await markRefunded(o, now);
  } catch (err) {
    logger.warn('refund request failed; reconciliation retries it', { outTradeNo: o.outTradeNo, error: err as Error });
  }
}

export interface ComplaintRefund {
  bookingId: string;
  outTradeNo: string;
  outRefundNo: string;
  /** The items that start it, for the complaint's resolve transaction. */
  items: TransactItem[];
}

/**
 * A complaint resolved with a refund: checks that the consult was paid by this client and not yet refunded and
 * that the amount (whole yuan, partial allowed) is within what was paid, and returns the items that start the
 * refund inside the resolve transaction. Refusals are 400 naming the field, and nothing is written. An upcoming
 * consult that can still be cancelled is refused too: cancelling it refunds it in full.
 */
export async function prepareComplaintRefund(
  complaint: { id: string; clientId: string },
  bookingId: string | undefined,
  amount: number,
  now: Date = new Date(),
): Promise<ComplaintRefund> {
  if (!bookingId) throw badRequest('bookingId', 'a refund needs the paid consult it refunds; this complaint names none');
  const b = await getBooking(bookingId);
  if (!b || b.clientId !== complaint.clientId) throw badRequest('bookingId', 'not a consult of this client');
  const o = b.outTradeNo ? await getOrder(b.outTradeNo) : undefined;
  if (!o || o.amountDue <= 0) throw badRequest('bookingId', 'nothing was paid for this consult through WeChat Pay');
  // A resolve racing the one that just won finds its own refund: the complaint is resolved, not the input wrong.
  if (o.complaintId === complaint.id) throw conflict('already_resolved', 'This complaint is already resolved');
  if (o.status === 'refund_pending' || o.status === 'refunded') throw badRequest('bookingId', 'this consult’s payment is already being refunded or was refunded');
  if (o.status !== 'paid') throw badRequest('bookingId', 'this consult has not been paid');
  if (b.status === 'booked' && canCancel(b.start, now, bookingPolicy())) throw badRequest('bookingId', 'the consult is still ahead and can be cancelled, which refunds it in full');
  if (amount > o.amountDue) throw badRequest('amount', `more than the ¥${o.amountDue} paid for this consult`);
  const outRefundNo = complaintRefundNoFor(complaint.id);
  return { bookingId: b.id, outTradeNo: o.outTradeNo, outRefundNo, items: complaintRefundItems(o, { complaintId: complaint.id, outRefundNo, amount, fen: yuanToFen(amount), now }) };
}

/** After the resolve committed: asks WeChat Pay for the refund (a failure is retried by reconciliation). */
export async function startComplaintRefund(outTradeNo: string, now: Date = new Date()): Promise<void> {
  const o = await getOrder(outTradeNo);
  if (o?.status === 'refund_pending' && o.refundReason === 'complaint') await requestRefund(o, now);
}

/** Cancelling a paid consult (pending or paid); the caller has checked ownership and the cancel window. */
export async function cancelPaidBooking(b: BookingRecord, now: Date = new Date()): Promise<'cancelled' | 'refund_pending'> {
  const o = await getOrder(b.outTradeNo!);
  if (!o) throw new Error(`booking ${b.id} has no order`);
  if (b.status === 'pending_payment') {
    if (!(await closeUnpaid(b, o, 'cancelled', now))) throw conflict('not_booked', 'This booking has just changed; reload it.');
    if (o.prepayId) await closeAtWechat(o.outTradeNo, now);
    return 'cancelled';
  }
  if (!(await startRefund(b, o, outRefundNoFor(b.id), now))) throw conflict('not_booked', 'This booking has just changed; reload it.');
  await requestRefund((await getOrder(o.outTradeNo))!, now);
  return 'refund_pending';
}

/** Closes the order at WeChat Pay. Paid meanwhile? Then that payment is applied (and, the hold being gone, refunded or rebooked). */
export async function closeAtWechat(outTradeNo: string, now: Date): Promise<void> {
  try {
    await wechatPay().closeOrder(outTradeNo);
  } catch (err) {
    const q = await wechatPay().queryOrder(outTradeNo).catch(() => undefined);
    if (q?.tradeState === 'SUCCESS') await applyPayment(outTradeNo, paidOf(q), now);
    else logger.warn('close order failed', { outTradeNo, error: err as Error });
  }
}

const paidOf = (q: QueriedOrder): Paid => ({ transactionId: q.transaction.transaction_id ?? '', paidAt: toIso(q.transaction.success_time) });
const toIso = (t: string | undefined) => (t && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : new Date().toISOString());

// ---------- notices ----------
const refuse = (status: number, code: string, message: string) => new HttpError(status, code, message);

/** Signature, freshness, decryption: a notice that fails any of them changes nothing. */
async function openNotice(headers: Record<string, string | undefined>, raw: string, now: Date) {
  const keys = await payKeys();
  const check = checkWechatSignature(headers, raw, keys.platformPublicKeys, now);
  if (check !== 'ok') throw refuse(401, 'bad_signature', `Wechatpay-Signature: ${check.replace('_', ' ')}`);
  let body;
  try {
    body = NoticeBodySchema.parse(JSON.parse(raw));
  } catch {
    throw refuse(400, 'validation', 'body: not a WeChat Pay notice');
  }
  let plain: unknown;
  try {
    plain = JSON.parse(decryptResource(body.resource, keys.apiV3Key));
  } catch {
    throw refuse(400, 'decrypt_failed', 'resource: cannot be decrypted with the APIv3 key');
  }
  return { keys, eventType: body.event_type, plain };
}

/** POST /payments/wechat/notify. */
export async function handlePaymentNotice(headers: Record<string, string | undefined>, raw: string, now: Date = new Date()): Promise<PaymentOutcome | 'ignored'> {
  const { keys, eventType, plain } = await openNotice(headers, raw, now);
  const parsed = TransactionSchema.safeParse(plain);
  if (!parsed.success) throw refuse(400, 'validation', 'resource: not a transaction');
  const t = parsed.data;
  if (t.mchid !== keys.mchId) throw refuse(400, 'mismatch', 'mchid: not this merchant');
  if (t.appid !== keys.appId) throw refuse(400, 'mismatch', 'appid: not this mini-program');
  const o = await getOrder(t.out_trade_no);
  if (!o) throw refuse(400, 'mismatch', 'out_trade_no: no such order');
  if (t.amount.total !== o.totalFen) throw refuse(400, 'mismatch', 'amount.total: does not match the order');
  if (eventType !== 'TRANSACTION.SUCCESS' || t.trade_state !== 'SUCCESS') return 'ignored';
  return applyPayment(o.outTradeNo, { transactionId: t.transaction_id, paidAt: toIso(t.success_time) }, now);
}

/** POST /payments/wechat/refund-notify. */
export async function handleRefundNotice(headers: Record<string, string | undefined>, raw: string, now: Date = new Date()): Promise<'refunded' | 'duplicate' | 'ignored'> {
  const { keys, eventType, plain } = await openNotice(headers, raw, now);
  const parsed = RefundResourceSchema.safeParse(plain);
  if (!parsed.success) throw refuse(400, 'validation', 'resource: not a refund');
  const r = parsed.data;
  if (r.mchid !== keys.mchId) throw refuse(400, 'mismatch', 'mchid: not this merchant');
  const o = await getOrder(r.out_trade_no);
  if (!o || o.outRefundNo !== r.out_refund_no) throw refuse(400, 'mismatch', 'out_refund_no: no such refund');
  if (r.amount.refund !== refundedFen(o)) throw refuse(400, 'mismatch', 'amount.refund: does not match the order');
  if (eventType !== 'REFUND.SUCCESS' || r.refund_status !== 'SUCCESS') {
    logger.warn('refund not successful; staff should look at it', { outTradeNo: o.outTradeNo, status: r.refund_status });
    return 'ignored';
  }
  if (o.status !== 'refund_pending') return 'duplicate';
  return (await markRefunded(o, now)) ? 'refunded' : 'duplicate';
}

// ---------- reconciliation ----------
export interface ReconcileReport {
  checked: number;
  paid: number;
  expired: number;
  refunded: number;
  retried: number;
}

/**
 * Runs every minute: each order still pending past its hold is looked up at WeChat Pay — paid (its notice was
 * lost) → applied like the notice; otherwise closed there and here, which gives slot, allowance and voucher back.
 * Each refund not yet confirmed is looked up too, and asked for again if WeChat Pay never got it.
 */
export async function reconcilePayments(now: Date = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, paid: 0, expired: 0, refunded: 0, retried: 0 };
  for (const o of await listDueOrders(now)) {
    report.checked++;
    try {
      if (o.status === 'pending') await reconcilePending(o, now, report);
      else if (o.status === 'refund_pending') await reconcileRefund(o, now, report);
    } catch (err) {
      logger.warn('reconciliation of an order failed; next run retries', { outTradeNo: o.outTradeNo, error: err as Error });
    }
  }
  return report;
}

async function reconcilePending(o: OrderRecord, now: Date, report: ReconcileReport) {
  if (o.prepayId) {
    const q = await wechatPay().queryOrder(o.outTradeNo);
    if (q?.tradeState === 'SUCCESS') {
      if (q.transaction.amount.total === o.totalFen && (await applyPayment(o.outTradeNo, paidOf(q), now)) !== 'duplicate') report.paid++;
      return;
    }
    if (q?.tradeState === 'USERPAYING') return; // the client is entering their password: next run
    if (q && q.tradeState !== 'CLOSED') {
      try {
        await wechatPay().closeOrder(o.outTradeNo);
      } catch {
        const again = await wechatPay().queryOrder(o.outTradeNo);
        if (again?.tradeState === 'SUCCESS') {
          await applyPayment(o.outTradeNo, paidOf(again), now);
          report.paid++;
        }
        return;
      }
    }
  }
  if (isSeatOrder(o)) {
    if (await expireSeat(o, now)) report.expired++;
    return;
  }
  const b = await getBooking(o.bookingId!);
  if (b?.status === 'pending_payment' && (await closeUnpaid(b, o, 'expired', now))) report.expired++;
}

async function reconcileRefund(o: OrderRecord, now: Date, report: ReconcileReport) {
  const r = await wechatPay().queryRefund(o.outRefundNo!);
  if (r?.status === 'SUCCESS') {
    if (await markRefunded(o, now)) report.refunded++;
    return;
  }
  if (!r) {
    await requestRefund(o, now);
    report.retried++;
  }
  await postponeRecon(o, new Date(now.getTime() + (r?.status === 'PROCESSING' || !r ? 2 : 30) * 60_000));
}
