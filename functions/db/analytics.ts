import { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ClientState, Effect, Scope } from '../../shared/analytics/counters';
import { DEFAULT_THRESHOLDS, type TierThresholds } from '../../shared/analytics/tiers';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from './client';

/**
 * Analytics items (docs/data-model.md, "analytics"):
 * - counters, one item per scope: `STATS#CAMPAIGN#<id>/STATS` and `STATS#TIERS/STATS` — flat number attributes
 *   (`f|signups|douyin|A` …) changed only by ADD, so the dashboard reads a fixed number of items at any size;
 * - per-client state `USER#<id>/ASTATE` (what has been counted for that client), written with a version condition;
 * - once-markers `ONCE#<marker>/ONCE` that make each stream record (and each first visit) count exactly once;
 * - tier thresholds `SETTINGS#TIERS/SETTINGS`; spend records `USER#<id>/SPEND#<ulid>`; NPS answers `NPS#<bookingId>/NPS`.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const counterKey = (s: Scope) => (s.kind === 'campaign' ? { pk: `STATS#CAMPAIGN#${s.id}`, sk: 'STATS' } : { pk: 'STATS#TIERS', sk: 'STATS' });
const stateKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'ASTATE' });
const onceKey = (marker: string) => ({ pk: `ONCE#${marker}`, sk: 'ONCE' });
const thresholdsKey = { pk: 'SETTINGS#TIERS', sk: 'SETTINGS' };
export const npsKey = (bookingId: string) => ({ pk: `NPS#${bookingId}`, sk: 'NPS' });
export const spendKey = (userId: string, id: string) => ({ pk: `USER#${userId}`, sk: `SPEND#${id}` });

/** Once-markers outlive any stream retry (24 h retention) by far, then expire. */
const MARKER_TTL_DAYS = 30;
const VISIT_MARKER_TTL_DAYS = 120;

export async function getClientState(userId: string): Promise<ClientState | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: stateKey(userId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk, sk, type, gsi2pk, gsi2sk, ...state } = out.Item;
  void pk, sk, type, gsi2pk, gsi2sk;
  return state as ClientState;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'conflict';

/**
 * One transaction: the once-marker (fails if this event was already counted), the client's new state
 * (fails if someone else changed it since we read it), and every counter increment. All or nothing.
 */
export async function applyEffect(
  marker: string,
  userId: string | undefined,
  prevVersion: number | undefined,
  e: Effect,
  now: Date,
  opts: { permanentMarker?: boolean } = {},
): Promise<ApplyOutcome> {
  // A first-visit marker outlives any attribution window (≤ 90 days) by a margin, so a returning visitor is not new
  // within it; it still expires, so anonymous traffic cannot grow the table for ever. Record markers expire sooner.
  const ttl = { ttl: Math.floor(now.getTime() / 1000) + (opts.permanentMarker ? VISIT_MARKER_TTL_DAYS : MARKER_TTL_DAYS) * 86400 };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: table(),
        Item: { ...onceKey(marker), type: 'once', ...ttl },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  if (userId && e.state) {
    items.push({
      Put: {
        TableName: table(),
        Item: { ...stateKey(userId), type: 'astate', ...e.state, ...rollIndexKeys(userId, e.state) },
        ConditionExpression: prevVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(prevVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': prevVersion } }),
      },
    });
  }
  items.push(...counterUpdates(e));
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
    if (reasons[1] === 'ConditionalCheckFailed' && userId && e.state) return 'conflict';
    throw err;
  }
  for (const m of e.max) await raiseMax(m.scope, m.attr, m.value);
  return 'applied';
}

/**
 * Clients whose oldest counted month leaves the 12-month window in month M are listed under gsi2 `TIERROLL#<M>`,
 * so the daily roll reads only the clients whose tier can change that month, never all clients.
 */
function rollIndexKeys(userId: string, s: ClientState): { gsi2pk?: string; gsi2sk?: string } {
  const months = Object.keys(s.months).sort();
  if (s.role !== 'client' || !months.length) return {};
  const [y, m] = months[0].split('-').map(Number);
  const leaves = new Date(Date.UTC(y, m - 1 + 12, 1)).toISOString().slice(0, 7);
  return { gsi2pk: `TIERROLL#${leaves}`, gsi2sk: userId };
}

/** Clients whose tier window must be rolled in this month (and the two before, in case a run was missed). */
export async function clientsToRoll(now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let back = 2; back >= 0; back--) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    const items = await queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': `TIERROLL#${month}` },
      ProjectionExpression: 'gsi2sk',
    });
    ids.push(...items.map((i) => i.gsi2sk as string));
  }
  return ids;
}

/** One ADD update per counter item (a transaction may touch each item once). */
function counterUpdates(e: Effect): TransactItem[] {
  const byItem = new Map<string, { scope: Scope; adds: Map<string, number> }>();
  for (const d of e.deltas) {
    const id = JSON.stringify(counterKey(d.scope));
    const entry = byItem.get(id) ?? { scope: d.scope, adds: new Map() };
    entry.adds.set(d.attr, (entry.adds.get(d.attr) ?? 0) + d.n);
    byItem.set(id, entry);
  }
  return [...byItem.values()].map(({ scope, adds }) => {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const parts: string[] = [];
    [...adds.entries()].forEach(([a, n], i) => {
      names[`#a${i}`] = a;
      values[`:v${i}`] = n;
      parts.push(`#a${i} :v${i}`);
    });
    return {
      Update: {
        TableName: table(),
        Key: counterKey(scope),
        UpdateExpression: `ADD ${parts.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

/** A running maximum: replaying it changes nothing, so it needs no marker. */
async function raiseMax(scope: Scope, attr: string, value: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: counterKey(scope),
        UpdateExpression: 'SET #m = :v',
        ConditionExpression: 'attribute_not_exists(#m) OR #m < :v',
        ExpressionAttributeNames: { '#m': attr },
        ExpressionAttributeValues: { ':v': value },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

export type Counters = Record<string, number>;

function countersOf(item: Record<string, unknown> | undefined): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(item ?? {})) if (typeof v === 'number') out[k] = v;
  return out;
}

/** The dashboard's whole read: the campaign and its counters in ONE BatchGetItem, whatever the number of clients. */
export async function getCampaignWithCounters(campaignKey: { pk: string; sk: string }, campaignId: string) {
  const keys = [campaignKey, counterKey({ kind: 'campaign', id: campaignId })];
  const out = await db().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true } } }));
  const items = out.Responses?.[table()] ?? [];
  const find = (k: { pk: string; sk: string }) => items.find((i) => i.pk === k.pk && i.sk === k.sk);
  return { campaignItem: find(keys[0]), counters: countersOf(find(keys[1])) };
}

/** Tier counters and thresholds in ONE BatchGetItem. */
export async function getTierCountersAndThresholds(): Promise<{ counters: Counters; thresholds: TierThresholds }> {
  const keys = [counterKey({ kind: 'tiers' }), thresholdsKey];
  const out = await db().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true } } }));
  const items = out.Responses?.[table()] ?? [];
  const stats = items.find((i) => i.pk === keys[0].pk);
  const settings = items.find((i) => i.pk === thresholdsKey.pk);
  return { counters: countersOf(stats), thresholds: settings ? (settings.thresholds as TierThresholds) : DEFAULT_THRESHOLDS };
}

export async function putThresholds(t: TierThresholds, by: string): Promise<void> {
  await db().send(new PutCommand({ TableName: table(), Item: { ...thresholdsKey, type: 'settings', thresholds: t, updatedBy: by, updatedAt: new Date().toISOString() } }));
}

/** An NPS answer, once per booking: false when that booking already has one. */
export async function putNpsAnswer(bookingId: string, userId: string, score: number, now: Date): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...npsKey(bookingId), type: 'nps', bookingId, userId, score, createdAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export interface SpendRecord {
  id: string;
  userId: string;
  amount: number;
  sessions: number;
  at: string;
  recordedBy: string;
  /** The paid booking it is for, when known: one record per booking. */
  bookingId?: string;
}

/** A spend record; with a booking id it is written once per booking (a retried request records nothing new). */
export async function putSpend(r: SpendRecord): Promise<boolean> {
  const items: TransactItem[] = [{ Put: { TableName: table(), Item: { ...spendKey(r.userId, r.id), type: 'spend', ...r, createdAt: new Date().toISOString() } } }];
  if (r.bookingId) {
    items.push({
      Put: { TableName: table(), Item: { ...onceKey(`SPEND#${r.bookingId}`), type: 'once', spendId: r.id }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
