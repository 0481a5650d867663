import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PURPOSES, consentAttr, consentsOf, type Consents, type ConsentsUpdate, type Purpose } from '../../shared/care/consent';
import { cancellationReasons, db, queryAll, table } from './client';

/**
 * Consent per purpose lives on the profile (`USER#<id>/PROFILE`, attributes `consent_<purpose>` = {granted, at}),
 * so every reader that already holds the profile — the message sender's segment query, its send condition, the
 * owner's dashboard — sees a withdrawal the moment it is written; the analytics counters take it from the profile's
 * MODIFY record on the stream and count none of that client's later events (functions/analytics/stream.ts). Each change also appends a log item
 * `USER#<id>/CONSENTLOG#<at>#<purpose>` (the client's history, shown in the timeline).
 */
const profileKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' });

export async function getConsents(userId: string): Promise<Consents | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: profileKey(userId), ConsistentRead: true }));
  return out.Item ? consentsOf(out.Item) : undefined;
}

/**
 * Sets each named purpose. Idempotent: a purpose already in the asked state is left untouched (its date stays the
 * date it was given), so a double tap or a retry changes nothing. The legacy `marketingOptIn` flag follows
 * `marketing` in the same write, keeping the analytics "reachable" count true.
 */
export async function setConsents(userId: string, update: ConsentsUpdate, now: Date): Promise<{ consents: Consents; changed: Purpose[] } | undefined> {
  const changed: Purpose[] = [];
  const at = now.toISOString();
  for (const p of PURPOSES) {
    const v = update[p];
    if (v === undefined) continue;
    const current = await getConsents(userId);
    if (!current) return undefined;
    if (current[p].granted === v && current[p].at) continue;
    const mirror = p === 'marketing' ? ', marketingOptIn = :v' : '';
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: profileKey(userId),
                UpdateExpression: `SET #c = :c${mirror}`,
                // Only a real change writes: the same answer twice keeps the first date.
                ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#c) OR #c.granted <> :v)',
                ExpressionAttributeNames: { '#c': consentAttr(p) },
                ExpressionAttributeValues: { ':c': { granted: v, at }, ':v': v },
              },
            },
            {
              Put: {
                TableName: table(),
                Item: { pk: `USER#${userId}`, sk: `CONSENTLOG#${at}#${p}`, type: 'consentlog', purpose: p, granted: v, at },
              },
            },
          ],
        }),
      );
      changed.push(p);
    } catch (err) {
      if (cancellationReasons(err)[0] !== 'ConditionalCheckFailed') throw err;
    }
  }
  const consents = await getConsents(userId);
  return consents && { consents, changed };
}

export async function listConsentLog(userId: string): Promise<{ purpose: Purpose; granted: boolean; at: string }[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'CONSENTLOG#' },
  });
  return items.map((i) => ({ purpose: i.purpose as Purpose, granted: Boolean(i.granted), at: i.at as string }));
}

/**
 * The condition (and filter) "this profile consents to `purpose`", with its placeholders. Marketing also honours
 * the legacy flag on profiles written before per-purpose consent; statistics is on unless withdrawn.
 */
export function consentCondition(p: Purpose): { expr: string; names: Record<string, string>; values: Record<string, unknown> } {
  const names = { '#cp': consentAttr(p) };
  if (p === 'marketing') {
    return {
      expr: '(#cp.granted = :yes OR (attribute_not_exists(#cp) AND marketingOptIn = :yes))',
      names,
      values: { ':yes': true },
    };
  }
  if (p === 'statistics') return { expr: '(attribute_not_exists(#cp) OR #cp.granted = :yes)', names, values: { ':yes': true } };
  return { expr: '#cp.granted = :yes', names, values: { ':yes': true } };
}
