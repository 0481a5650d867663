import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { InstrumentId } from '../../shared/selftest/instruments';
import type { Score } from '../../shared/selftest/scoring';
import { db, isConditionFailure, table } from './client';

/**
 * Self-test results live under their owner's partition (`USER#<id>`, `SELFTEST#<ulid>`), so every read is
 * scoped by the caller's id from the token: another user's result id simply is not found.
 */
export interface StoredResult extends Score {
  id: string;
  answers: number[];
  createdAt: string;
}

const key = (userId: string, resultId: string) => ({ pk: `USER#${userId}`, sk: `SELFTEST#${resultId}` });

export async function saveResult(userId: string, r: StoredResult): Promise<void> {
  await db().send(new PutCommand({ TableName: table(), Item: { ...key(userId, r.id), type: 'selftest', ...r } }));
}

export async function listResults(userId: string): Promise<StoredResult[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'SELFTEST#' },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map(toResult);
}

export async function getResult(userId: string, resultId: string): Promise<StoredResult | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: key(userId, resultId) }));
  return out.Item ? toResult(out.Item) : undefined;
}

/** Returns false when there was nothing to delete (unknown id, or someone else's). */
export async function deleteResult(userId: string, resultId: string): Promise<boolean> {
  try {
    await db().send(new DeleteCommand({ TableName: table(), Key: key(userId, resultId), ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function deleteAllResults(userId: string): Promise<number> {
  const results = await listResults(userId);
  for (let i = 0; i < results.length; i += 25) {
    const chunk = results.slice(i, i + 25);
    await db().send(
      new BatchWriteCommand({ RequestItems: { [table()]: chunk.map((r) => ({ DeleteRequest: { Key: key(userId, r.id) } })) } }),
    );
  }
  return results.length;
}

function toResult(item: Record<string, unknown>): StoredResult {
  return {
    id: item.id as string,
    instrument: item.instrument as InstrumentId,
    answers: item.answers as number[],
    score: item.score as number,
    band: item.band as StoredResult['band'],
    crisis: item.crisis as boolean,
    createdAt: item.createdAt as string,
  };
}
