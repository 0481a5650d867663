import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, isConditionFailure, table } from './client';
import { registrationKey } from './gathering';
import { addGrantItem, useGrantItem } from './grants';

/**
 * Gathering reminders (docs/data-model.md § gathering): `GREMINDER#<gatheringId>#<userId>/GREMINDER`, with a sparse
 * gsi1 `GREMINDERS#<UTC yyyy-MM-dd of dueAt>` / `<dueAt>#<gatheringId>#<userId>` while pending. A one-time WeChat
 * subscription grant (`USER#<userId>/SUBGRANT#<templateId>`, shared with the booking reminders) pays for each message.
 */
const reminderKey = (gatheringId: string, userId: string) => ({ pk: `GREMINDER#${gatheringId}#${userId}`, sk: 'GREMINDER' });
const dueIndex = (dueAt: string, gatheringId: string, userId: string) => ({ gsi1pk: `GREMINDERS#${dueAt.slice(0, 10)}`, gsi1sk: `${dueAt}#${gatheringId}#${userId}` });

export interface GatheringReminder {
  gatheringId: string;
  userId: string;
  templateId: string;
  dueAt: string;
  startsAt: string;
}

/** One grant more and a pending reminder, only for a registered seat. False when a reminder is already pending. */
export async function recordGatheringReminder(r: GatheringReminder, now: Date): Promise<'recorded' | 'pending' | 'not_registered'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: table(),
              Key: registrationKey(r.gatheringId, r.userId),
              ConditionExpression: '#s = :registered',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':registered': 'registered' },
            },
          },
          addGrantItem(r.userId, r.templateId, now),
          {
            Put: {
              TableName: table(),
              Item: { ...reminderKey(r.gatheringId, r.userId), type: 'gathering_reminder', ...r, status: 'pending', createdAt: now.toISOString(), ...dueIndex(r.dueAt, r.gatheringId, r.userId) },
              ConditionExpression: 'attribute_not_exists(pk) OR #s <> :pending',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending' },
            },
          },
        ],
      }),
    );
    return 'recorded';
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'not_registered';
    if (reasons[2] === 'ConditionalCheckFailed') return 'pending';
    throw err;
  }
}

/** Pending reminders due by `now` (today's and yesterday's UTC partitions). */
export async function listDueGatheringReminders(now: Date): Promise<GatheringReminder[]> {
  const days = [new Date(now.getTime() - 86_400_000), now].map((d) => d.toISOString().slice(0, 10));
  const out = await Promise.all(
    days.map((day) =>
      db().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
          ExpressionAttributeValues: { ':p': `GREMINDERS#${day}`, ':now': `${now.toISOString()}~` },
        }),
      ),
    ),
  );
  return out.flatMap((o) => o.Items ?? []).map((i) => ({ gatheringId: i.gatheringId, userId: i.userId, templateId: i.templateId, dueAt: i.dueAt, startsAt: i.startsAt }) as GatheringReminder);
}

/**
 * Claims a reminder before sending: pending → sent (leaving the due list), one grant used, and the seat still
 * registered — in one transaction, so at most one message per registration and never without a grant.
 */
export async function claimGatheringReminder(r: GatheringReminder, now: Date): Promise<'claimed' | 'gone' | 'no_grant' | 'not_registered'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: reminderKey(r.gatheringId, r.userId),
              UpdateExpression: 'SET #s = :sent, sentAt = :now REMOVE gsi1pk, gsi1sk',
              ConditionExpression: '#s = :pending',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':now': now.toISOString() },
            },
          },
          useGrantItem(r.userId, r.templateId),
          {
            ConditionCheck: {
              TableName: table(),
              Key: registrationKey(r.gatheringId, r.userId),
              ConditionExpression: '#s = :registered',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':registered': 'registered' },
            },
          },
        ],
      }),
    );
    return 'claimed';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'gone';
    if (reasons[1] === 'ConditionalCheckFailed') return 'no_grant';
    return 'not_registered';
  }
}

/** A reminder that will not be sent (no grant, seat given up, past the start) leaves the due list. */
export async function closeGatheringReminder(r: GatheringReminder, status: 'no_grant' | 'skipped' | 'missed' | 'failed', now: Date): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table(),
            Key: reminderKey(r.gatheringId, r.userId),
            UpdateExpression: 'SET #s = :status, closedAt = :now REMOVE gsi1pk, gsi1sk',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':status': status, ':now': now.toISOString() },
          },
        },
      ],
    }),
  );
}
