import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reminderDueAt } from '../../shared/booking/rules';
import { bookingKey, grantKey, reminderKey, strip, type TransactItem } from './booking-keys';
import type { BookingRecord } from './booking';
import { cancellationReasons, db, queryAll, table } from './client';
import { addGrantItem, useGrantItem } from './grants';

/**
 * Consult reminders (docs/data-model.md § booking):
 * - grant       `USER#<userId>/SUBGRANT#<templateId>` (count of unused one-time subscription grants)
 * - reminder    `REMINDER#<bookingId>/REMINDER`, sparse gsi1 `REMINDERS#<yyyy-MM-dd of dueAt, UTC>` / `<dueAt>#<bookingId>` while pending
 */
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
      // A paid consult on hold may be granted its reminder already; it is only sent once booked (claimReminder).
      ConditionExpression: 'clientId = :me AND #s IN (:booked, :pending)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':me': userId, ':booked': 'booked', ':pending': 'pending_payment' },
    },
  };
  const addGrant = addGrantItem(userId, templateId, now);
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
          useGrantItem(r.userId, r.templateId),
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
