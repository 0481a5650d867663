import { addDays, endOfDay } from 'date-fns';
import { inShanghai, utcIso } from '../time';

/**
 * How a voucher lives: issued → redeemed (by a booking) → issued again (booking cancelled) ;
 * issued → revoked (by an admin). Expiry is not a write: an issued voucher past `expiresAt` is expired,
 * and redemption checks the clock in its condition, so a late redeem can never slip through.
 */
export type StoredVoucherStatus = 'issued' | 'redeemed' | 'revoked';
export type VoucherStatus = StoredVoucherStatus | 'expired';
export type VoucherReason = 'inviter_milestone' | 'invited_friend' | 'goodwill' | 'points_redemption';

export interface Voucher {
  id: string;
  ownerId: string;
  status: StoredVoucherStatus;
  /** Whole yuan. */
  value: number;
  expiresAt: string;
  campaignId: string;
  reason: VoucherReason;
  createdAt: string;
  bookingId?: string;
}

export function effectiveStatus(v: Pick<Voucher, 'status' | 'expiresAt'>, now: Date): VoucherStatus {
  return v.status === 'issued' && Date.parse(v.expiresAt) <= now.getTime() ? 'expired' : v.status;
}

/** What the client pays for a consult after a voucher: never below zero. */
export function amountDue(price: number, voucherValue = 0): number {
  return Math.max(0, price - voucherValue);
}

export type RedeemRefusal = 'not_found' | 'not_yours' | 'not_issued' | 'expired';

/** Why this caller cannot use this voucher now, or undefined when they can. */
export function redeemRefusal(v: Voucher | undefined, callerId: string, now: Date): RedeemRefusal | undefined {
  if (!v) return 'not_found';
  if (v.ownerId !== callerId) return 'not_yours';
  const status = effectiveStatus(v, now);
  if (status === 'expired') return 'expired';
  if (status !== 'issued') return 'not_issued';
  return undefined;
}

/**
 * When a voucher issued at `issuedAt` stops being usable: the end of the Asia/Shanghai day `validDays` later,
 * so "valid 60 days" never ends in the middle of a client's afternoon.
 */
export function expiresAtFor(issuedAt: Date, validDays: number): string {
  return utcIso(endOfDay(addDays(inShanghai(issuedAt), validDays)));
}
