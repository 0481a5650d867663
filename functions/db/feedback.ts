import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, queryAll, table } from './client';

/**
 * CSAT answers: `CSAT#<bookingId>/CSAT`, one per booking (`attribute_not_exists`), listed under gsi1
 * `ANSWERS#csat` / `<createdAt>#<bookingId>` for the owner's dashboard. NPS answers (analytics) are listed the same
 * way under `ANSWERS#nps`. Never read by a marketer route except as aggregates.
 */
export const csatKey = (bookingId: string) => ({ pk: `CSAT#${bookingId}`, sk: 'CSAT' });

export interface CsatAnswer {
  bookingId: string;
  userId: string;
  counselorId: string;
  score: number;
  comment?: string;
  createdAt: string;
}

export async function putCsat(a: CsatAnswer): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...csatKey(a.bookingId), type: 'csat', ...a, gsi1pk: 'ANSWERS#csat', gsi1sk: `${a.createdAt}#${a.bookingId}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** The answers of a kind (`csat` or `nps`), oldest first: `{userId, score, bookingId}`. */
export async function listAnswers(kind: 'csat' | 'nps'): Promise<{ userId: string; score: number; bookingId: string; createdAt: string }[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `ANSWERS#${kind}` } });
  return items.map((i) => ({ userId: i.userId as string, score: Number(i.score), bookingId: i.bookingId as string, createdAt: i.createdAt as string }));
}

/** CSAT and NPS answers of these bookings (for the client's own list and the timeline), by booking id. */
export async function answersOfBookings(bookingIds: string[]): Promise<Map<string, { csat?: number; csatComment?: string; nps?: number }>> {
  const out = new Map<string, { csat?: number; csatComment?: string; nps?: number }>();
  const keys = bookingIds.flatMap((id) => [csatKey(id), { pk: `NPS#${id}`, sk: 'NPS' }]);
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [table()]: { Keys: keys.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const res = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[table()] ?? []) {
        const bookingId = item.bookingId as string;
        const e = out.get(bookingId) ?? {};
        if (item.sk === 'CSAT') Object.assign(e, { csat: Number(item.score), csatComment: item.comment as string | undefined });
        else e.nps = Number(item.score);
        out.set(bookingId, e);
      }
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}
