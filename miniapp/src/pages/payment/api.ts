import { api } from '../../api/client';

/** The payment API as the mini-program uses it (docs/api.md § payment). Amounts are whole yuan. */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}
export interface PayAnswer {
  outTradeNo: string;
  payment: PaymentParams;
  holdExpiresAt: string;
  amountDue: number;
  /** Local stack only: the WeChat Pay stand-in's payment page (the H5 build pays there). */
  standInUrl?: string;
}
export type OrderStatus = 'pending' | 'paid' | 'closed' | 'refund_pending' | 'refunded';
export interface Order {
  /** A consult (booking) or a seat at a gathering. */
  kind?: 'booking' | 'gathering';
  bookingId?: string;
  gatheringId?: string;
  title?: string;
  outTradeNo: string;
  status: OrderStatus;
  price: number;
  voucherValue: number;
  amountPaid: number;
  consultStart: string;
  paidAt?: string;
  amountRefunded?: number;
  refundReason?: 'cancelled' | 'unbookable' | 'complaint';
  refundedAt?: string;
}

const q = encodeURIComponent;

export const paymentApi = {
  pay: (bookingId: string) => api.post<PayAnswer>(`/bookings/${q(bookingId)}/pay`),
  /** A held seat at a priced gathering: the same WeChat Pay order flow. */
  paySeat: (gatheringId: string) => api.post<PayAnswer>(`/gatherings/${q(gatheringId)}/registrations/pay`),
  orders: () => api.get<{ items: Order[] }>('/me/orders'),
};
