import { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ClientState, Effect, Scope } from '../../shared/analytics/counters';
import { DEFAULT_THRESHOLDS, type TierThresholds } from '../../shared/analytics/tiers';
import { addCounters, cancellationReasons, db, isConditionFailure, queryAll, table } from './client';

/**
 * Analytics items (docs/data-model.md, "analytics"):
 * - counters, one item per scope: `STATS#CAMPAIGN#<id>/STATS`, `STATS#TIERS/STATS` and `STATS#COURSES/STATS` — flat number attributes
 *   (`f|signups|douyin|A` …) changed only by ADD, so the dashboard reads a fixed number of items at any size;
 * - per-client state `USER#<id>/ASTATE` (what has been counted for that client), written with a version condition;
 * - once-markers `ONCE#<marker>/ONCE` that make each stream record (and each first visit) count exactly once;
 * - tier thresholds `SETTINGS#TIERS/SETTINGS`; spend records `USER#<id>/SPEND#<ulid>`; NPS answers `NPS#<bookingId>/NPS`.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Hot counter items (a campaign's, the tiers') are written in COUNTER_SHARDS pieces — shard 0 is `STATS`, shard k is
 * `STATS#<k>` — picked by a hash of the event's once-marker, and summed at read: the reads stay a constant
 * (BatchGet of the shards) while a viral spike spreads its writes (DynamoDB allows ~1,000 writes/s per item; the
 * bench shows the hottest shard's rate). Daily-series items take one write per new client and are not sharded.
 */
export const COUNTER_SHARDS = 8;
/** Attributes that hold a running maximum rather than a sum: merged with max across shards. */
const MAX_ATTRS = new Set(['k|maxDepth']);

export function counterKey(s: Scope, shard = 0): { pk: string; sk: string } {
  if (s.kind === 'days') return { pk: s.campaignId ? `STATS#CAMPAIGN#${s.campaignId}` : 'STATS#ALL', sk: `DAY#${s.month}` };
  const pk = s.kind === 'campaign' ? `STATS#CAMPAIGN#${s.id}` : s.kind === 'courses' ? 'STATS#COURSES' : 'STATS#TIERS';
  return { pk, sk: shard ? `STATS#${shard}` : 'STATS' };
}

/** Every shard's key of a sharded scope. */
export const shardKeys = (s: Scope) => Array.from({ length: s.kind === 'days' ? 1 : COUNTER_SHARDS }, (_, k) => counterKey(s, k));

/** FNV-1a: a stable, evenly spread shard for a marker (no crypto needed). */
export function shardFor(s: Scope, seed: string): number {
  if (s.kind === 'days') return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return (h >>> 0) % COUNTER_SHARDS;
}
const stateKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'ASTATE' });
export const onceKey = (marker: string) => ({ pk: `ONCE#${marker}`, sk: 'ONCE' });
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
  items.push(...counterUpdates(e, marker));
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
    if (reasons[1] === 'ConditionalCheckFailed' && userId && e.state) return 'conflict';
    throw err;
  }
  for (const m of e.max) await raiseMax(m.scope, m.attr, m.value, shardFor(m.scope, marker));
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
function counterUpdates(e: Effect, seed: string): TransactItem[] {
  const byItem = new Map<string, { key: { pk: string; sk: string }; adds: Map<string, number> }>();
  for (const d of e.deltas) {
    const key = counterKey(d.scope, shardFor(d.scope, seed));
    const id = `${key.pk}|${key.sk}`;
    const entry = byItem.get(id) ?? { key, adds: new Map() };
    entry.adds.set(d.attr, (entry.adds.get(d.attr) ?? 0) + d.n);
    byItem.set(id, entry);
  }
  return [...byItem.values()].map(({ key, adds }) => addCounters(key, Object.fromEntries(adds)));
}

/** A running maximum: replaying it changes nothing, so it needs no marker. */
async function raiseMax(scope: Scope, attr: string, value: number, shard: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: counterKey(scope, shard),
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

type Key = { pk: string; sk: string };

/** One BatchGetItem of up to 100 keys (retrying what DynamoDB leaves unprocessed), as a map `pk|sk` → item. */
async function batchGetAll(keys: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let pending: Key[] = keys;
  for (let attempt = 0; pending.length && attempt < 5; attempt++) {
    const out = await db().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending, ConsistentRead: true } } }));
    for (const i of out.Responses?.[table()] ?? []) found.set(`${i.pk}|${i.sk}`, i);
    pending = (out.UnprocessedKeys?.[table()]?.Keys as Key[] | undefined) ?? [];
  }
  if (pending.length) throw new Error('analytics: counters could not be read');
  return found;
}

/** The shards (or months) of a scope merged: sums, except running maxima. */
function merged(items: (Record<string, unknown> | undefined)[]): Counters {
  const out: Counters = {};
  for (const item of items) {
    for (const [k, v] of Object.entries(item ?? {})) {
      if (typeof v !== 'number') continue;
      out[k] = MAX_ATTRS.has(k) ? Math.max(out[k] ?? v, v) : (out[k] ?? 0) + v;
    }
  }
  return out;
}

/**
 * The dashboard's whole read, ONE BatchGetItem whatever the number of clients: the campaign, its counter shards,
 * and the daily-series items of the given months (the campaign's and the practice-wide ones).
 */
export async function getCampaignWithCounters(campaignKey: Key, campaignId: string, months: string[] = []) {
  const shards = shardKeys({ kind: 'campaign', id: campaignId });
  const campaignDays = months.map((month) => counterKey({ kind: 'days', campaignId, month }));
  const practiceDays = months.map((month) => counterKey({ kind: 'days', month }));
  const items = await batchGetAll([campaignKey, ...shards, ...campaignDays, ...practiceDays]);
  const at = (k: Key) => items.get(`${k.pk}|${k.sk}`);
  return {
    campaignItem: at(campaignKey),
    counters: merged(shards.map(at)),
    daily: merged(campaignDays.map(at)),
    practiceDaily: merged(practiceDays.map(at)),
  };
}

/** Tier counters (all shards) and thresholds in ONE BatchGetItem. */
export async function getTierCountersAndThresholds(): Promise<{ counters: Counters; thresholds: TierThresholds }> {
  const shards = shardKeys({ kind: 'tiers' });
  const items = await batchGetAll([...shards, thresholdsKey]);
  const settings = items.get(`${thresholdsKey.pk}|${thresholdsKey.sk}`);
  return {
    counters: merged(shards.map((k) => items.get(`${k.pk}|${k.sk}`))),
    thresholds: settings ? (settings.thresholds as TierThresholds) : DEFAULT_THRESHOLDS,
  };
}

/** Every course's figures (`co|<courseId>|<metric>`, all shards summed) in ONE BatchGetItem. */
export async function getCourseCounters(): Promise<Counters> {
  const shards = shardKeys({ kind: 'courses' });
  const items = await batchGetAll(shards);
  return merged(shards.map((k) => items.get(`${k.pk}|${k.sk}`)));
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
        // gsi1 lists the answers for the care capability's owner dashboard (functions/care/dashboard.ts).
        Item: { ...npsKey(bookingId), type: 'nps', bookingId, userId, score, createdAt: now.toISOString(), gsi1pk: 'ANSWERS#nps', gsi1sk: `${now.toISOString()}#${bookingId}` },
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

/** A campaign's counters with every shard summed (tests and tools; the dashboard reads them with the campaign). */
export async function readCampaignCounters(campaignId: string): Promise<Counters> {
  const shards = shardKeys({ kind: 'campaign', id: campaignId });
  const items = await batchGetAll(shards);
  return merged(shards.map((k) => items.get(`${k.pk}|${k.sk}`)));
}
