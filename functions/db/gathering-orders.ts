import { randomBytes } from 'node:crypto';
import { gatheringTradeNo, priceBreakdown } from '../../shared/payment/rules';
import type { TransactItem } from './booking-keys';
import { table } from './client';
import { registrationKey, seatItem, type GatheringRecord, type Promoter, type RegistrationRecord } from './gathering';
import { newOrderItem, orderTransition, spendItems, transact, type OrderRecord, type Paid } from './orders';

/**
 * Orders for seats at priced gatherings (docs/data-model.md § payment, kind `gathering`). The seat is counted
 * while it is held (`registered` on the gathering includes holds), so capacity holds under any race; the order
 * is written in the same transaction as the hold, and every later step moves order and registration together.
 */

/**
 * A fresh id per hold: time (base 36) then 64 random bits, upper-case — sortable like a ULID, 26 characters, and
 * without a ULID library in the reconciler's bundle.
 */
const holdId = (now: Date): string => (now.getTime().toString(36).padStart(10, '0') + randomBytes(10).toString('hex').slice(0, 16)).toUpperCase();

/** A new hold's order for this gathering's price (whole yuan, no vouchers on gatherings). */
export function seatOrder(g: GatheringRecord, userId: string, holdExpiresAt: string, now: Date): OrderRecord {
  const p = priceBreakdown(g.price, 0);
  return {
    outTradeNo: gatheringTradeNo(holdId(now)),
    kind: 'gathering',
    gatheringId: g.id,
    title: g.title,
    clientId: userId,
    status: 'pending',
    description: `Ripple 涟漪-${g.title}`.slice(0, 127),
    price: p.price,
    voucherValue: 0,
    amountDue: p.amountDue,
    totalFen: p.totalFen,
    holdExpiresAt,
    consultStart: g.startsAt,
    createdAt: now.toISOString(),
  };
}

/** The registration fields a hold carries. */
export const holdFields = (o: OrderRecord) => ({ outTradeNo: o.outTradeNo, amountDue: o.amountDue, holdExpiresAt: o.holdExpiresAt });

export { newOrderItem as seatOrderItem };

/** A waitlisted person reaching a priced seat: a payment hold with its own order (they are told to pay). */
export function holdPromoter(g: GatheringRecord, holdExpiresAt: (now: Date) => string, now: Date): Promoter {
  return (head: RegistrationRecord) => {
    const o = seatOrder(g, head.userId, holdExpiresAt(now), now);
    return [
      {
        Update: {
          TableName: table(),
          Key: registrationKey(head.gatheringId, head.userId),
          UpdateExpression: 'SET #s = :held, promotedAt = :now, outTradeNo = :o, amountDue = :due, holdExpiresAt = :until REMOVE gsi2pk, gsi2sk, paidAt',
          ConditionExpression: '#s = :waitlisted',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':held': 'pending_payment', ':waitlisted': 'waitlisted', ':now': now.toISOString(), ':o': o.outTradeNo, ':due': o.amountDue, ':until': o.holdExpiresAt },
        },
      },
      newOrderItem(o),
    ];
  };
}

const seatRegTransition = (o: OrderRecord, from: string, paid: Paid): TransactItem => ({
  Update: {
    TableName: table(),
    Key: registrationKey(o.gatheringId!, o.clientId),
    UpdateExpression: 'SET #s = :registered, paidAt = :at REMOVE holdExpiresAt',
    ConditionExpression: '#s = :from AND outTradeNo = :o',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':registered': 'registered', ':from': from, ':o': o.outTradeNo, ':at': paid.paidAt },
  },
});

/** Paid while held: order pending → paid, registration pending_payment → registered, spend — one transaction. */
export async function markSeatPaid(o: OrderRecord, paid: Paid): Promise<boolean> {
  const out = await transact([
    orderTransition(o, ['pending'], 'paid', { transactionId: paid.transactionId, paidAt: paid.paidAt }),
    seatRegTransition(o, 'pending_payment', paid),
    ...spendItems(o, paid.paidAt, 1),
  ]);
  return out.ok;
}

/** Paid after the hold ran out: the seat is taken again if one is free (same capacity condition), else false. */
export async function reseatPaid(o: OrderRecord, paid: Paid): Promise<boolean> {
  const out = await transact([
    orderTransition(o, ['pending', 'closed'], 'paid', { transactionId: paid.transactionId, paidAt: paid.paidAt }),
    seatRegTransition(o, 'expired', paid),
    seatItem(o.gatheringId!),
    ...spendItems(o, paid.paidAt, 1),
  ]);
  return out.ok;
}

/** The order's part of giving an unpaid hold back (with the registration's release). */
export const closeSeatOrderItem = (o: OrderRecord, now: Date): TransactItem => orderTransition(o, ['pending'], 'closed', { closedAt: now.toISOString() });

export { orderTransition, spendItems };
