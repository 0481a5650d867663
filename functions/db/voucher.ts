import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Voucher } from '../../shared/voucher/lifecycle';
import { db, isConditionFailure, queryAll, table, type TransactItem } from './client';

/**
 * Vouchers: `VOUCHER#<id>/VOUCHER`; a client's wallet through gsi1 (`USER#<ownerId>#VOUCHERS`, createdAt).
 * Redemption and its rollback are transaction items, so they commit together with the booking or not at all.
 */
export type { TransactItem };

export const voucherKey = (id: string) => ({ pk: `VOUCHER#${id}`, sk: 'VOUCHER' });
export const walletIndexKeys = (ownerId: string, createdAt: string, id: string) => ({
  gsi1pk: `USER#${ownerId}#VOUCHERS`,
  gsi1sk: `${createdAt}#${id}`,
});

export async function getVoucher(id: string): Promise<Voucher | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: voucherKey(id) }));
  return out.Item ? toVoucher(out.Item) : undefined;
}

/**
 * Issuing is a transaction item, never a lone put: a voucher is always written together with what earned it
 * (the friend's qualification or the inviter's milestone) and the campaign budget it consumes. Ids are
 * deterministic, so `attribute_not_exists` makes a retried or racing grant fail instead of issuing twice.
 */
export function issueVoucherItem(v: Voucher): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...voucherKey(v.id), type: 'voucher', ...v, ...walletIndexKeys(v.ownerId, v.createdAt, v.id) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The owner's wallet, newest first (gsi1). */
export async function listWallet(ownerId: string): Promise<Voucher[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': walletIndexKeys(ownerId, '', '').gsi1pk },
    ScanIndexForward: false,
  });
  return items.map(toVoucher);
}

export type RevokeOutcome = { ok: true; voucher: Voucher } | { ok: false; reason: 'not_found' | 'not_revocable' };

/** An admin withdraws an unused voucher; one already redeemed by a booking stays with that booking. */
export async function revokeVoucher(id: string, by: string, now: Date, note?: string): Promise<RevokeOutcome> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: voucherKey(id),
        UpdateExpression: 'SET #s = :revoked, revokedAt = :now, revokedBy = :by, revokeNote = :note',
        ConditionExpression: 'attribute_exists(pk) AND #s = :issued',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':issued': 'issued', ':now': now.toISOString(), ':by': by, ':note': note ?? null },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { ok: true, voucher: toVoucher(out.Attributes!) };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return { ok: false, reason: (await getVoucher(id)) ? 'not_revocable' : 'not_found' };
  }
}

function toVoucher(item: Record<string, unknown>): Voucher {
  return {
    id: item.id as string,
    ownerId: item.ownerId as string,
    status: item.status as Voucher['status'],
    value: item.value as number,
    expiresAt: item.expiresAt as string,
    campaignId: item.campaignId as string,
    reason: item.reason as Voucher['reason'],
    createdAt: item.createdAt as string,
    ...(item.bookingId ? { bookingId: item.bookingId as string } : {}),
  };
}

/** issued, the caller's, and not yet expired → redeemed by this booking. Fails the whole transaction otherwise. */
export function redeemVoucherItem(voucherId: string, ownerId: string, bookingId: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: voucherKey(voucherId),
      UpdateExpression: 'SET #s = :redeemed, bookingId = :b, redeemedAt = :now',
      ConditionExpression: '#s = :issued AND ownerId = :owner AND expiresAt > :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':redeemed': 'redeemed',
        ':issued': 'issued',
        ':owner': ownerId,
        ':b': bookingId,
        ':now': now.toISOString(),
      },
    },
  };
}

/** Cancelling the booking that redeemed a voucher gives it back (only that booking's redemption). */
export function restoreVoucherItem(voucherId: string, bookingId: string): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: voucherKey(voucherId),
      UpdateExpression: 'SET #s = :issued REMOVE bookingId, redeemedAt',
      ConditionExpression: '#s = :redeemed AND bookingId = :b',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':issued': 'issued', ':redeemed': 'redeemed', ':b': bookingId },
    },
  };
}
