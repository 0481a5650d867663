import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderKind, OrderStatus, RefundReason } from '../../shared/payment/schema';
import { onceKey, spendKey } from './analytics';
import { bookingTransition, releaseItems, type BookingRecord } from './booking';
import { slotKey, strip, type TransactItem } from './booking-keys';
import { slotKeyId } from '../../shared/booking/slots';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from './client';
import { complaintRefundedItem } from './complaints';
import { redeemVoucherItem } from './voucher';

/**
 * WeChat Pay orders (docs/data-model.md § payment):
 * - order   `ORDER#<outTradeNo>/ORDER`; gsi1 `PAYRECON` / `<dueAt>#<outTradeNo>` only while there is something to
 *           reconcile (pending: due at the hold's end; refund_pending: due shortly after the refund was asked for);
 *           gsi2 `CLIENT#<userId>#ORDERS` / `<createdAt>#<outTradeNo>` (the client's receipts).
 * Every state change is conditional on the state it leaves and travels in one transaction with the booking,
 * slot, voucher and spend it implies: a duplicate or concurrent notice finds the condition already failed.
 */
export interface OrderRecord {
  outTradeNo: string;
  /** What it pays for (absent on orders written before gatherings could be paid: a booking). */
  kind?: OrderKind;
  /** kind booking: the consult. */
  bookingId?: string;
  /** kind gathering: the gathering whose seat it pays for, and its title for the receipt. */
  gatheringId?: string;
  title?: string;
  clientId: string;
  status: OrderStatus;
  description: string;
  /** Whole yuan: the consult's price, the voucher's part of it, and what is paid (price − voucher). */
  price: number;
  voucherValue: number;
  amountDue: number;
  totalFen: number;
  holdExpiresAt: string;
  /** When the consult starts (shown on the receipt). */
  consultStart: string;
  createdAt: string;
  prepayId?: string;
  transactionId?: string;
  paidAt?: string;
  closedAt?: string;
  outRefundNo?: string;
  /** cancelled: the client cancelled a paid consult; unbookable: paid after the hold was gone; complaint: goodwill. */
  refundReason?: RefundReason;
  /** What goes back, when it is not the whole payment (a complaint's refund): whole yuan and the same in fen. */
  refundAmount?: number;
  refundFen?: number;
  /** The complaint whose resolution refunds this order (refundReason complaint). */
  complaintId?: string;
  refundRequestedAt?: string;
  refundedAt?: string;
}

export const orderKey = (outTradeNo: string) => ({ pk: `ORDER#${outTradeNo}`, sk: 'ORDER' });
const RECON = 'PAYRECON';
/** A refund not confirmed by its notice within this long is looked up (and asked for again if WeChat lost it). */
export const REFUND_CHECK_AFTER_MS = 2 * 60_000;

const reconKeys = (dueAt: string, outTradeNo: string) => ({ gsi1pk: RECON, gsi1sk: `${dueAt}#${outTradeNo}` });

/** The order's Put for the booking transaction (bookSlot's `orderItem`). */
export function newOrderItem(o: OrderRecord): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...orderKey(o.outTradeNo),
        type: 'order',
        ...o,
        ...reconKeys(o.holdExpiresAt, o.outTradeNo),
        gsi2pk: `CLIENT#${o.clientId}#ORDERS`,
        gsi2sk: `${o.createdAt}#${o.outTradeNo}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getOrder(outTradeNo: string): Promise<OrderRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: orderKey(outTradeNo), ConsistentRead: true }));
  return strip<OrderRecord>(out.Item);
}

export async function listClientOrders(clientId: string): Promise<OrderRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': `CLIENT#${clientId}#ORDERS` },
    ScanIndexForward: false,
  });
  return items.map((i) => strip<OrderRecord>(i)!);
}

/** Orders with something to reconcile by now (the index is sparse: settled orders carry no gsi1 keys). */
export async function listDueOrders(now: Date, max = 200): Promise<OrderRecord[]> {
  const items = await queryAll(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
      ExpressionAttributeValues: { ':p': RECON, ':now': `${now.toISOString()}#~` },
    },
    max,
  );
  return items.map((i) => strip<OrderRecord>(i)!);
}

/**
 * Records the prepay id WeChat Pay gave for this order. Two concurrent "pay" taps both reach the one order
 * (its number is the booking's); whichever writes first wins and the other uses the stored id.
 */
export async function attachPrepay(outTradeNo: string, prepayId: string, now: Date): Promise<{ ok: true; prepayId: string } | { ok: false }> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: orderKey(outTradeNo),
        UpdateExpression: 'SET prepayId = :p, prepayAt = :now',
        ConditionExpression: '#s = :pending AND attribute_not_exists(prepayId)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': prepayId, ':now': now.toISOString(), ':pending': 'pending' },
      }),
    );
    return { ok: true, prepayId };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const o = await getOrder(outTradeNo);
    return o?.status === 'pending' && o.prepayId ? { ok: true, prepayId: o.prepayId } : { ok: false };
  }
}

/** A booking's order, or a gathering seat's. */
export const isSeatOrder = (o: OrderRecord): boolean => o.kind === 'gathering';
/** What the order's spend and refund are keyed by: the booking (one order per booking), or the seat's own order. */
const subjectOf = (o: OrderRecord): string => o.bookingId ?? o.outTradeNo;

export function orderTransition(o: OrderRecord, from: OrderStatus[], to: OrderStatus, set: Record<string, unknown>, recon?: string): TransactItem {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = { ':to': to };
  const sets = ['#s = :to'];
  Object.entries(set).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:v${i}`] = v;
    sets.push(`#f${i} = :v${i}`);
  });
  from.forEach((f, i) => (values[`:from${i}`] = f));
  if (recon) {
    sets.push('gsi1pk = :rp, gsi1sk = :rs');
    values[':rp'] = RECON;
    values[':rs'] = `${recon}#${o.outTradeNo}`;
  }
  return {
    Update: {
      TableName: table(),
      Key: orderKey(o.outTradeNo),
      UpdateExpression: `SET ${sets.join(', ')}${recon ? '' : ' REMOVE gsi1pk, gsi1sk'}`,
      ConditionExpression: `#s IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Whole yuan and fen a refund of this order gives back: the complaint's part, or everything paid. */
export const refundedYuan = (o: OrderRecord): number => o.refundAmount ?? o.amountDue;
export const refundedFen = (o: OrderRecord): number => o.refundFen ?? o.totalFen;

/**
 * The spend a payment records for tiers and CLV (analytics reads it from the stream), once per booking; its
 * reversal once per booking too (one refund per order). A cancelled consult takes back the amount and the
 * session; a goodwill refund of an attended consult takes back only its amount (the session took place).
 */
export function spendItems(o: OrderRecord, at: string, direction: 1 | -1, reversal?: { amount: number; sessions: 0 }): TransactItem[] {
  const subject = subjectOf(o);
  const id = direction === 1 ? `pay-${subject}` : `refund-${subject}`;
  const marker = direction === 1 ? `SPEND#${subject}` : `SPEND#${subject}#REFUND`;
  // A seat at a gathering is spend, not a consult session (repeat rate counts sessions).
  const sessions = reversal ? reversal.sessions : isSeatOrder(o) ? 0 : direction;
  return [
    {
      Put: {
        TableName: table(),
        Item: {
          ...spendKey(o.clientId, id),
          type: 'spend',
          id,
          userId: o.clientId,
          amount: reversal ? -reversal.amount : direction * o.amountDue,
          sessions,
          at,
          recordedBy: 'wechatpay',
          ...(o.bookingId ? { bookingId: o.bookingId } : {}),
          ...(o.gatheringId ? { gatheringId: o.gatheringId } : {}),
          createdAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: table(), Item: { ...onceKey(marker), type: 'once', spendId: id }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

export interface Paid {
  transactionId: string;
  paidAt: string;
}

export async function transact(items: TransactItem[]): Promise<{ ok: true } | { ok: false; failed: number[] }> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons.length) throw err;
      const failed = reasons.flatMap((r, i) => (r === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length) return { ok: false, failed };
      if (reasons.includes('TransactionConflict') && attempt < 8) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw err;
    }
  }
}

/**
 * A payment for a booking still on hold: order pending → paid, booking pending_payment → booked, spend recorded —
 * one transaction, so a second notice (or a notice racing the reconciler) finds the order already paid.
 */
export async function markPaid(o: OrderRecord, paid: Paid): Promise<boolean> {
  const out = await transact([
    orderTransition(o, ['pending'], 'paid', { transactionId: paid.transactionId, paidAt: paid.paidAt }),
    bookingTransition(o.bookingId!, 'pending_payment', 'booked', { paidAt: paid.paidAt, amountPaid: o.amountDue }),
    ...spendItems(o, paid.paidAt, 1),
  ]);
  return out.ok;
}

/**
 * A payment that arrived after the hold expired (and the order was closed here): the booking comes back if its
 * slot is still free and its voucher still usable — slot, voucher, booking, order and spend together.
 */
export async function rebookPaid(o: OrderRecord, b: BookingRecord, paid: Paid, now: Date): Promise<boolean> {
  const items: TransactItem[] = [
    orderTransition(o, ['pending', 'closed'], 'paid', { transactionId: paid.transactionId, paidAt: paid.paidAt }),
    bookingTransition(b.id, 'expired', 'booked', { paidAt: paid.paidAt, amountPaid: o.amountDue }),
    {
      Update: {
        TableName: table(),
        Key: slotKey(slotKeyId(b)),
        UpdateExpression: 'SET #s = :booked, bookingId = :b',
        ConditionExpression: '#s = :available AND offered = :t AND published = :t',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':booked': 'booked', ':available': 'available', ':b': b.id, ':t': true },
      },
    },
    ...(b.voucherId ? [redeemVoucherItem(b.voucherId, b.clientId, b.id, now)] : []),
    ...spendItems(o, paid.paidAt, 1),
  ];
  return (await transact(items)).ok;
}

/** A payment for a booking that cannot have it (cancelled, or its slot gone): the order goes to refund. */
export async function markPaidForRefund(o: OrderRecord, paid: Paid, outRefundNo: string, now: Date): Promise<boolean> {
  const out = await transact([
    orderTransition(
      o,
      ['pending', 'closed'],
      'refund_pending',
      { transactionId: paid.transactionId, paidAt: paid.paidAt, outRefundNo, refundReason: 'unbookable', refundRequestedAt: now.toISOString() },
      new Date(now.getTime() + REFUND_CHECK_AFTER_MS).toISOString(),
    ),
  ]);
  return out.ok;
}

/**
 * An unpaid hold ends (expired) or is cancelled by its client: booking → expired/cancelled, slot, allowance and
 * voucher back, order closed — together. False when the booking was no longer pending (paid meanwhile).
 */
export async function closeUnpaid(b: BookingRecord, o: OrderRecord, to: 'expired' | 'cancelled', now: Date): Promise<boolean> {
  const out = await transact([
    bookingTransition(b.id, 'pending_payment', to, to === 'cancelled' ? { cancelledAt: now.toISOString() } : { expiredAt: now.toISOString() }),
    ...releaseItems(b),
    orderTransition(o, ['pending'], 'closed', { closedAt: now.toISOString() }),
  ]);
  return out.ok;
}

/**
 * A paid consult cancelled in time: booking booked → refund_pending, slot and voucher back, order paid →
 * refund_pending (with its refund number, reconciled if the refund's notice never comes), spend reversed.
 */
export async function startRefund(b: BookingRecord, o: OrderRecord, outRefundNo: string, now: Date): Promise<boolean> {
  const out = await transact([
    {
      ...bookingTransition(b.id, 'booked', 'refund_pending', { cancelledAt: now.toISOString() }),
    },
    ...releaseItems(b),
    orderTransition(
      o,
      ['paid'],
      'refund_pending',
      { outRefundNo, refundReason: 'cancelled', refundRequestedAt: now.toISOString() },
      new Date(now.getTime() + REFUND_CHECK_AFTER_MS).toISOString(),
    ),
    ...spendItems(o, o.paidAt ?? now.toISOString(), -1),
  ]);
  return out.ok;
}

/**
 * A complaint resolved with a refund of (part of) this paid order, for the complaint's own resolve transaction:
 * order paid → refund_pending with the complaint's refund number (reconciled if its notice never comes) and the
 * spend reversed by the refunded amount. The booking keeps its status: the consult took place. The order's
 * condition (still `paid`) makes a second refund of the same order — another complaint, a cancel — fail here.
 */
export function complaintRefundItems(o: OrderRecord, r: { complaintId: string; outRefundNo: string; amount: number; fen: number; now: Date }): TransactItem[] {
  return [
    orderTransition(
      o,
      ['paid'],
      'refund_pending',
      { outRefundNo: r.outRefundNo, refundReason: 'complaint', complaintId: r.complaintId, refundAmount: r.amount, refundFen: r.fen, refundRequestedAt: r.now.toISOString() },
      new Date(r.now.getTime() + REFUND_CHECK_AFTER_MS).toISOString(),
    ),
    ...spendItems(o, o.paidAt ?? r.now.toISOString(), -1, { amount: r.amount, sessions: 0 }),
  ];
}

/**
 * WeChat Pay confirmed the refund: order → refunded, once; with it a cancelled consult's booking → refunded, or
 * a complaint's outcome → refunded (what the client and the admin queue show).
 */
export async function markRefunded(o: OrderRecord, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const items = [orderTransition(o, ['refund_pending'], 'refunded', { refundedAt: at })];
  // A cancelled seat's registration was already set cancelled when the refund started.
  if (o.refundReason === 'cancelled' && !isSeatOrder(o)) items.push(bookingTransition(o.bookingId!, 'refund_pending', 'refunded', { refundedAt: at }));
  if (o.refundReason === 'complaint' && o.complaintId) items.push(complaintRefundedItem(o.complaintId, at));
  return (await transact(items)).ok;
}

/** Moves a refund's next check later (it is still PROCESSING at WeChat Pay). */
export async function postponeRecon(o: OrderRecord, dueAt: Date): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: orderKey(o.outTradeNo),
        UpdateExpression: 'SET gsi1pk = :p, gsi1sk = :s',
        ConditionExpression: '#s = :status',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': RECON, ':s': `${dueAt.toISOString()}#${o.outTradeNo}`, ':status': o.status },
      }),
    )
    .catch((err) => {
      if (!isConditionFailure(err)) throw err;
    });
}

