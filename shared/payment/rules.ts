import { formatISO } from 'date-fns';
import { inShanghai } from '../time';

/**
 * Paying for a consult, without any I/O: money in fen (WeChat Pay's unit), order numbers, and the 15-minute hold.
 * Prices and vouchers are whole yuan elsewhere in Ripple; only the payment capability speaks fen.
 */

/** ¥300 → 30000. Yuan amounts in Ripple are whole numbers; a fraction of a fen is never produced. */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan) || yuan < 0) throw new RangeError('an amount is never negative');
  return Math.round(yuan * 100);
}

export const fenToYuan = (fen: number): number => fen / 100;

/** WeChat Pay's rule for `out_trade_no` and `out_refund_no`: 6–32 of `0-9 A-Z a-z _ - | *`. */
export const OUT_NO_PATTERN = /^[0-9A-Za-z_\-|*]{6,32}$/;

/**
 * One order per booking, named after it: `RP` + the booking's ULID (28 characters). A retried or concurrent
 * "pay" for the same booking therefore can only ever reach the same order at WeChat Pay.
 */
export const outTradeNoFor = (bookingId: string): string => `RP${bookingId}`;
/** One refund per booking: reusing the number makes a repeated refund request the same refund. */
export const outRefundNoFor = (bookingId: string): string => `RF${bookingId}`;
/** A complaint's goodwill refund: one per complaint, so a retried or raced resolve can only reach the same refund. */
export const complaintRefundNoFor = (complaintId: string): string => `RC${complaintId}`;
/**
 * A gathering seat's order: `RG` + a fresh id per hold (a seat given up and taken again is a new order);
 * its one refund is `RH` + the same id.
 */
export const gatheringTradeNo = (holdId: string): string => `RG${holdId}`;
export const gatheringRefundNoFor = (outTradeNo: string): string => `RH${outTradeNo.slice(2)}`;
export function bookingIdOfTradeNo(outTradeNo: string): string | undefined {
  return /^RP[0-9A-HJKMNP-TV-Z]{26}$/.test(outTradeNo) ? outTradeNo.slice(2) : undefined;
}

/** How long an unpaid paid consult keeps its slot (and voucher). */
export const HOLD_MINUTES = 15;

export const holdExpiresAt = (now: Date): string => new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString();

export const holdExpired = (holdExpiresAtIso: string, now: Date): boolean => Date.parse(holdExpiresAtIso) <= now.getTime();

/** Seconds left on a hold, never negative (the booking page's countdown). */
export const holdSecondsLeft = (holdExpiresAtIso: string, now: Date): number =>
  Math.max(0, Math.floor((Date.parse(holdExpiresAtIso) - now.getTime()) / 1000));

/** `time_expire` as WeChat Pay wants it: RFC 3339 with China's offset, e.g. `2026-12-05T09:15:00+08:00`. */
export function timeExpire(iso: string): string {
  return formatISO(inShanghai(new Date(Math.floor(Date.parse(iso) / 1000) * 1000)));
}

/** What a booking costs and what is left to pay after the voucher, in yuan and in fen. */
export function priceBreakdown(price: number, voucherValue = 0) {
  const voucher = Math.min(price, Math.max(0, voucherValue));
  const due = price - voucher;
  return { price, voucherValue: voucher, amountDue: due, totalFen: yuanToFen(due) };
}

/**
 * What happens to a payment notice, given the booking's state when it arrives. A notice for a hold that expired
 * books the consult if the slot is still free (tried by the caller) and refunds otherwise; a cancelled booking
 * is always refunded.
 */
export type NoticeDecision = 'book' | 'rebook_or_refund' | 'refund' | 'already_done';
export function decidePaidNotice(bookingStatus: string): NoticeDecision {
  switch (bookingStatus) {
    case 'pending_payment':
      return 'book';
    case 'expired':
      return 'rebook_or_refund';
    case 'cancelled':
      return 'refund';
    default:
      return 'already_done';
  }
}
