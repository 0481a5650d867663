import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { db, type TransactItem } from './client';

/** Keys and helpers shared by the booking repositories (slots.ts, booking.ts, reminders.ts, orders.ts). */
export type { TransactItem };

// ---------- keys ----------
export const themeDayKey = (date: string) => ({ pk: `THEMEDAY#${date}`, sk: 'THEMEDAY' });
export const slotKey = (keyId: string) => ({ pk: `SLOT#${keyId}`, sk: 'SLOT' });
export const bookingKey = (id: string) => ({ pk: `BOOKING#${id}`, sk: 'BOOKING' });
export const allowanceKey = (userId: string, month: string) => ({ pk: `USER#${userId}`, sk: `FREECONSULT#${month}` });
export const idempotencyKey = (userId: string, key: string) => ({ pk: `IDEMP#${userId}#${key}`, sk: 'IDEMP' });
export { grantKey } from './grants';
export const reminderKey = (bookingId: string) => ({ pk: `REMINDER#${bookingId}`, sk: 'REMINDER' });
export const consultHoursKey = (counselorId: string) => ({ pk: `USER#${counselorId}`, sk: 'CONSULTHOURS' });

// ---------- small helpers ----------
/** DynamoDB caps a transaction at 100 items. Callers check invariants first; each chunk is all-or-nothing. */
export async function transactInChunks(items: TransactItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 100) {
    await db().send(new TransactWriteCommand({ TransactItems: items.slice(i, i + 100) }));
  }
}

export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, type: _t, ttl: _ttl, ...rest } = item;
  return rest as T;
}

/** The stored item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), unmarshalled. */
export function failedItem(err: unknown, index: number): Record<string, unknown> | undefined {
  const reasons = (err as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons;
  const item = reasons?.[index]?.Item;
  return item ? unmarshall(item) : undefined;
}

