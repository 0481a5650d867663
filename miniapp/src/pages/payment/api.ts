import type { OrderStatus, OrderView, PaymentParams } from '../../../../shared/payment/schema';
import { api } from '../../api/client';

/** The payment API as the mini-program uses it (docs/api.md § payment). Amounts are whole yuan. */
export type { OrderStatus, PaymentParams };
/** One line of 我的订单: the server's order view (shared/payment/schema.ts). */
export type Order = OrderView;

export interface PayAnswer {
  outTradeNo: string;
  payment: PaymentParams;
  holdExpiresAt: string;
  amountDue: number;
  /** Local stack only: the WeChat Pay stand-in's payment page (the H5 build pays there). */
  standInUrl?: string;
}

const q = encodeURIComponent;

export const paymentApi = {
  pay: (bookingId: string) => api.post<PayAnswer>(`/bookings/${q(bookingId)}/pay`),
  /** A held seat at a priced gathering: the same WeChat Pay order flow. */
  paySeat: (gatheringId: string) => api.post<PayAnswer>(`/gatherings/${q(gatheringId)}/registrations/pay`),
  orders: () => api.get<{ items: Order[] }>('/me/orders'),
};
