import { BatchWriteCommand, DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bookingKey, reminderKey } from './booking';
import { db, isConditionFailure, table } from './client';

/**
 * "Delete everything of mine" (docs/data-model.md § account). Removes what is personal and serves only the
 * client; anonymises what the practice must keep; leaves pseudonymous ledgers alone. Every step is idempotent,
 * so a request that failed half-way is finished by asking again.
 */

/** Items under `USER#<id>` that exist only for this person, by sort-key prefix: deleted. */
export const PERSONAL_ITEM_PREFIXES = [
  'SELFTEST#',
  'SUBGRANT#',
  'INVITEOPEN',
  'VOUCHERSEEN',
  'FREECONSULT#',
  'INVITECODE',
  'CHECKINREMIND#',
  'CHECKINSKIP#',
  // care: the consent history, the messages received and the 7-day cap
  'CONSENTLOG#',
  'MSGSEND#',
  'MSGCAP',
  // gathering: quiz scores (the player's own), waitlist promotion notices
  'QUIZ#',
  'WAITNOTICE#',
  // membership: the points balance, its ledger and course entitlements (budgets stay, as counts)
  'POINTS',
  'PTS#',
  'ENTITLE#',
  // course: which lessons the client marked as read, and which courses they opened through a benefit
  'COURSE#',
  'COURSEOPEN#',
] as const;

/** Deletes the client's personal items (self-test results with their answers included); returns how many by prefix. */
export async function deletePersonalItems(userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let start: Record<string, unknown> | undefined;
  const keys: { pk: string; sk: string }[] = [];
  const inviteCodes: string[] = [];
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `USER#${userId}` },
        ProjectionExpression: 'pk, sk, code',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const sk = item.sk as string;
      const prefix = PERSONAL_ITEM_PREFIXES.find((p) => sk.startsWith(p));
      if (!prefix) continue;
      keys.push({ pk: item.pk as string, sk });
      counts[prefix] = (counts[prefix] ?? 0) + 1;
      if (prefix === 'INVITECODE' && item.code) inviteCodes.push(item.code as string);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  // The public invite page of their code goes too (friends already brought in keep their pseudonymous edge).
  keys.push(...inviteCodes.map((code) => ({ pk: `INVITE#${code}`, sk: 'INVITE' })));
  await batchDelete(keys);
  return counts;
}

async function batchDelete(keys: { pk: string; sk: string }[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [table()]: pending as never } }));
      pending = out.UnprocessedItems?.[table()] as Record<string, unknown>[] | undefined;
    }
    if (pending?.length) throw new Error('delete: DynamoDB left items unprocessed');
  }
}

export const ERASED_CLIENT_NAME = '已注销来访者';

/**
 * A past booking stays in the practice's records (what took place, when, with whom, paid how much), without the
 * client's name or the self-test they shared; its NPS answer and reminder, which carry the client's id, go.
 */
export async function anonymiseBooking(bookingId: string, userId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: bookingKey(bookingId),
      UpdateExpression: 'SET clientName = :erased, erasedAt = :now REMOVE shareResultId',
      ConditionExpression: 'clientId = :me',
      ExpressionAttributeValues: { ':erased': ERASED_CLIENT_NAME, ':now': new Date().toISOString(), ':me': userId },
    }),
  );
  await batchDelete([{ pk: `NPS#${bookingId}`, sk: 'NPS' }, { pk: `CSAT#${bookingId}`, sk: 'CSAT' }, reminderKey(bookingId)]);
}

export const ERASED_COMPLAINT_TEXT = '（来访者已删除自己的数据）';

/**
 * A complaint stays as the practice's record of how it was handled (category, times, outcome: the SLA figures),
 * without the client's name or words: their text and their own replies go; staff replies stay.
 */
export async function anonymiseComplaint(c: { id: string; replies: { by: string }[] }, userId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `COMPLAINT#${c.id}`, sk: 'COMPLAINT' },
      UpdateExpression: 'SET clientName = :erased, #t = :text, replies = :replies, erasedAt = :now',
      ConditionExpression: 'clientId = :me',
      ExpressionAttributeNames: { '#t': 'text' },
      ExpressionAttributeValues: {
        ':erased': ERASED_CLIENT_NAME,
        ':text': ERASED_COMPLAINT_TEXT,
        ':replies': c.replies.filter((r) => r.by !== 'client'),
        ':now': new Date().toISOString(),
        ':me': userId,
      },
    }),
  );
}

/** A gathering registration stays for the seat count and attendance figures, without the client's name. */
export async function anonymiseRegistration(gatheringId: string, userId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `GATHERING#${gatheringId}`, sk: `REG#${userId}` },
      UpdateExpression: 'SET userName = :erased, erasedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':erased': ERASED_CLIENT_NAME, ':now': new Date().toISOString() },
    }),
  );
}

/** Removes a sign-in identity of this user, so signing in again starts a new, empty account. */
export async function deleteLoginIdentity(identity: string, userId: string): Promise<boolean> {
  try {
    await db().send(
      new DeleteCommand({ TableName: table(), Key: { pk: `LOGIN#${identity}`, sk: 'LOGIN' }, ConditionExpression: 'userId = :me', ExpressionAttributeValues: { ':me': userId } }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** The profile stays as a pseudonymous id (bookings, vouchers and referral edges point at it), emptied. */
export async function anonymiseProfile(userId: string, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `USER#${userId}`, sk: 'PROFILE' },
      UpdateExpression: 'SET #n = :name, marketingOptIn = :no, deletedAt = :now REMOVE deviceId, attribution',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':name': '已注销用户', ':no': false, ':now': now.toISOString() },
    }),
  );
}
