import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageCampaignInput, Segment, SkipReason } from '../../shared/care/message';
import { FREQUENCY_CAP_DAYS } from '../../shared/care/message';
import { addCounters, cancellationReasons, db, isConditionFailure, queryAll, table } from './client';
import { useGrantItem } from './grants';
import { consentCondition } from './consent';
import type { TransactItem } from './voucher';

/**
 * Message campaigns (docs/data-model.md, "care"):
 * - campaign `MSGCAMPAIGN#<id>/MSGCAMPAIGN` (gsi1 `MSGCAMPAIGNS` / `<createdAt>#<id>`; gsi2 `MSGCAMPAIGNS#active` / id
 *   while queued or sending), with the run's cursor;
 * - counters `MSGCAMPAIGN#<id>/STATS` (ADD only, in the same transaction as the per-client decision);
 * - per client and campaign `USER#<userId>/MSGSEND#<campaignId>` — the exactly-once marker and the client's record;
 * - per client `USER#<userId>/MSGCAP` — lastSentAt of the last campaign message: the frequency cap.
 * Sends use the booking capability's counted one-time grants `USER#<id>/SUBGRANT#<templateId>`.
 */
export interface MessageCampaign extends MessageCampaignInput {
  id: string;
  createdBy: string;
  createdAt: string;
  status: 'queued' | 'sending' | 'done';
  /** Where the run stopped (the segment query's LastEvaluatedKey), to resume after quiet hours or a timeout. */
  cursor?: Record<string, unknown>;
  doneAt?: string;
}

export const campaignKey = (id: string) => ({ pk: `MSGCAMPAIGN#${id}`, sk: 'MSGCAMPAIGN' });
const statsKey = (id: string) => ({ pk: `MSGCAMPAIGN#${id}`, sk: 'STATS' });
const sendKey = (userId: string, campaignId: string) => ({ pk: `USER#${userId}`, sk: `MSGSEND#${campaignId}` });
const capKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'MSGCAP' });
const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });

export async function createMessageCampaign(c: MessageCampaign): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...campaignKey(c.id), type: 'msgcampaign', ...c, gsi1pk: 'MSGCAMPAIGNS', gsi1sk: `${c.createdAt}#${c.id}`, gsi2pk: 'MSGCAMPAIGNS#active', gsi2sk: c.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getMessageCampaign(id: string): Promise<MessageCampaign | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: campaignKey(id), ConsistentRead: true }));
  return out.Item ? toCampaign(out.Item) : undefined;
}

export async function listMessageCampaigns(): Promise<MessageCampaign[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'MSGCAMPAIGNS' }, ScanIndexForward: false }, 200);
  return items.map(toCampaign);
}

export async function listActiveCampaignIds(): Promise<string[]> {
  const items = await queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'MSGCAMPAIGNS#active' } });
  return items.map((i) => i.id as string);
}

export async function saveRunState(id: string, state: { status: 'sending' | 'done'; cursor?: Record<string, unknown>; at: string }): Promise<void> {
  const done = state.status === 'done';
  // A concurrent run that already finished the campaign has nothing left for this one to record.
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: campaignKey(id),
      UpdateExpression: done ? 'SET #s = :s, doneAt = :at REMOVE runCursor, gsi2pk, gsi2sk' : state.cursor ? 'SET #s = :s, runCursor = :c' : 'SET #s = :s REMOVE runCursor',
      ConditionExpression: '#s <> :done',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': state.status, ':done': 'done', ...(done ? { ':at': state.at } : {}), ...(state.cursor && !done ? { ':c': state.cursor } : {}) },
    }),
  ).catch((err) => {
    if (!isConditionFailure(err)) throw err;
  });
}

export async function getCampaignStats(id: string): Promise<Record<string, number>> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: statsKey(id), ConsistentRead: true }));
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(out.Item ?? {})) if (typeof v === 'number') stats[k] = v;
  return stats;
}

/** A client as the segment query returns them (the profile item from gsi1 `ROLE#client`). */
export interface Candidate {
  id: string;
  openid: string;
  crisisPauseUntil?: string;
}

/**
 * One page of the segment: the client profiles on gsi1 `ROLE#client`, filtered by consent, level and source.
 * Every client is read once (as its profile item), never the whole table.
 */
export async function segmentPage(
  segment: Segment,
  cursor: Record<string, unknown> | undefined,
  pageSize = 500,
): Promise<{ candidates: Candidate[]; cursor?: Record<string, unknown>; read: number }> {
  const consent = consentCondition(segment.purpose);
  const filters = [consent.expr];
  const names: Record<string, string> = { ...consent.names, '#pid': 'id', '#dev': 'deviceId', '#cpu': 'crisisPauseUntil' };
  const values: Record<string, unknown> = { ':p': 'ROLE#client', ...consent.values };
  if (segment.levels?.length) {
    names['#lvl'] = 'level';
    const keys = segment.levels.map((l, i) => ((values[`:l${i}`] = l), `:l${i}`));
    filters.push(`(#lvl IN (${keys.join(', ')})${segment.levels.includes('chushi') ? ' OR attribute_not_exists(#lvl)' : ''})`);
  }
  if (segment.sources?.length) {
    names['#attr'] = 'attribution';
    names['#ch'] = 'channel';
    const named = segment.sources.filter((s) => s !== 'none');
    const parts: string[] = [];
    if (named.length) parts.push(`#attr.#ch IN (${named.map((s, i) => ((values[`:s${i}`] = s), `:s${i}`)).join(', ')})`);
    if (segment.sources.includes('none')) parts.push('attribute_not_exists(#attr.#ch)');
    filters.push(`(${parts.join(' OR ')})`);
  }
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      FilterExpression: filters.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ProjectionExpression: '#pid, #dev, #cpu',
      ExclusiveStartKey: cursor,
      Limit: pageSize,
    }),
  );
  return {
    candidates: (out.Items ?? []).map((i) => ({ id: i.id as string, openid: (i.deviceId as string) ?? '', crisisPauseUntil: i.crisisPauseUntil as string | undefined })),
    cursor: out.LastEvaluatedKey,
    read: out.ScannedCount ?? 0,
  };
}

/** Each candidate's tier histogram cell (`<sessions>:<spendBucket>`) from the analytics state; absent = no paid sessions. */
export async function tierCells(userIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }> | undefined = {
      [table()]: { Keys: userIds.slice(i, i + 100).map((id) => ({ pk: `USER#${id}`, sk: 'ASTATE' })), ProjectionExpression: 'pk, #c', ExpressionAttributeNames: { '#c': 'cell' } },
    };
    while (request && Object.keys(request).length) {
      const res = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[table()] ?? []) if (item.cell) out.set((item.pk as string).slice(5), item.cell as string);
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}

const stat = (campaignId: string, adds: Record<string, number>) => addCounters(statsKey(campaignId), adds);

const marker = (campaignId: string, userId: string, status: 'sent' | 'skipped', at: string, reason?: SkipReason): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { ...sendKey(userId, campaignId), type: 'msgsend', campaignId, userId, status, reason, at },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export type ClaimOutcome = 'claimed' | 'already' | Exclude<SkipReason, 'send_failed' | 'crisis_pause'> | 'crisis_pause';

/**
 * Claims the right to send one campaign message to one client, all or nothing:
 *   the exactly-once marker (attribute_not_exists) — a retried run finds it and does nothing;
 *   the frequency cap (lastSentAt older than 7 days) — two campaigns racing for the same client cannot both win;
 *   one counted grant (count > 0);
 *   the profile still consents to the purpose and is not in a crisis pause (checked now, not when selected);
 *   the campaign's counters (targeted, sent).
 * Claim first, send after: a crash in between loses a message rather than ever sending two.
 */
export async function claimSend(c: MessageCampaign, userId: string, now: Date): Promise<ClaimOutcome> {
  const at = now.toISOString();
  const consent = consentCondition(c.segment.purpose);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          marker(c.id, userId, 'sent', at),
          {
            Update: {
              TableName: table(),
              Key: capKey(userId),
              UpdateExpression: 'SET lastSentAt = :now, lastCampaignId = :c, #t = :type',
              ConditionExpression: 'attribute_not_exists(lastSentAt) OR lastSentAt <= :weekAgo',
              ExpressionAttributeNames: { '#t': 'type' },
              ExpressionAttributeValues: { ':now': at, ':c': c.id, ':type': 'msgcap', ':weekAgo': new Date(now.getTime() - FREQUENCY_CAP_DAYS * 86_400_000).toISOString() },
            },
          },
          useGrantItem(userId, c.templateId),
          {
            ConditionCheck: {
              TableName: table(),
              Key: profileKey(userId),
              ConditionExpression: `${consent.expr} AND (attribute_not_exists(crisisPauseUntil) OR crisisPauseUntil <= :now)`,
              ExpressionAttributeNames: consent.names,
              ExpressionAttributeValues: { ...consent.values, ':now': at },
            },
          },
          stat(c.id, { targeted: 1, sent: 1 }),
        ],
      }),
    );
    return 'claimed';
  } catch (err) {
    const r = cancellationReasons(err);
    if (!r.length) throw err;
    if (r[0] === 'ConditionalCheckFailed') return 'already';
    if (r[3] === 'ConditionalCheckFailed') {
      const p = await db().send(new GetCommand({ TableName: table(), Key: profileKey(userId), ConsistentRead: true }));
      const until = p.Item?.crisisPauseUntil as string | undefined;
      return until && until > at ? 'crisis_pause' : 'consent_withdrawn';
    }
    if (r[1] === 'ConditionalCheckFailed') return 'frequency_cap';
    if (r[2] === 'ConditionalCheckFailed') return 'no_grant';
    throw err;
  }
}

/** Records a client the campaign reached but did not message, once (a retry finds the marker). */
export async function recordSkip(campaignId: string, userId: string, reason: SkipReason, now: Date): Promise<boolean> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [marker(campaignId, userId, 'skipped', now.toISOString(), reason), stat(campaignId, { targeted: 1, [`skip_${reason}`]: 1 })] }));
    return true;
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** WeChat refused a claimed message: the record says so and the counters move it from sent to skipped. */
export async function recordSendFailed(campaignId: string, userId: string, now: Date): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table(),
            Key: sendKey(userId, campaignId),
            UpdateExpression: 'SET #s = :skipped, reason = :r, failedAt = :now',
            ConditionExpression: '#s = :sent',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':skipped': 'skipped', ':r': 'send_failed', ':now': now.toISOString(), ':sent': 'sent' },
          },
        },
        stat(campaignId, { sent: -1, skip_send_failed: 1 }),
      ],
    }),
  );
}

/** The client opened the message's page / unsubscribed from it: counted once per client and campaign. */
export async function markOnce(campaignId: string, userId: string, what: 'openedAt' | 'unsubscribedAt', now: Date): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: sendKey(userId, campaignId),
              UpdateExpression: 'SET #w = :now',
              ConditionExpression: '#s = :sent AND attribute_not_exists(#w)',
              ExpressionAttributeNames: { '#w': what, '#s': 'status' },
              ExpressionAttributeValues: { ':now': now.toISOString(), ':sent': 'sent' },
            },
          },
          stat(campaignId, { [what === 'openedAt' ? 'opened' : 'unsubscribed']: 1 }),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** A client's messages (for the timeline). */
export async function listClientSends(userId: string): Promise<{ campaignId: string; status: string; reason?: string; at: string; openedAt?: string }[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'MSGSEND#' } });
  return items.map((i) => ({ campaignId: i.campaignId as string, status: i.status as string, reason: i.reason as string | undefined, at: i.at as string, openedAt: i.openedAt as string | undefined }));
}

function toCampaign(i: Record<string, unknown>): MessageCampaign {
  return {
    id: i.id as string,
    name: i.name as string,
    templateId: i.templateId as string,
    title: i.title as string,
    body: i.body as string,
    segment: i.segment as Segment,
    sendAfter: i.sendAfter as string | undefined,
    createdBy: i.createdBy as string,
    createdAt: i.createdAt as string,
    status: i.status as MessageCampaign['status'],
    cursor: i.runCursor as Record<string, unknown> | undefined,
    doneAt: i.doneAt as string | undefined,
  };
}
