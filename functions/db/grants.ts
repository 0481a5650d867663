import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from './client';

/**
 * WeChat one-time subscription grants, counted: `USER#<userId>/SUBGRANT#<templateId>` holds `count`, one per tap on
 * 允许 in wx.requestSubscribeMessage; each message uses one. WeChat cannot be asked how many are left, so every
 * sender (consult, gathering and check-in reminders, voucher notices, message campaigns, complaint replies) counts
 * through these functions. A small module on purpose: stream and scheduled bundles import it without any repository.
 */
export const grantKey = (userId: string, templateId: string) => ({ pk: `USER#${userId}`, sk: `SUBGRANT#${templateId}` });

/** The transaction item that uses one grant: it fails (ConditionalCheckFailed) when none is left. */
export function useGrantItem(userId: string, templateId: string) {
  return {
    Update: {
      TableName: table(),
      Key: grantKey(userId, templateId),
      UpdateExpression: 'SET #c = #c - :one',
      ConditionExpression: '#c > :zero',
      ExpressionAttributeNames: { '#c': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
    },
  };
}

/** The transaction item that adds one grant (the client tapped 允许 once = one message), creating the item if need be. */
export function addGrantItem(userId: string, templateId: string, now: Date) {
  return {
    Update: {
      TableName: table(),
      Key: grantKey(userId, templateId),
      UpdateExpression: 'ADD #c :one SET #t = :type, updatedAt = :now',
      ExpressionAttributeNames: { '#c': 'count', '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'subgrant', ':now': now.toISOString() },
    },
  };
}

/** One more grant for this template, on its own. Returns how many there are now. */
export async function addGrant(userId: string, templateId: string, now: Date): Promise<number> {
  const out = await db().send(new UpdateCommand({ ...addGrantItem(userId, templateId, now).Update, ReturnValues: 'ALL_NEW' }));
  return Number(out.Attributes?.count ?? 0);
}

/** Uses one grant on its own (outside a transaction): true when the message may be sent. */
export async function useGrant(userId: string, templateId: string): Promise<boolean> {
  try {
    await db().send(new UpdateCommand(useGrantItem(userId, templateId).Update));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
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
