import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monthKey } from '../../shared/booking/rules';
import type { ConsultMode } from '../../shared/booking/schema';
import { slotId, slotKeyId, type Hours, type SlotKind, type SlotRef, type WeeklyHours } from '../../shared/booking/slots';
import { consultHoursKey, slotKey, strip, themeDayKey, transactInChunks, type TransactItem } from './booking-keys';
import { cancellationReasons, db, queryAll, table } from './client';

/**
 * Theme days, slots (free and paid) and counselors' paid hours (docs/data-model.md § booking):
 * - theme day   `THEMEDAY#<yyyy-MM-dd>/THEMEDAY`, gsi1 `THEMEDAYS#<yyyy-MM>` / `<date>` (one theme day per Shanghai date)
 * - slot        `SLOT#<kind>.<counselorId>.<startUTC>/SLOT`, gsi1 `SLOTS#<kind>#<yyyy-MM>` / `<start>#<slotKey>`,
 *               gsi2 `COUNSELOR#<counselorId>#SLOTS` / `<start>#<kind>`
 * - paid hours  `USER#<counselorId>/CONSULTHOURS`
 */
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


export interface ConsultHoursRecord {
  counselorId: string;
  price: number;
  weekly: WeeklyHours[];
  updatedAt: string;
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
/**
 * Publishing makes the day's slots bookable (the claim's condition checks `published`). Unpublishing is refused
 * while any slot is booked (the caller counts first; a booking made meanwhile fails its slot's condition here,
 * SlotBookedError), so no booking is ever left on a day clients cannot see.
 */
export async function setThemeDayPublished(date: string, published: boolean, slots: SlotRecord[]): Promise<void> {
  try {
    await publishTransaction(date, published, slots);
  } catch (err) {
    if (!published && cancellationReasons(err).some((r) => r === 'ConditionalCheckFailed')) throw new SlotBookedError([]);
    throw err;
  }
}

async function publishTransaction(date: string, published: boolean, slots: SlotRecord[]): Promise<void> {
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
          ...(published
            ? { ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':p': published } }
            : {
                // Any slot not merely `available` (booked, or held for payment) keeps the day published.
                ConditionExpression: 'attribute_exists(pk) AND #s = :available',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':p': published, ':available': 'available' },
              }),
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

const consultModeKey = (counselorId: string) => ({ pk: `USER#${counselorId}`, sk: 'CONSULTMODE' });

/** Where a counselor's consults happen (online link or address); undefined until they set it. */
export async function getConsultMode(counselorId: string): Promise<ConsultMode | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: consultModeKey(counselorId) }));
  if (!out.Item) return undefined;
  return out.Item.mode === 'online' ? { mode: 'online', link: out.Item.link as string } : { mode: 'in_person', address: out.Item.address as string };
}

export async function putConsultMode(counselorId: string, mode: ConsultMode, now: Date): Promise<void> {
  await db().send(new PutCommand({ TableName: table(), Item: { ...consultModeKey(counselorId), type: 'consultmode', ...mode, updatedAt: now.toISOString() } }));
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
