import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BookingStatus } from '../../shared/booking/rules';
import { shanghaiDate, slotKeyId, type SlotKind } from '../../shared/booking/slots';
import { allowanceKey, bookingKey, failedItem, idempotencyKey, slotKey, strip, type TransactItem } from './booking-keys';
import { referralKey } from './referral';
import { cancellationReasons, db, queryAll, table } from './client';
import { redeemVoucherItem, restoreVoucherItem } from './voucher';

// The booking repositories were one file; they are split by entity, and this module still exports every name
// it did (slots.ts: theme days, slots, paid hours; reminders.ts: grants and reminders; booking-keys.ts: keys).
export * from './booking-keys';
export * from './slots';
export * from './reminders';

/**
 * Bookings (docs/data-model.md § booking):
 * - booking     `BOOKING#<id>/BOOKING`, gsi1 `COUNSELOR#<counselorId>#<yyyy-MM-dd>` / `<start>#<id>`, gsi2 `CLIENT#<userId>` / `<start>#<id>`
 * - allowance   `USER#<userId>/FREECONSULT#<yyyy-MM>` (exists ⇔ that month's free consult is taken)
 * - idempotency `IDEMP#<userId>#<key>/IDEMP` (the first answer, kept 24 h through `ttl`)
 * Every change to a slot, an allowance or a voucher is conditional, and a booking is one TransactWriteItems.
 */
export interface SharedResultRef {
  resultId: string;
}

export interface BookingRecord {
  id: string;
  slotId: string;
  kind: SlotKind;
  start: string;
  end: string;
  counselorId: string;
  clientId: string;
  clientName: string;
  status: BookingStatus;
  /** Whole yuan before any voucher (0 for free consults). */
  price: number;
  amountDue: number;
  voucherId?: string;
  voucherValue?: number;
  themeDayId?: string;
  month?: string;
  shareResultId?: string;
  /** Booked inside a member's early theme-day window (the benefit used; counted by analytics from the stream). */
  early?: boolean;
  /** Paid consults with something to pay: the slot is held until then (status pending_payment). */
  holdExpiresAt?: string;
  /** The WeChat Pay order (functions/db/orders.ts) paying for it. */
  outTradeNo?: string;
  /** Whole yuan actually paid through WeChat Pay, once paid. */
  amountPaid?: number;
  paidAt?: string;
  refundedAt?: string;
  createdAt: string;
  cancelledAt?: string;
  attendanceAt?: string;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
// ---------- bookings ----------
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface BookRequest {
  booking: BookingRecord;
  /** The answer a retry with the same Idempotency-Key gets back. */
  answer: StoredAnswer;
  idempotency?: { key: string; requestHash: string };
  /** Written in the same transaction when there is something to pay (the booking is then pending_payment). */
  orderItem?: TransactItem;
  now: Date;
}

export type BookOutcome =
  | { ok: true }
  | { ok: false; reason: 'slot_not_found' | 'slot_taken' | 'slot_unavailable' | 'price_changed' | 'monthly_limit' | 'voucher' | 'result_not_found' }
  | { ok: false; reason: 'replay'; answer: StoredAnswer; sameRequest: boolean };

export const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('base64url');

/**
 * THE booking write: one TransactWriteItems that claims the slot (exists, available, offered, published — and
 * for paid slots at the quoted price), puts the booking, takes the month's free consult, stores the first answer
 * under the Idempotency-Key, redeems the voucher and checks the shared result is the client's own. Any failing
 * condition cancels all of it, so a slot, allowance or voucher is never taken twice.
 */
export async function bookSlot(req: BookRequest): Promise<BookOutcome> {
  const b = req.booking;
  const items: TransactItem[] = [];
  const at: Record<string, number> = {};
  const add = (name: string, item: TransactItem) => {
    at[name] = items.length;
    items.push(item);
  };
  add('slot', {
    Update: {
      TableName: table(),
      Key: slotKey(slotKeyId(b)),
      UpdateExpression: 'SET #s = :booked, bookingId = :b',
      ConditionExpression:
        '#s = :available AND offered = :t AND published = :t' + (b.kind === 'paid' ? ' AND price = :price' : ''),
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':booked': 'booked',
        ':available': 'available',
        ':b': b.id,
        ':t': true,
        ...(b.kind === 'paid' ? { ':price': b.price } : {}),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  });
  add('booking', { Put: { TableName: table(), Item: bookingItem(b), ConditionExpression: 'attribute_not_exists(pk)' } });
  if (b.kind === 'free') {
    add('allowance', {
      Put: {
        TableName: table(),
        Item: { ...allowanceKey(b.clientId, b.month!), type: 'freeconsult', bookingId: b.id, createdAt: b.createdAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  if (req.idempotency) {
    add('idempotency', {
      Put: {
        TableName: table(),
        Item: {
          ...idempotencyKey(b.clientId, req.idempotency.key),
          type: 'idempotency',
          requestHash: req.idempotency.requestHash,
          answer: req.answer,
          ttl: Math.floor(req.now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  }
  if (b.voucherId) add('voucher', redeemVoucherItem(b.voucherId, b.clientId, b.id, req.now));
  if (req.orderItem) add('order', req.orderItem);
  // "Has ever booked" on the client's referral item: an invite accept reads it with the rest of that item and
  // refuses it in its own condition, instead of querying the client's bookings (issue 11, item 7).
  add('bookedMark', {
    Update: {
      TableName: table(),
      Key: referralKey(b.clientId),
      UpdateExpression: 'SET #type = :referral, userId = :client, bookedAt = if_not_exists(bookedAt, :at)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':referral': 'referral', ':client': b.clientId, ':at': b.createdAt },
    },
  });
  if (b.shareResultId) {
    add('result', {
      ConditionCheck: {
        TableName: table(),
        Key: { pk: `USER#${b.clientId}`, sk: `SELFTEST#${b.shareResultId}` },
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }

  // Concurrent transactions on one slot may cancel each other (TransactionConflict) without either condition
  // failing; trying again lets exactly one of them win instead of both losing.
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons.length) throw err;
      const failed = (name: string) => at[name] !== undefined && reasons[at[name]] === 'ConditionalCheckFailed';
      if (failed('idempotency')) {
        const stored = failedItem(err, at.idempotency);
        if (stored) return { ok: false, reason: 'replay', answer: stored.answer as StoredAnswer, sameRequest: stored.requestHash === req.idempotency!.requestHash };
      }
      if (failed('slot')) {
        const slot = failedItem(err, at.slot);
        if (!slot) return { ok: false, reason: 'slot_not_found' };
        if (slot.status === 'booked') return { ok: false, reason: 'slot_taken' };
        if (b.kind === 'paid' && slot.price !== b.price) return { ok: false, reason: 'price_changed' };
        return { ok: false, reason: 'slot_unavailable' };
      }
      if (failed('allowance')) return { ok: false, reason: 'monthly_limit' };
      if (failed('voucher')) return { ok: false, reason: 'voucher' };
      if (failed('result')) return { ok: false, reason: 'result_not_found' };
      if (reasons.includes('TransactionConflict') && attempt < 8) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw err;
    }
  }
}

function bookingItem(b: BookingRecord) {
  return {
    ...bookingKey(b.id),
    type: 'booking',
    ...b,
    gsi1pk: `COUNSELOR#${b.counselorId}#${shanghaiDate(b.start)}`,
    gsi1sk: `${b.start}#${b.id}`,
    gsi2pk: `CLIENT#${b.clientId}`,
    gsi2sk: `${b.start}#${b.id}`,
  };
}

export async function getBooking(id: string): Promise<BookingRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: bookingKey(id), ConsistentRead: true }));
  return strip<BookingRecord>(out.Item);
}

export async function listClientBookings(clientId: string): Promise<BookingRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': `CLIENT#${clientId}` },
  });
  return items.map((i) => strip<BookingRecord>(i)!);
}

/** Whether this person has ever booked a consult (the referral rules treat them as an existing client). */
export async function hasAnyBooking(userId: string): Promise<boolean> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': `CLIENT#${userId}` },
      Limit: 1,
    }),
  );
  return (out.Items ?? []).length > 0;
}

export async function listCounselorDay(counselorId: string, date: string): Promise<BookingRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': `COUNSELOR#${counselorId}#${date}` },
  });
  return items.map((i) => strip<BookingRecord>(i)!);
}

export async function getAllowance(userId: string, month: string): Promise<{ bookingId: string } | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: allowanceKey(userId, month), ConsistentRead: true }));
  return strip<{ bookingId: string }>(out.Item);
}

/**
 * What giving a booking up puts back, as transaction items: the slot (only if this booking holds it), the month's
 * free consult (only this booking's) and the voucher (only this booking's redemption).
 */
export function releaseItems(b: BookingRecord): TransactItem[] {
  const items: TransactItem[] = [
    {
      Update: {
        TableName: table(),
        Key: slotKey(slotKeyId(b)),
        UpdateExpression: 'SET #s = :available REMOVE bookingId',
        ConditionExpression: '#s = :booked AND bookingId = :b',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':available': 'available', ':booked': 'booked', ':b': b.id },
      },
    },
  ];
  if (b.kind === 'free' && b.month) {
    items.push({
      Delete: {
        TableName: table(),
        Key: allowanceKey(b.clientId, b.month),
        ConditionExpression: 'bookingId = :b',
        ExpressionAttributeValues: { ':b': b.id },
      },
    });
  }
  if (b.voucherId) items.push(restoreVoucherItem(b.voucherId, b.id));
  return items;
}

/** A booking's status change from one status to another, as a transaction item (the condition is the `from`). */
export function bookingTransition(id: string, from: BookingStatus, to: BookingStatus, set: Record<string, unknown> = {}): TransactItem {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = { ':to': to, ':from': from };
  const sets = ['#s = :to'];
  Object.entries(set).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:v${i}`] = v;
    sets.push(`#f${i} = :v${i}`);
  });
  return {
    Update: {
      TableName: table(),
      Key: bookingKey(id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#s = :from',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Cancels in one transaction: the booking (still booked, the caller's), the slot back to available (only if
 * this booking holds it), the month's free consult back (only this booking's), and the voucher back.
 * False when the booking was no longer booked.
 */
export async function cancelBooking(b: BookingRecord, now: Date): Promise<boolean> {
  const items: TransactItem[] = [
    {
      Update: {
        TableName: table(),
        Key: bookingKey(b.id),
        UpdateExpression: 'SET #s = :cancelled, cancelledAt = :now',
        ConditionExpression: '#s = :booked AND clientId = :me',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':booked': 'booked', ':me': b.clientId, ':now': now.toISOString() },
      },
    },
    ...releaseItems(b),
  ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** Marks attendance on the counselor's own booking, once. False when it is not theirs or not booked any more. */
export async function markAttendance(id: string, counselorId: string, status: 'attended' | 'no_show', now: Date): Promise<BookingRecord | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: bookingKey(id),
        UpdateExpression: 'SET #s = :status, attendanceAt = :now',
        ConditionExpression: '#s = :booked AND counselorId = :me',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':status': status, ':booked': 'booked', ':me': counselorId, ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<BookingRecord>(out.Attributes);
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}

