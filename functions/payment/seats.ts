import { promotionHoldExpiresAt, SEAT_HOLD_MINUTES } from '../../shared/gathering/hold';
import { gatheringRefundNoFor, holdExpired } from '../../shared/payment/rules';
import { cancelRegistration, getGathering, getRegistration, type GatheringRecord, type Promoter, type RegistrationRecord } from '../db/gathering';
import { closeSeatOrderItem, holdPromoter, markSeatPaid, orderTransition, reseatPaid, spendItems } from '../db/gathering-orders';
import { getOrder, markPaidForRefund, REFUND_CHECK_AFTER_MS, type OrderRecord, type Paid } from '../db/orders';
import { conflict, notFound } from '../http/errors';
import type { Caller } from '../http/route';
import { closeAtWechat, payOrder, requestRefund, type PayAnswer, type PaymentOutcome } from './service';

/**
 * Paying for a seat at a priced gathering through the same WeChat Pay order flow as paid consults
 * (functions/payment/service.ts): the hold and its order are written when the client registers
 * (functions/gathering/service.ts); here are the pay step, the notice, expiry and cancellation.
 */

export const seatHoldExpiresAt = (now: Date): string => new Date(now.getTime() + SEAT_HOLD_MINUTES * 60_000).toISOString();

/** How the waitlist moves up at this gathering: straight into a seat when it is free, into a payment hold when priced. */
export function seatPromoter(g: GatheringRecord, now: Date): Promoter | undefined {
  return g.price > 0 ? holdPromoter(g, (at) => promotionHoldExpiresAt(g.startsAt, at), now) : undefined;
}

/** POST /gatherings/{id}/registrations/pay: the hold's one order, signed for wx.requestPayment. */
export async function paySeat(caller: Caller, gatheringId: string, now: Date = new Date()): Promise<PayAnswer> {
  const reg = await getRegistration(gatheringId, caller.id);
  if (!reg) throw notFound('registration');
  if (reg.status !== 'pending_payment' || !reg.outTradeNo) throw conflict('not_pending', `This registration is ${reg.status}; there is nothing to pay.`);
  if (holdExpired(reg.holdExpiresAt!, now)) throw conflict('hold_expired', '为你保留名额的时间已过，请重新报名。');
  const o = await getOrder(reg.outTradeNo);
  if (!o || o.status !== 'pending') throw conflict('not_pending', 'This order can no longer be paid.');
  return payOrder(caller, o, now);
}

/**
 * A confirmed payment for a seat. Held → registered. After the hold ran out: registered again if a seat is
 * free, otherwise (or when the client had cancelled) the whole payment is refunded.
 */
export async function applySeatPayment(o: OrderRecord, paid: Paid, now: Date): Promise<PaymentOutcome | undefined> {
  const reg = await getRegistration(o.gatheringId!, o.clientId);
  const mine = reg?.outTradeNo === o.outTradeNo;
  if (mine && reg.status === 'pending_payment') return (await markSeatPaid(o, paid)) ? 'booked' : undefined;
  if (mine && reg.status === 'expired' && (await reseatPaid(o, paid))) return 'rebooked';
  if (await markPaidForRefund(o, paid, gatheringRefundNoFor(o.outTradeNo), now)) {
    await requestRefund((await getOrder(o.outTradeNo))!, now);
    return 'refunding';
  }
  return undefined; // something changed meanwhile: the caller looks again
}

/** An unpaid hold ends (expired) or is given up (cancelled): seat back (or to the waitlist), order closed, together. */
export async function releaseUnpaidSeat(reg: RegistrationRecord, o: OrderRecord, to: 'expired' | 'cancelled', now: Date): Promise<{ ok: boolean; promoted?: string }> {
  const g = await getGathering(reg.gatheringId, true);
  return cancelRegistration(reg, now, { to, extra: [closeSeatOrderItem(o, now)], ...(g ? { promoter: seatPromoter(g, now) } : {}) });
}

/** The reconciler found this seat's hold unpaid at WeChat Pay (and closed there). */
export async function expireSeat(o: OrderRecord, now: Date): Promise<boolean> {
  const reg = await getRegistration(o.gatheringId!, o.clientId);
  if (reg?.status !== 'pending_payment' || reg.outTradeNo !== o.outTradeNo) return false;
  return (await releaseUnpaidSeat(reg, o, 'expired', now)).ok;
}

/**
 * The client cancels a seat (the gathering's cancel rules are checked by the caller): held → the order is closed
 * (here and at WeChat Pay); paid → refunded in full at once, spend reversed, seat to the waitlist.
 */
export async function cancelSeat(g: GatheringRecord, reg: RegistrationRecord, now: Date): Promise<'cancelled' | 'refund_pending' | 'busy'> {
  const o = await getOrder(reg.outTradeNo!);
  if (!o) throw new Error(`registration ${reg.gatheringId}/${reg.userId} has no order`);
  if (reg.status === 'pending_payment') {
    if (!(await releaseUnpaidSeat(reg, o, 'cancelled', now)).ok) return 'busy';
    if (o.prepayId) await closeAtWechat(o.outTradeNo, now);
    return 'cancelled';
  }
  if (o.status !== 'paid') return 'busy';
  const refund = [
    orderTransition(
      o,
      ['paid'],
      'refund_pending',
      { outRefundNo: gatheringRefundNoFor(o.outTradeNo), refundReason: 'cancelled', refundRequestedAt: now.toISOString() },
      new Date(now.getTime() + REFUND_CHECK_AFTER_MS).toISOString(),
    ),
    ...spendItems(o, o.paidAt ?? now.toISOString(), -1),
  ];
  const out = await cancelRegistration(reg, now, { extra: refund, promoter: seatPromoter(g, now) });
  if (!out.ok) return 'busy';
  await requestRefund((await getOrder(o.outTradeNo))!, now);
  return 'refund_pending';
}
