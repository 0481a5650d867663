import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, db, table } from './client';
import { useGrantItem } from './grants';

/**
 * Voucher notices (docs/data-model.md § voucher notices):
 * - notice      `NOTICE#VOUCHER#<voucherId>/NOTICE` — the subscription message about one voucher, claimed once
 *               (`attribute_not_exists`) together with one of the owner's one-time grants, so a retried or
 *               replayed grant never sends a second message and a message never goes out without a grant
 * - wallet seen `USER#<userId>/VOUCHERSEEN` — seenAt: when the owner last opened their wallet (the 我的 badge
 *               counts vouchers issued after it)
 * Grants are the booking capability's `USER#<userId>/SUBGRANT#<templateId>` counters (one grant = one message).
 */
const noticeKey = (voucherId: string) => ({ pk: `NOTICE#VOUCHER#${voucherId}`, sk: 'NOTICE' });
const seenKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'VOUCHERSEEN' });

export type NoticeClaim = 'claimed' | 'already' | 'no_grant';

/** Claims the notice of one voucher and uses one grant — both or neither. Claim first, send after. */
export async function claimVoucherNotice(voucherId: string, userId: string, templateId: string, now: Date): Promise<NoticeClaim> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...noticeKey(voucherId), type: 'notice', userId, templateId, status: 'sent', at: now.toISOString() },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          useGrantItem(userId, templateId),
        ],
      }),
    );
    return 'claimed';
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'already';
    if (reasons[1] === 'ConditionalCheckFailed') return 'no_grant';
    throw err;
  }
}

export async function markNoticeFailed(voucherId: string, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: noticeKey(voucherId),
      UpdateExpression: 'SET #s = :failed, failedAt = :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':now': now.toISOString() },
    }),
  );
}

export async function getWalletSeenAt(userId: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: seenKey(userId) }));
  return out.Item?.seenAt as string | undefined;
}

export async function setWalletSeenAt(userId: string, now: Date): Promise<void> {
  await db().send(new PutCommand({ TableName: table(), Item: { ...seenKey(userId), type: 'voucherseen', seenAt: now.toISOString() } }));
}

