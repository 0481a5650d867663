import * as z from 'zod/mini';
import { freeText } from '../text';
import { effectiveStatus, type Voucher } from './lifecycle';

/** The wallet as the client sees it: the status is computed at read time, so an expired voucher shows as expired. */
export const VOUCHER_STATUSES = ['issued', 'redeemed', 'expired', 'revoked'] as const;
export const VOUCHER_REASONS = ['inviter_milestone', 'invited_friend', 'goodwill', 'points_redemption'] as const;

export const VoucherIdSchema = z.string().check(z.regex(/^[0-9A-Za-z_-]{1,120}$/, 'not a voucher id'));
export const VoucherParamsSchema = z.object({ id: VoucherIdSchema });

export const WalletItemSchema = z.object({
  id: z.string(),
  status: z.enum(VOUCHER_STATUSES),
  /** Whole yuan. */
  value: z.number().check(z.int()),
  expiresAt: z.string(),
  campaignId: z.string(),
  reason: z.enum(VOUCHER_REASONS),
  createdAt: z.string(),
  bookingId: z.optional(z.string()),
});
export type WalletItem = z.infer<typeof WalletItemSchema>;

export const WalletResponseSchema = z.object({ items: z.array(WalletItemSchema) });

export function toWalletItem(v: Voucher, now: Date): WalletItem {
  return {
    id: v.id,
    status: effectiveStatus(v, now),
    value: v.value,
    expiresAt: v.expiresAt,
    campaignId: v.campaignId,
    reason: v.reason,
    createdAt: v.createdAt,
    ...(v.bookingId ? { bookingId: v.bookingId } : {}),
  };
}

export const RevokeVoucherBodySchema = z.object({ note: z.optional(freeText({ min: 0, max: 200, multiline: true })) });
