import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, table } from './client';
import { registrationKey } from './gathering';
import { addGrantItem, useGrantItem } from './grants';

/**
 * Waitlist promotion notices (docs/data-model.md § gathering):
 * - `USER#<userId>/WAITNOTICE#<gatheringId>#<promotedAt>` — the 「候补转正通知」 of one promotion, claimed once
 *   (`attribute_not_exists`) together with one of the client's one-time grants, so a replayed stream record never
 *   sends twice and nothing goes out without a grant; status sent | failed. A personal item: erased with the account.
 * Grants are the counted `USER#<userId>/SUBGRANT#<templateId>` (functions/db/grants.ts), recorded only while the
 * client is on that gathering's waitlist.
 */
export const waitNoticeKey = (userId: string, gatheringId: string, promotedAt: string) => ({ pk: `USER#${userId}`, sk: `WAITNOTICE#${gatheringId}#${promotedAt}` });

/** One more grant for the promotion notice, only while this client waits for a seat here. */
export async function recordWaitlistGrant(gatheringId: string, userId: string, templateId: string, now: Date): Promise<'recorded' | 'not_waitlisted'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: table(),
              Key: registrationKey(gatheringId, userId),
              ConditionExpression: '#s = :waitlisted',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':waitlisted': 'waitlisted' },
            },
          },
          addGrantItem(userId, templateId, now),
        ],
      }),
    );
    return 'recorded';
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return 'not_waitlisted';
    throw err;
  }
}

export interface Promotion {
  gatheringId: string;
  userId: string;
  /** The state the promotion moved the registration to. */
  status: 'registered' | 'pending_payment';
  promotedAt: string;
}

export type WaitNoticeClaim = 'claimed' | 'already' | 'no_grant' | 'gone' | 'stale';

/**
 * Claims the notice of one promotion, all or nothing:
 *   the marker (attribute_not_exists) — a replayed or retried record finds it and sends nothing;
 *   one counted grant (count > 0);
 *   the profile exists and is not erased (a deleted account is never written to);
 *   the registration still in the state this promotion gave it (cancelled or already paid since: nothing to say).
 * Claim first, send after: a crash in between loses one message rather than ever sending two.
 */
export async function claimWaitlistNotice(p: Promotion, templateId: string, now: Date): Promise<WaitNoticeClaim> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...waitNoticeKey(p.userId, p.gatheringId, p.promotedAt), type: 'waitlist_notice', gatheringId: p.gatheringId, userId: p.userId, seat: p.status, promotedAt: p.promotedAt, templateId, status: 'sent', at: now.toISOString() },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          useGrantItem(p.userId, templateId),
          {
            ConditionCheck: {
              TableName: table(),
              Key: { pk: `USER#${p.userId}`, sk: 'PROFILE' },
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
            },
          },
          {
            ConditionCheck: {
              TableName: table(),
              Key: registrationKey(p.gatheringId, p.userId),
              ConditionExpression: '#s = :status AND promotedAt = :at',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':status': p.status, ':at': p.promotedAt },
            },
          },
        ],
      }),
    );
    return 'claimed';
  } catch (err) {
    const r = cancellationReasons(err);
    if (!r.length) throw err;
    if (r[0] === 'ConditionalCheckFailed') return 'already';
    if (r[2] === 'ConditionalCheckFailed') return 'gone';
    if (r[1] === 'ConditionalCheckFailed') return 'no_grant';
    if (r[3] === 'ConditionalCheckFailed') return 'stale';
    // TransactionConflict (e.g. the client paying this very moment): the stream retries the record.
    throw err;
  }
}

/** WeChat refused the message: recorded, and the grant stays used — no retry loop on a message WeChat turned down. */
export async function markWaitlistNoticeFailed(p: Promotion, error: { errcode?: number; message: string }, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: waitNoticeKey(p.userId, p.gatheringId, p.promotedAt),
      UpdateExpression: 'SET #s = :failed, failedAt = :now, #e = :e',
      ExpressionAttributeNames: { '#s': 'status', '#e': 'error' },
      ExpressionAttributeValues: { ':failed': 'failed', ':now': now.toISOString(), ':e': error.errcode !== undefined ? `${error.errcode} ${error.message}`.slice(0, 200) : error.message.slice(0, 200) },
    }),
  );
}
