import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { BookingStatus } from '../../shared/booking/rules';
import { monthKey, reminderDueAt } from '../../shared/booking/rules';
import { shanghaiDate, slotId, slotKeyId, type Hours, type SlotKind, type SlotRef, type WeeklyHours } from '../../shared/booking/slots';
import { referralKey } from './referral';
import { cancellationReasons, db, queryAll, table } from './client';
import { redeemVoucherItem, restoreVoucherItem } from './voucher';

/**
 * Consult booking, one repository (docs/data-model.md § booking):
 * - theme day   `THEMEDAY#<yyyy-MM-dd>/THEMEDAY`, gsi1 `THEMEDAYS#<yyyy-MM>` / `<date>` (one theme day per Shanghai date)
 * - slot        `SLOT#<kind>.<counselorId>.<startUTC>/SLOT`, gsi1 `SLOTS#<kind>#<yyyy-MM>` / `<start>#<slotKey>`,
 *               gsi2 `COUNSELOR#<counselorId>#SLOTS` / `<start>#<kind>`
 * - booking     `BOOKING#<id>/BOOKING`, gsi1 `COUNSELOR#<counselorId>#<yyyy-MM-dd>` / `<start>#<id>`, gsi2 `CLIENT#<userId>` / `<start>#<id>`
 * - allowance   `USER#<userId>/FREECONSULT#<yyyy-MM>` (exists ⇔ that month's free consult is taken)
 * - idempotency `IDEMP#<userId>#<key>/IDEMP` (the first answer, kept 24 h through `ttl`)
 * - grant       `USER#<userId>/SUBGRANT#<templateId>` (count of unused one-time subscription grants)
 * - reminder    `REMINDER#<bookingId>/REMINDER`, sparse gsi1 `REMINDERS#<yyyy-MM-dd of dueAt, UTC>` / `<dueAt>#<bookingId>` while pending
 * - paid hours  `USER#<counselorId>/CONSULTHOURS`
 * Every change to a slot, an allowance or a grant is conditional, and a booking is one TransactWriteItems.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface ThemeDayRecord {
  id: string;
  date: string;
  theme: string;
  description: string;
  counselorIds: string[];
  hours: Hours;
  published: boolean;
  updatedAt: string;
}

export interface SlotRecord extends SlotRef {
  /** The id clients book with (for paid slots it carries the quoted price). */
  id: string;
  status: 'available' | 'booked';
  /** The counselor offers it (theme-day availability); paid slots are always offered. */
  offered: boolean;
  /** Its theme day is published (paid slots: always). */
  published: boolean;
  themeDayId?: string;
  bookingId?: string;
}

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
  createdAt: string;
  cancelledAt?: string;
  attendanceAt?: string;
}

export interface ConsultHoursRecord {
  counselorId: string;
  price: number;
  weekly: WeeklyHours[];
  updatedAt: string;
}

// ---------- keys ----------
export const themeDayKey = (date: string) => ({ pk: `THEMEDAY#${date}`, sk: 'THEMEDAY' });
export const slotKey = (keyId: string) => ({ pk: `SLOT#${keyId}`, sk: 'SLOT' });
export const bookingKey = (id: string) => ({ pk: `BOOKING#${id}`, sk: 'BOOKING' });
export const allowanceKey = (userId: string, month: string) => ({ pk: `USER#${userId}`, sk: `FREECONSULT#${month}` });
export const idempotencyKey = (userId: string, key: string) => ({ pk: `IDEMP#${userId}#${key}`, sk: 'IDEMP' });
export const grantKey = (userId: string, templateId: string) => ({ pk: `USER#${userId}`, sk: `SUBGRANT#${templateId}` });
export const reminderKey = (bookingId: string) => ({ pk: `REMINDER#${bookingId}`, sk: 'REMINDER' });
const consultHoursKey = (counselorId: string) => ({ pk: `USER#${counselorId}`, sk: 'CONSULTHOURS' });

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

// ---------- small helpers ----------
/** DynamoDB caps a transaction at 100 items. Callers check invariants first; each chunk is all-or-nothing. */
async function transactInChunks(items: TransactItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 100) {
    await db().send(new TransactWriteCommand({ TransactItems: items.slice(i, i + 100) }));
  }
}

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, type: _t, ttl: _ttl, ...rest } = item;
  return rest as T;
}

/** The stored item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), unmarshalled. */
function failedItem(err: unknown, index: number): Record<string, unknown> | undefined {
  const reasons = (err as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons;
  const item = reasons?.[index]?.Item;
  return item ? unmarshall(item) : undefined;
}

// ---------- theme days ----------
export async function getThemeDay(date: string): Promise<ThemeDayRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: themeDayKey(date) }));
  return strip<ThemeDayRecord>(out.Item);
}

export async function listThemeDays(month: string): Promise<ThemeDayRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': `THEMEDAYS#${month}` },
  });
  return items.map((i) => strip<ThemeDayRecord>(i)!);
}

function themeDayItem(td: ThemeDayRecord) {
  return { ...themeDayKey(td.date), type: 'themeday', ...td, gsi1pk: `THEMEDAYS#${td.date.slice(0, 7)}`, gsi1sk: td.date };
}

function slotItem(s: SlotRecord) {
  return {
    ...slotKey(slotKeyId(s)),
    type: 'slot',
    ...s,
    gsi1pk: `SLOTS#${s.kind}#${monthKey(s.start)}`,
    gsi1sk: `${s.start}#${slotKeyId(s)}`,
    gsi2pk: `COUNSELOR#${s.counselorId}#SLOTS`,
    gsi2sk: `${s.start}#${s.kind}`,
  };
}

const putNewSlot = (s: SlotRecord): TransactItem => ({
  Put: { TableName: table(), Item: slotItem(s), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** An unbooked slot goes away; a booked one makes the whole change fail. */
const deleteFreeSlot = (keyId: string): TransactItem => ({
  Delete: {
    TableName: table(),
    Key: slotKey(keyId),
    ConditionExpression: '#s = :available',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':available': 'available' },
  },
});

export class SlotBookedError extends Error {
  constructor(readonly slotIds: string[]) {
    super('booked slots cannot be removed');
  }
}

/** Creates a draft theme day with every counselor's slots (offered, unpublished). False when the date has one. */
export async function createThemeDay(td: ThemeDayRecord, slots: SlotRecord[]): Promise<boolean> {
  try {
    await transactInChunks([
      { Put: { TableName: table(), Item: themeDayItem(td), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...slots.map(putNewSlot),
    ]);
    return true;
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** Listing of a day's free slots of every counselor (any state). */
export async function listFreeSlotsOfDay(date: string, from: string, to: string): Promise<SlotRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
    ExpressionAttributeValues: { ':p': `SLOTS#free#${date.slice(0, 7)}`, ':a': from, ':b': `${to}` },
  });
  return items.map((i) => strip<SlotRecord>(i)!).filter((s) => s.themeDayId === date);
}

export async function listFreeSlotsOfMonth(month: string): Promise<SlotRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': `SLOTS#free#${month}` },
  });
  return items.map((i) => strip<SlotRecord>(i)!);
}

/**
 * Replaces a theme day's details and reconciles its slots with the new counselors/hours: new slots are added,
 * slots no longer wanted are removed — unless booked, in which case nothing changes (SlotBookedError).
 */
export async function updateThemeDay(td: ThemeDayRecord, existing: SlotRecord[], wanted: SlotRecord[]): Promise<void> {
  const wantedKeys = new Set(wanted.map((s) => slotKeyId(s)));
  const existingKeys = new Set(existing.map((s) => slotKeyId(s)));
  const removed = existing.filter((s) => !wantedKeys.has(slotKeyId(s)));
  const booked = removed.filter((s) => s.status === 'booked');
  if (booked.length) throw new SlotBookedError(booked.map((s) => s.id));
  const added = wanted.filter((s) => !existingKeys.has(slotKeyId(s))).map((s) => ({ ...s, published: td.published }));
  try {
    await transactInChunks([
      { Put: { TableName: table(), Item: themeDayItem(td), ConditionExpression: 'attribute_exists(pk)' } },
      ...removed.map((s) => deleteFreeSlot(slotKeyId(s))),
      ...added.map(putNewSlot),
    ]);
  } catch (err) {
    // A slot got booked between the read and the write: the condition kept it.
    if (cancellationReasons(err).some((r) => r === 'ConditionalCheckFailed')) throw new SlotBookedError([]);
    throw err;
  }
}

/** Publishing makes the day's slots bookable (the claim's condition checks `published`). */
export async function setThemeDayPublished(date: string, published: boolean, slots: SlotRecord[]): Promise<void> {
  await transactInChunks([
    {
      Update: {
        TableName: table(),
        Key: themeDayKey(date),
        UpdateExpression: 'SET published = :p, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':p': published, ':now': new Date().toISOString() },
      },
    },
    ...slots.map(
      (s): TransactItem => ({
        Update: {
          TableName: table(),
          Key: slotKey(slotKeyId(s)),
          UpdateExpression: 'SET published = :p',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':p': published },
        },
      }),
    ),
  ]);
}

/** A counselor's slots of one kind between two instants (their own schedule). */
export async function listCounselorSlots(counselorId: string, kind: SlotKind, from: string, to: string): Promise<SlotRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :a AND :b',
    ExpressionAttributeValues: { ':p': `COUNSELOR#${counselorId}#SLOTS`, ':a': from, ':b': `${to}` },
  });
  return items
    .map((i) => strip<SlotRecord>(i)!)
    .filter((s) => s.kind === kind && s.start < to);
}

/** Sets which of a counselor's theme-day slots are offered; withdrawing a booked one fails the whole change. */
export async function setOffered(changes: { slot: SlotRecord; offered: boolean }[]): Promise<void> {
  if (!changes.length) return;
  try {
    await transactInChunks(
      changes.map(({ slot, offered }): TransactItem => ({
        Update: {
          TableName: table(),
          Key: slotKey(slotKeyId(slot)),
          UpdateExpression: 'SET offered = :o',
          ConditionExpression: offered ? 'attribute_exists(pk)' : '#s = :available',
          ...(offered ? {} : { ExpressionAttributeNames: { '#s': 'status' } }),
          ExpressionAttributeValues: offered ? { ':o': true } : { ':o': false, ':available': 'available' },
        },
      })),
    );
  } catch (err) {
    if (cancellationReasons(err).some((r) => r === 'ConditionalCheckFailed')) throw new SlotBookedError([]);
    throw err;
  }
}

// ---------- paid slots ----------
export async function listPaidSlots(from: string, to: string, months: string[]): Promise<SlotRecord[]> {
  const all = await Promise.all(
    months.map((m) =>
      queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': `SLOTS#paid#${m}`, ':a': from, ':b': to },
      }),
    ),
  );
  return all
    .flat()
    .map((i) => strip<SlotRecord>(i)!)
    .filter((s) => s.start >= from && s.start < to);
}

export async function getConsultHours(counselorId: string): Promise<ConsultHoursRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: consultHoursKey(counselorId) }));
  return strip<ConsultHoursRecord>(out.Item);
}

/**
 * Saves a counselor's weekly paid hours and reconciles their future paid slots: unbooked slots that are no longer
 * wanted go, unbooked ones at a new price are re-quoted (a new id, so nobody books at a price they did not see),
 * new ones are added; booked slots are never touched.
 */
export async function saveConsultHours(hours: ConsultHoursRecord, existing: SlotRecord[], wanted: SlotRecord[]): Promise<void> {
  await db().send(new PutCommand({ TableName: table(), Item: { ...consultHoursKey(hours.counselorId), type: 'consulthours', ...hours } }));
  const wantedByKey = new Map(wanted.map((s) => [slotKeyId(s), s]));
  const existingKeys = new Set(existing.map((s) => slotKeyId(s)));
  const items: TransactItem[] = [];
  for (const s of existing) {
    if (s.status === 'booked') continue;
    const w = wantedByKey.get(slotKeyId(s));
    if (!w) items.push(deleteFreeSlot(slotKeyId(s)));
    else if (w.price !== s.price) {
      items.push({
        Update: {
          TableName: table(),
          Key: slotKey(slotKeyId(s)),
          UpdateExpression: 'SET price = :price, id = :id',
          ConditionExpression: '#s = :available',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':price': w.price, ':id': slotId(w), ':available': 'available' },
        },
      });
    }
  }
  for (const w of wanted) if (!existingKeys.has(slotKeyId(w))) items.push(putNewSlot(w));
  // Each slot changes on its own condition; a slot booked meanwhile simply keeps its booking.
  for (let i = 0; i < items.length; i += 25) {
    await Promise.all(
      items.slice(i, i + 25).map((it) =>
        db()
          .send(new TransactWriteCommand({ TransactItems: [it] }))
          .catch((err) => {
            if (cancellationReasons(err)[0] !== 'ConditionalCheckFailed') throw err;
          }),
      ),
    );
  }
}

/** Seeding and tests: puts slots that do not exist yet (existing ones, booked or not, are left alone). */
export async function putSlotsIfAbsent(slots: SlotRecord[]): Promise<void> {
  await Promise.all(
    slots.map((s) =>
      db()
        .send(new PutCommand({ TableName: table(), Item: slotItem(s), ConditionExpression: 'attribute_not_exists(pk)' }))
        .catch((err) => {
          if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
        }),
    ),
  );
}

export async function getSlot(keyId: string): Promise<SlotRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: slotKey(keyId), ConsistentRead: true }));
  return strip<SlotRecord>(out.Item);
}

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

// ---------- reminders ----------
export interface ReminderRecord {
  bookingId: string;
  userId: string;
  templateId: string;
  start: string;
  dueAt: string;
  status: 'pending' | 'sent' | 'no_grant' | 'skipped' | 'missed' | 'failed';
  sentAt?: string;
}

export async function getGrantCount(userId: string, templateId: string): Promise<number> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: grantKey(userId, templateId), ConsistentRead: true }));
  return Number(out.Item?.count ?? 0);
}

export async function getReminder(bookingId: string): Promise<ReminderRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: reminderKey(bookingId), ConsistentRead: true }));
  return strip<ReminderRecord>(out.Item);
}

/**
 * Records one one-time grant the client gave for this template (one grant = one message) and, the first time,
 * queues the booking's reminder. The booking must be the caller's and still booked. False otherwise.
 */
export async function recordGrant(b: BookingRecord, userId: string, templateId: string, now: Date): Promise<boolean> {
  const checkBooking: TransactItem = {
    ConditionCheck: {
      TableName: table(),
      Key: bookingKey(b.id),
      ConditionExpression: 'clientId = :me AND #s = :booked',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':me': userId, ':booked': 'booked' },
    },
  };
  const addGrant: TransactItem = {
    Update: {
      TableName: table(),
      Key: grantKey(userId, templateId),
      UpdateExpression: 'ADD #c :one SET #t = :type, updatedAt = :now',
      ExpressionAttributeNames: { '#c': 'count', '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'subgrant', ':now': now.toISOString() },
    },
  };
  const dueAt = reminderDueAt(b.start);
  const reminder: ReminderRecord = { bookingId: b.id, userId, templateId, start: b.start, dueAt, status: 'pending' };
  const queue: TransactItem = {
    Put: {
      TableName: table(),
      Item: { ...reminderKey(b.id), type: 'reminder', ...reminder, gsi1pk: `REMINDERS#${dueAt.slice(0, 10)}`, gsi1sk: `${dueAt}#${b.id}` },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [checkBooking, addGrant, queue] }));
    return true;
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return false;
    if (reasons[2] !== 'ConditionalCheckFailed') throw err;
  }
  // The reminder is already queued: this grant still counts for a later message.
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [checkBooking, addGrant] }));
    return true;
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** Pending reminders due by `now` (the index is sparse: only pending reminders carry gsi1 keys). */
export async function listDueReminders(now: Date): Promise<ReminderRecord[]> {
  const nowIso = now.toISOString();
  const days = [new Date(now.getTime() - 86_400_000), now].map((d) => d.toISOString().slice(0, 10));
  const all = await Promise.all(
    days.map((day) =>
      queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':p': `REMINDERS#${day}`, ':now': `${nowIso}#~` },
      }),
    ),
  );
  return all.flat().map((i) => strip<ReminderRecord>(i)!);
}

const closeReminder = (bookingId: string, status: ReminderRecord['status'], now: Date): TransactItem => ({
  Update: {
    TableName: table(),
    Key: reminderKey(bookingId),
    UpdateExpression: 'SET #s = :status, closedAt = :now REMOVE gsi1pk, gsi1sk',
    ConditionExpression: '#s = :pending',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':status': status, ':pending': 'pending', ':now': now.toISOString() },
  },
});

export async function setReminderStatus(bookingId: string, status: ReminderRecord['status'], now: Date): Promise<void> {
  await db()
    .send(new TransactWriteCommand({ TransactItems: [closeReminder(bookingId, status, now)] }))
    .catch((err) => {
      if (cancellationReasons(err)[0] !== 'ConditionalCheckFailed') throw err;
    });
}

/**
 * Claims a reminder for sending: pending → sent, one grant used (count > 0), booking still booked — together.
 * Claim first, send after: a crash in between loses one message rather than ever sending two.
 */
export async function claimReminder(r: ReminderRecord, now: Date): Promise<'claimed' | 'gone' | 'no_grant' | 'not_booked'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          closeReminder(r.bookingId, 'sent', now),
          {
            Update: {
              TableName: table(),
              Key: grantKey(r.userId, r.templateId),
              UpdateExpression: 'SET #c = #c - :one',
              ConditionExpression: '#c > :zero',
              ExpressionAttributeNames: { '#c': 'count' },
              ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
            },
          },
          {
            ConditionCheck: {
              TableName: table(),
              Key: bookingKey(r.bookingId),
              ConditionExpression: '#s = :booked',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':booked': 'booked' },
            },
          },
        ],
      }),
    );
    return 'claimed';
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'gone';
    if (reasons[1] === 'ConditionalCheckFailed') return 'no_grant';
    if (reasons[2] === 'ConditionalCheckFailed') return 'not_booked';
    throw err;
  }
}

/** A message that could not be delivered gives its grant back (WeChat did not use it). */
export async function returnGrant(userId: string, templateId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: grantKey(userId, templateId),
      UpdateExpression: 'ADD #c :one',
      ExpressionAttributeNames: { '#c': 'count' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

export async function markReminderFailed(bookingId: string, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: reminderKey(bookingId),
      UpdateExpression: 'SET #s = :failed, failedAt = :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':now': now.toISOString() },
    }),
  );
}
