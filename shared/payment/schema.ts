import * as z from 'zod/mini';
import { OUT_NO_PATTERN } from './rules';

/** Shapes of WeChat Pay's notices and the payment routes' inputs (docs/api.md § payment). */

export const NoticeBodySchema = z.object({
  id: z.string(),
  create_time: z.optional(z.string()),
  event_type: z.string(),
  resource_type: z.optional(z.string()),
  summary: z.optional(z.string()),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string().check(z.minLength(1)),
    nonce: z.string().check(z.minLength(1)),
    associated_data: z.optional(z.string()),
    original_type: z.optional(z.string()),
  }),
});
export type NoticeBody = z.infer<typeof NoticeBodySchema>;

/** The decrypted resource of TRANSACTION.SUCCESS. */
export const TransactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string().check(z.regex(OUT_NO_PATTERN)),
  transaction_id: z.string(),
  trade_state: z.string(),
  success_time: z.optional(z.string()),
  payer: z.optional(z.object({ openid: z.optional(z.string()) })),
  amount: z.object({ total: z.number().check(z.int(), z.nonnegative()), payer_total: z.optional(z.number()), currency: z.optional(z.string()) }),
});
export type Transaction = z.infer<typeof TransactionSchema>;

/** The decrypted resource of REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED. */
export const RefundResourceSchema = z.object({
  mchid: z.string(),
  out_trade_no: z.string().check(z.regex(OUT_NO_PATTERN)),
  out_refund_no: z.string().check(z.regex(OUT_NO_PATTERN)),
  refund_id: z.string(),
  refund_status: z.string(),
  success_time: z.optional(z.string()),
  amount: z.object({ total: z.number(), refund: z.number() }),
});
export type RefundResource = z.infer<typeof RefundResourceSchema>;

export const OutTradeNoParams = z.object({ outTradeNo: z.string().check(z.regex(OUT_NO_PATTERN, 'not an order number')) });

export type OrderStatus = 'pending' | 'paid' | 'closed' | 'refund_pending' | 'refunded';

/** What the client is handed for `wx.requestPayment`. */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What an order pays for: a consult (booking) or a seat at a gathering. */
export type OrderKind = 'booking' | 'gathering';

export interface OrderView {
  kind: OrderKind;
  /** The consult paid for (kind booking). */
  bookingId?: string;
  /** The gathering whose seat is paid for (kind gathering), and its title. */
  gatheringId?: string;
  title?: string;
  outTradeNo: string;
  status: OrderStatus;
  price: number;
  voucherValue: number;
  amountPaid: number;
  /** When the consult (or the gathering) starts. */
  consultStart: string;
  paidAt?: string;
  /** Present once a refund is under way: whole yuan going back (all of amountPaid, or a complaint's part of it). */
  amountRefunded?: number;
  /** cancelled: the client cancelled; unbookable: paid after the hold was gone; complaint: a goodwill refund. */
  refundReason?: RefundReason;
  refundedAt?: string;
}

export type RefundReason = 'cancelled' | 'unbookable' | 'complaint';
