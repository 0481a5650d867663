import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/db/client';

/**
 * A friend's referral edge written straight into the table, in the referral capability's item shape
 * (`USER#<friend>/REFERRAL`, functions/db/referral.ts): for tests of what reads it (analytics, care) that need chains
 * without running the whole invite flow.
 */
export function referralEdge(friendId: string, inviterId: string, edge: { campaignId: string; depth?: number; via?: string; qualifiedAt?: string }) {
  const fields: Record<string, unknown> = { type: 'referral', userId: friendId, inviterId, depth: edge.depth ?? 1, campaignId: edge.campaignId, via: edge.via, qualifiedAt: edge.qualifiedAt };
  const set = Object.entries(fields).filter(([, v]) => v !== undefined);
  return db().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME!,
      Key: { pk: `USER#${friendId}`, sk: 'REFERRAL' },
      UpdateExpression: `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
      ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
    }),
  );
}
