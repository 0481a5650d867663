import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROLES } from '../../shared/auth/roles';
import { BookingIdParams } from '../../shared/booking/params';
import { OutTradeNoParams, type OrderView } from '../../shared/payment/schema';
import { config } from '../config';
import { listClientOrders, refundedYuan, type OrderRecord } from '../db/orders';
import { HttpError } from '../http/errors';
import { publicRoute, route } from '../http/route';
import { wechatPayBase } from '../wechat/pay';
import { GatheringParamsSchema } from '../../shared/gathering/params';
import { paySeat } from './seats';
import { handlePaymentNotice, handleRefundNotice, payBooking } from './service';

/** The notice's bytes exactly as sent: the signature covers them, so they are never re-serialised. */
function rawBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function presentOrder(o: OrderRecord): OrderView {
  const paid = o.status === 'paid' || o.status === 'refund_pending' || o.status === 'refunded';
  return {
    kind: o.kind ?? 'booking',
    ...(o.bookingId ? { bookingId: o.bookingId } : {}),
    ...(o.gatheringId ? { gatheringId: o.gatheringId, title: o.title } : {}),
    outTradeNo: o.outTradeNo,
    status: o.status,
    price: o.price,
    voucherValue: o.voucherValue,
    amountPaid: paid ? o.amountDue : 0,
    consultStart: o.consultStart,
    ...(o.paidAt ? { paidAt: o.paidAt } : {}),
    ...(o.status === 'refund_pending' || o.status === 'refunded' ? { amountRefunded: refundedYuan(o), refundReason: o.refundReason ?? 'cancelled' } : {}),
    ...(o.refundedAt ? { refundedAt: o.refundedAt } : {}),
  };
}

export const paymentRoutes = [
  route({
    method: 'POST',
    path: '/bookings/{id}/pay',
    auth: ['client'],
    params: BookingIdParams,
    handle: async ({ caller, params }) => ({ status: 200, body: await payBooking(caller, params.id) }),
  }),

  // A seat held at a priced gathering (pending_payment): the same WeChat Pay order flow as a paid consult.
  route({
    method: 'POST',
    path: '/gatherings/{id}/registrations/pay',
    auth: ['client'],
    params: GatheringParamsSchema,
    handle: async ({ caller, params }) => ({ status: 200, body: await paySeat(caller, params.id) }),
  }),

  route({
    method: 'GET',
    path: '/me/orders',
    auth: ROLES,
    handle: async ({ caller }) => ({ status: 200, body: { items: (await listClientOrders(caller.id)).map(presentOrder) } }),
  }),

  // WeChat Pay's callbacks: public, believed only after the signature, timestamp and decryption checks.
  publicRoute({
    method: 'POST',
    path: '/payments/wechat/notify',
    handle: async ({ headers, event }) => {
      await handlePaymentNotice(headers, rawBody(event));
      return { status: 204 };
    },
  }),

  publicRoute({
    method: 'POST',
    path: '/payments/wechat/refund-notify',
    handle: async ({ headers, event }) => {
      await handleRefundNotice(headers, rawBody(event));
      return { status: 204 };
    },
  }),

  // ---------- local only ----------
  publicRoute({
    method: 'POST',
    path: '/dev/wechatpay/orders/{outTradeNo}/pay',
    // Makes the local WeChat Pay stand-in pay an order and send its signed notice (never mounted in AWS).
    enabled: config.isLocal,
    params: OutTradeNoParams,
    handle: async ({ params }) => {
      const res = await fetch(`${wechatPayBase()}/_standin/orders/${encodeURIComponent(params.outTradeNo)}/pay`, { method: 'POST' });
      const body = (await res.json()) as { ok: boolean; reason?: string; noticeStatus?: number };
      if (!body.ok) throw new HttpError(409, 'not_payable', `outTradeNo: ${body.reason ?? 'cannot be paid'}`, 'outTradeNo');
      return { status: 200, body: { paid: true, noticeStatus: body.noticeStatus } };
    },
  }),
];
