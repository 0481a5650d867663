import type { PaymentParams } from '../../shared/payment/schema';

/** What Ripple needs from WeChat Pay API v3 (JSAPI payment). The HTTP client is the only implementation: locally it
 * talks to the stand-in (functions/wechat/pay-standin.ts), which speaks the same protocol. */
export interface WechatPay {
  createJsapiOrder(o: JsapiOrder): Promise<{ prepayId: string }>;
  /** undefined when WeChat Pay has no such order (ORDER_NOT_EXIST). */
  queryOrder(outTradeNo: string): Promise<QueriedOrder | undefined>;
  /** Idempotent: closing a closed order is fine. Throws PayError code ORDERPAID when it was paid meanwhile. */
  closeOrder(outTradeNo: string): Promise<void>;
  refund(r: RefundRequest): Promise<{ status: RefundStatus }>;
  /** undefined when WeChat Pay has no such refund (RESOURCE_NOT_EXISTS). */
  queryRefund(outRefundNo: string): Promise<{ status: RefundStatus } | undefined>;
  /** The parameters for wx.requestPayment, signed with the merchant key. */
  paymentParams(prepayId: string): Promise<PaymentParams>;
}

export interface JsapiOrder {
  description: string;
  outTradeNo: string;
  /** RFC 3339 with offset: the hold's end. */
  timeExpire: string;
  notifyUrl: string;
  totalFen: number;
  openid: string;
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface QueriedOrder {
  tradeState: TradeState;
  /** The same fields a TRANSACTION.SUCCESS notice carries (present once paid). */
  transaction: {
    appid: string;
    mchid: string;
    out_trade_no: string;
    transaction_id?: string;
    trade_state: string;
    success_time?: string;
    amount: { total: number };
  };
}

export interface RefundRequest {
  outTradeNo: string;
  outRefundNo: string;
  reason: string;
  notifyUrl: string;
  refundFen: number;
  totalFen: number;
}

export class PayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
  }
}
