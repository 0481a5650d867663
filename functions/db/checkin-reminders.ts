import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CHECKIN_MIN_GAP_DAYS, type CheckinSkipReason } from '../../shared/membership/checkin';
import { consentAttr } from '../../shared/care/consent';
import type { TransactItem } from './booking-keys';
import { useGrantItem } from './grants';
import { addCounters, cancellationReasons, db, table } from './client';

/**
 * Quarterly check-in reminders (docs/data-model.md § membership):
 * - candidates: the client profiles on gsi1 `ROLE#client` (as the care sender's segments), filtered to those not
 *   reminded for `CHECKIN_MIN_GAP_DAYS` (profile attribute `checkinReminderAt`) and not erased;
 * - `USER#<id>/CHECKINREMIND#<quarter>` — the exactly-once marker (client + Beijing quarter), status sent | failed;
 * - `USER#<id>/CHECKINSKIP#<quarter>` — the reasons this client was not reminded this quarter (a string set), so
 *   each reason is counted once per client and quarter however many runs meet it;
 * - `CHECKINREMIND#<quarter>/STATS` — counters: sent, skip_<reason>, runs_quiet_hours (ADD only);
 * - sends use the counted one-time grants `USER#<id>/SUBGRANT#<templateId>`.
 */
export const checkinMarkerKey = (userId: string, quarter: string) => ({ pk: `USER#${userId}`, sk: `CHECKINREMIND#${quarter}` });
const skipKey = (userId: string, quarter: string) => ({ pk: `USER#${userId}`, sk: `CHECKINSKIP#${quarter}` });
const statsKey = (quarter: string) => ({ pk: `CHECKINREMIND#${quarter}`, sk: 'STATS' });
const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
const CONSENT = consentAttr('checkins');
const gapStart = (now: Date) => new Date(now.getTime() - CHECKIN_MIN_GAP_DAYS * 86_400_000).toISOString();

/** A client profile as the candidate query returns it. */
export interface CheckinCandidate {
  id: string;
  openid: string;
  level?: string;
  crisisPauseUntil?: string;
  /** `checkins` consent as read with the profile; checked again inside the send's transaction. */
  consent: boolean;
}

/**
 * One page of clients who may be due: not reminded in the last `CHECKIN_MIN_GAP_DAYS`, not erased, and (when the
 * benefit is given by level only) at one of `levels` (never empty). Each profile is read once, never the whole table.
 */
export async function checkinCandidatesPage(
  now: Date,
  levels: string[] | undefined,
  cursor: Record<string, unknown> | undefined,
  pageSize = 500,
): Promise<{ candidates: CheckinCandidate[]; cursor?: Record<string, unknown>; read: number }> {
  const names: Record<string, string> = { '#pid': 'id', '#dev': 'deviceId', '#cpu': 'crisisPauseUntil', '#lvl': 'level', '#cp': CONSENT, '#last': 'checkinReminderAt', '#del': 'deletedAt' };
  const values: Record<string, unknown> = { ':p': 'ROLE#client', ':gap': gapStart(now) };
  const filters = ['(attribute_not_exists(#last) OR #last <= :gap)', 'attribute_not_exists(#del)', 'attribute_exists(#dev)'];
  if (levels) {
    const keys = levels.map((l, i) => ((values[`:l${i}`] = l), `:l${i}`));
    filters.push(`(#lvl IN (${keys.join(', ')})${levels.includes('chushi') ? ' OR attribute_not_exists(#lvl)' : ''})`);
  }
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      FilterExpression: filters.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ProjectionExpression: '#pid, #dev, #cpu, #lvl, #cp',
      ExclusiveStartKey: cursor,
      Limit: pageSize,
    }),
  );
  return {
    candidates: (out.Items ?? []).map((i) => ({
      id: i.id as string,
      openid: (i.deviceId as string) ?? '',
      level: i.level as string | undefined,
      crisisPauseUntil: i.crisisPauseUntil as string | undefined,
      consent: (i[CONSENT] as { granted?: boolean } | undefined)?.granted === true,
    })),
    cursor: out.LastEvaluatedKey,
    read: out.ScannedCount ?? 0,
  };
}

const stat = (quarter: string, adds: Record<string, number>) => addCounters(statsKey(quarter), adds);

export type CheckinClaim = 'claimed' | 'already' | 'busy' | 'not_due' | 'gone' | Exclude<CheckinSkipReason, 'send_failed'>;

/**
 * Claims this quarter's reminder for one client, all or nothing:
 *   the marker for client + quarter (attribute_not_exists) — a retried or concurrent run finds it and does nothing;
 *   the profile: `checkins` consent, no crisis pause, no reminder within the gap — read now, not when selected —
 *   and its `checkinReminderAt` moved to now;
 *   one counted grant (count > 0);
 *   the quarter's counter and the "benefit used" counter.
 * Claim first, send after: a crash in between loses one reminder rather than ever sending two.
 */
export async function claimCheckinReminder(c: CheckinCandidate, templateId: string, quarter: string, now: Date): Promise<CheckinClaim> {
  const at = now.toISOString();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...checkinMarkerKey(c.id, quarter), type: 'checkinremind', userId: c.id, quarter, templateId, status: 'sent', at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table(),
              Key: profileKey(c.id),
              UpdateExpression: 'SET #last = :now',
              ConditionExpression:
                '#cp.granted = :yes AND attribute_not_exists(#del) AND (attribute_not_exists(#cpu) OR #cpu <= :now) AND (attribute_not_exists(#last) OR #last <= :gap)',
              ExpressionAttributeNames: { '#cp': CONSENT, '#del': 'deletedAt', '#cpu': 'crisisPauseUntil', '#last': 'checkinReminderAt' },
              ExpressionAttributeValues: { ':yes': true, ':now': at, ':gap': gapStart(now) },
            },
          },
          useGrantItem(c.id, templateId),
          stat(quarter, { sent: 1 }),
        ],
      }),
    );
    return 'claimed';
  } catch (err) {
    const r = cancellationReasons(err);
    if (!r.length) throw err;
    if (r[0] === 'ConditionalCheckFailed') return 'already';
    // Another run is deciding the same client right now: leave it to that run (or the next one).
    if (r.includes('TransactionConflict')) return 'busy';
    if (r[1] === 'ConditionalCheckFailed') return whyProfileRefused(c, now);
    if (r[2] === 'ConditionalCheckFailed') return 'no_grant';
    throw err;
  }
}

async function whyProfileRefused(c: CheckinCandidate, now: Date): Promise<CheckinClaim> {
  const p = (await db().send(new GetCommand({ TableName: table(), Key: profileKey(c.id), ConsistentRead: true }))).Item;
  if (!p || p.deletedAt) return 'gone';
  if (p.crisisPauseUntil && (p.crisisPauseUntil as string) > now.toISOString()) return 'crisis_pause';
  if ((p[CONSENT] as { granted?: boolean } | undefined)?.granted !== true) return c.consent ? 'consent_withdrawn' : 'no_consent';
  return 'not_due';
}

/** Counts a reason this client was not reminded, once per client, quarter and reason. True when counted now. */
export async function recordCheckinSkip(userId: string, quarter: string, reason: CheckinSkipReason, now: Date): Promise<boolean> {
  // Kept a little over a year: long enough for the quarter's figures, no longer than needed.
  const ttl = Math.floor(now.getTime() / 1000) + 400 * 86_400;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: skipKey(userId, quarter),
              UpdateExpression: 'ADD reasons :r SET #t = :type, lastAt = :now, #ttl = :ttl',
              ConditionExpression: 'attribute_not_exists(reasons) OR NOT contains(reasons, :reason)',
              ExpressionAttributeNames: { '#t': 'type', '#ttl': 'ttl' },
              ExpressionAttributeValues: { ':r': new Set([reason]), ':reason': reason, ':type': 'checkinskip', ':now': now.toISOString(), ':ttl': ttl },
            },
          },
          stat(quarter, { [`skip_${reason}`]: 1 }),
        ],
      }),
    );
    return true;
  } catch (err) {
    const r = cancellationReasons(err);
    if (r[0] === 'ConditionalCheckFailed' || r.includes('TransactionConflict')) return false;
    throw err;
  }
}

/** WeChat refused a claimed reminder: the marker says so and the counters move it from sent to send_failed. */
export async function recordCheckinSendFailed(userId: string, quarter: string, now: Date): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table(),
            Key: checkinMarkerKey(userId, quarter),
            UpdateExpression: 'SET #s = :failed, failedAt = :now',
            ConditionExpression: '#s = :sent',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':failed': 'failed', ':sent': 'sent', ':now': now.toISOString() },
          },
        },
        stat(quarter, { sent: -1, skip_send_failed: 1 }),
      ],
    }),
  );
}

/** A run that met quiet hours sent nothing: counted, so the figures show why a day had no reminders. */
export async function countQuietHoursRun(quarter: string): Promise<void> {
  const s = stat(quarter, { runs_quiet_hours: 1 }).Update;
  await db().send(new UpdateCommand(s));
}

export async function getCheckinStats(quarter: string): Promise<Record<string, number>> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: statsKey(quarter), ConsistentRead: true }));
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(out.Item ?? {})) if (typeof v === 'number') stats[k] = v;
  return stats;
}

/** The client's own view: when the last reminder was sent (profile `checkinReminderAt`), if ever. */
export async function lastCheckinReminderAt(userId: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: profileKey(userId), ProjectionExpression: 'checkinReminderAt' }));
  return out.Item?.checkinReminderAt as string | undefined;
}
