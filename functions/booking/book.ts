import { ulid } from 'ulidx';
import type { BookBody } from '../../shared/booking/schema';
import { bookingRefusal, canCancel, monthKey } from '../../shared/booking/rules';
import { parseSlotId, shanghaiDate } from '../../shared/booking/slots';
import { amountDue, redeemRefusal, type RedeemRefusal } from '../../shared/voucher/lifecycle';
import { holdExpiresAt, outTradeNoFor } from '../../shared/payment/rules';
import { bookSlot, cancelBooking, requestHash, type BookingRecord, type StoredAnswer } from '../db/booking';
import { cancelPaidBooking, holdOrder } from '../payment/service';
import { getVoucher } from '../db/voucher';
import { HttpError, badRequest, conflict, notFound } from '../http/errors';
import type { Caller } from '../http/route';
import { themeDayEarlyRefusal } from '../membership/windows';
import { afterConsultBooked } from './hooks';
import { bookingPolicy } from './settings';

/**
 * The booking flow in one place: rules that need no database, then one transaction. A free slot needs no read
 * at all (its id names counselor and time; the allowance is a conditional put); a paid slot's id carries the
 * quoted price, checked by the claim's condition. Only a voucher costs one read before, for its value.
 */
export function presentBooking(b: BookingRecord) {
  return {
    id: b.id,
    slotId: b.slotId,
    kind: b.kind,
    start: b.start,
    end: b.end,
    counselorId: b.counselorId,
    status: b.status,
    price: b.price,
    amountDue: b.amountDue,
    voucherValue: b.voucherValue ?? 0,
    ...(b.voucherId ? { voucherId: b.voucherId } : {}),
    ...(b.holdExpiresAt ? { holdExpiresAt: b.holdExpiresAt } : {}),
    ...(b.outTradeNo ? { outTradeNo: b.outTradeNo } : {}),
    ...(b.amountPaid !== undefined ? { amountPaid: b.amountPaid } : {}),
    ...(b.paidAt ? { paidAt: b.paidAt } : {}),
    ...(b.refundedAt ? { refundedAt: b.refundedAt } : {}),
    ...(b.themeDayId ? { themeDayId: b.themeDayId } : {}),
    ...(b.shareResultId ? { shareResultId: b.shareResultId } : {}),
    createdAt: b.createdAt,
  };
}

const VOUCHER_REFUSALS: Record<RedeemRefusal, { status: number; message: string }> = {
  not_found: { status: 404, message: 'voucherId: no such voucher' },
  not_yours: { status: 403, message: 'voucherId: this voucher belongs to someone else' },
  not_issued: { status: 409, message: 'voucherId: this voucher has already been used or revoked' },
  expired: { status: 409, message: 'voucherId: this voucher has expired' },
};

function voucherError(reason: RedeemRefusal) {
  const r = VOUCHER_REFUSALS[reason];
  return new HttpError(r.status, `voucher_${reason}`, r.message, 'voucherId');
}

export async function bookConsult(caller: Caller, body: BookBody, idempotencyKey: string | undefined): Promise<StoredAnswer> {
  const now = new Date();
  const slot = parseSlotId(body.slotId)!; // the schema already refused ids that do not parse
  const refusal = bookingRefusal(slot.start, now, bookingPolicy());
  if (refusal === 'in_past') throw conflict('slot_past', 'This time has already passed.');
  if (refusal === 'too_late') {
    throw conflict('too_late', `Bookings close ${bookingPolicy().minNoticeMinutes} minutes before the consult starts.`);
  }
  if (slot.kind === 'free' && body.voucherId) throw badRequest('voucherId', 'vouchers are for paid consults; free consults cost nothing');
  // Membership: theme days may open to some members earlier than to everyone (a benefit), enforced here.
  const window = slot.kind === 'free' ? await themeDayEarlyRefusal(caller.id, slot.start, now) : { early: false };
  if (window.refusal) throw window.refusal;

  const price = slot.price ?? 0;
  let voucherValue: number | undefined;
  if (body.voucherId) {
    const voucher = await getVoucher(body.voucherId);
    const why = redeemRefusal(voucher, caller.id, now);
    if (why) throw voucherError(why);
    voucherValue = voucher!.value;
  }

  const id = ulid();
  const due = amountDue(price, voucherValue);
  // Something to pay: the slot (and voucher) are held for 15 minutes while the client pays through WeChat Pay.
  const hold = slot.kind === 'paid' && due > 0;
  const booking: BookingRecord = {
    id,
    slotId: body.slotId,
    kind: slot.kind,
    start: slot.start,
    end: slot.end,
    counselorId: slot.counselorId,
    clientId: caller.id,
    clientName: caller.name,
    status: hold ? 'pending_payment' : 'booked',
    price,
    amountDue: due,
    ...(hold ? { holdExpiresAt: holdExpiresAt(now), outTradeNo: outTradeNoFor(id) } : {}),
    ...(body.voucherId ? { voucherId: body.voucherId, voucherValue } : {}),
    ...(slot.kind === 'free' ? { themeDayId: shanghaiDate(slot.start), month: monthKey(slot.start) } : {}),
    ...(body.shareResultId ? { shareResultId: body.shareResultId } : {}),
    ...(window.early ? { early: true } : {}),
    createdAt: now.toISOString(),
  };
  const answer: StoredAnswer = { status: 201, body: presentBooking(booking) };
  const outcome = await bookSlot({
    booking,
    answer,
    now,
    ...(hold ? { orderItem: holdOrder(booking).item } : {}),
    idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: requestHash(body) } : undefined,
  });
  if (outcome.ok) {
    if (!hold) await afterConsultBooked(booking);
    return answer;
  }
  switch (outcome.reason) {
    case 'replay':
      if (!outcome.sameRequest) {
        throw conflict('idempotency_key_reused', 'This Idempotency-Key was already used for a different booking request.');
      }
      return outcome.answer;
    case 'slot_not_found':
      throw notFound('slot');
    case 'slot_taken':
      throw conflict('slot_taken', 'Someone has just booked this time. Please pick another slot.');
    case 'slot_unavailable':
      throw conflict('slot_unavailable', 'This time is not open for booking.');
    case 'price_changed':
      throw conflict('price_changed', 'The counselor has changed the price of this consult. Please look at the slot again.');
    case 'monthly_limit':
      throw conflict('monthly_limit', `You have already booked your free consult for ${booking.month}. One free consult per calendar month.`, {
        month: booking.month,
      });
    case 'voucher': {
      // Changed between the read and the transaction (used elsewhere, expired, revoked): say which.
      const why = redeemRefusal(await getVoucher(body.voucherId!), caller.id, new Date()) ?? 'not_issued';
      throw voucherError(why);
    }
    case 'result_not_found':
      throw new HttpError(404, 'not_found', 'shareResultId: no such self-test result of yours', 'shareResultId');
  }
}

/** Cancels and says what the booking became: cancelled, or refund_pending when it was paid (the refund starts at once). */
export async function cancelConsult(b: BookingRecord): Promise<'cancelled' | 'refund_pending'> {
  const now = new Date();
  // An unpaid hold can be let go at any time: nothing was paid, the order is closed.
  if (b.status === 'pending_payment') return cancelPaidBooking(b, now);
  if (b.status !== 'booked') throw conflict('not_booked', `This booking is already ${b.status}.`);
  if (!canCancel(b.start, now, bookingPolicy())) {
    throw conflict('too_late_to_cancel', `Bookings can be cancelled up to ${bookingPolicy().cancelCutoffMinutes} minutes before the consult.`);
  }
  if (b.outTradeNo && (b.amountPaid ?? 0) > 0) return cancelPaidBooking(b, now);
  if (!(await cancelBooking(b, now))) throw conflict('not_booked', 'This booking has already been cancelled.');
  return 'cancelled';
}
