import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_THRESHOLDS, tierOfCell, type Tier, type TierThresholds } from '../../shared/analytics/tiers';
import type { MembershipSettings } from '../../shared/membership/benefits';
import { DEFAULT_MEMBERSHIP_SETTINGS, DEFAULT_POINTS_SETTINGS } from '../../shared/membership/defaults';
import { levelOrDefault, type Level } from '../../shared/membership/levels';
import type { PointsSettings } from '../../shared/membership/points';
import { db, isConditionFailure, queryAll, table } from './client';

/**
 * Membership: settings a marketer edits (`SETTINGS#membership`, `SETTINGS#points`), the client's level on the
 * user profile (`USER#<id>/PROFILE` attribute `level`, read by other capabilities), entitlements
 * (`USER#<id>/ENTITLE#<kind>#<what>`) and the level histogram on `STATS#MEMBERSHIP`.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const settingsKey = (area: string) => ({ pk: `SETTINGS#${area}`, sk: 'SETTINGS' });
const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
export const membershipStatsKey = { pk: 'STATS#MEMBERSHIP', sk: 'STATS' };
export const entitlementKey = (userId: string, what: string) => ({ pk: `USER#${userId}`, sk: `ENTITLE#${what}` });

/** Settings change rarely and are read on hot paths (booking, registration): a warm Lambda keeps them a few seconds. */
const CACHE_MS = 5_000;
// The promise is kept, so concurrent first requests share one read.
const cache = new Map<string, { at: number; value: Promise<unknown> }>();
export const forgetMembershipCache = () => cache.clear();

async function getSettings<T>(area: string, fallback: T, fresh = false): Promise<T> {
  const hit = cache.get(area);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
  const value = db()
    .send(new GetCommand({ TableName: table(), Key: settingsKey(area) }))
    .then((out) => (out.Item?.value as T) ?? fallback);
  cache.set(area, { at: Date.now(), value });
  value.catch(() => cache.delete(area));
  return value;
}

/**
 * Saves a settings item. With `ifVersion` (the `updatedAt` the editor started from, or null for "never saved") the
 * save happens only if nobody saved in between: two marketers editing at once cannot silently undo each other.
 * Returns the new version, or undefined when it was stale.
 */
async function putSettings(area: string, value: unknown, by: string, ifVersion?: string | null): Promise<string | undefined> {
  const updatedAt = new Date().toISOString();
  const condition =
    ifVersion === undefined
      ? {}
      : ifVersion === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'updatedAt = :v', ExpressionAttributeValues: { ':v': ifVersion } };
  try {
    await db().send(new PutCommand({ TableName: table(), Item: { ...settingsKey(area), type: 'settings', value, updatedBy: by, updatedAt }, ...condition }));
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  } finally {
    cache.delete(area);
  }
  return updatedAt;
}

/** An area's settings with their version (when last saved, null if never), read together for an editor. */
async function settingsForEditing<T>(area: string, fallback: T): Promise<{ value: T; version: string | null }> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: settingsKey(area), ConsistentRead: true }));
  return { value: (out.Item?.value as T) ?? fallback, version: (out.Item?.updatedAt as string | undefined) ?? null };
}
export const membershipSettingsForEditing = () => settingsForEditing<MembershipSettings>('membership', DEFAULT_MEMBERSHIP_SETTINGS);
export const pointsSettingsForEditing = () => settingsForEditing<PointsSettings>('points', DEFAULT_POINTS_SETTINGS);

export const getMembershipSettings = (fresh = false) => getSettings<MembershipSettings>('membership', DEFAULT_MEMBERSHIP_SETTINGS, fresh);
export const putMembershipSettings = (s: MembershipSettings, by: string, ifVersion?: string | null) => putSettings('membership', s, by, ifVersion);
export const getPointsSettings = (fresh = false) => getSettings<PointsSettings>('points', DEFAULT_POINTS_SETTINGS, fresh);
export const putPointsSettings = (s: PointsSettings, by: string, ifVersion?: string | null) => putSettings('points', s, by, ifVersion);

/**
 * A client's level (profile) and internal tier (analytics client state + thresholds): three Gets in parallel
 * (not a BatchGetItem, whose command would add ~40 KB to the booking bundle that calls this inside early windows).
 */
export async function levelAndTier(userId: string): Promise<{ level: Level; tier: Tier | undefined; name?: string; crisisPauseUntil?: string }> {
  const get = (Key: { pk: string; sk: string }) => db().send(new GetCommand({ TableName: table(), Key })).then((o) => o.Item);
  const [profile, state, settings] = await Promise.all([get(profileKey(userId)), get({ pk: `USER#${userId}`, sk: 'ASTATE' }), get({ pk: 'SETTINGS#TIERS', sk: 'SETTINGS' })]);
  const thresholds = (settings?.thresholds as TierThresholds | undefined) ?? DEFAULT_THRESHOLDS;
  return {
    level: levelOrDefault(profile?.level),
    tier: tierOfCell(state?.cell as string | undefined, thresholds),
    name: profile?.name as string | undefined,
    crisisPauseUntil: profile?.crisisPauseUntil as string | undefined,
  };
}

/** Moves the profile's level from what was read to the new one (and the level histogram with it), once. */
export async function setLevel(userId: string, from: Level, to: Level): Promise<boolean> {
  const items: TransactItem[] = [
    {
      Update: {
        TableName: table(),
        Key: profileKey(userId),
        UpdateExpression: 'SET #l = :to',
        ConditionExpression: from === 'chushi' ? 'attribute_exists(pk) AND (attribute_not_exists(#l) OR #l = :from)' : '#l = :from',
        ExpressionAttributeNames: { '#l': 'level' },
        ExpressionAttributeValues: { ':to': to, ':from': from },
      },
    },
    {
      Update: {
        TableName: table(),
        Key: membershipStatsKey,
        UpdateExpression: 'ADD #from :minus, #to :plus',
        ExpressionAttributeNames: { '#from': `lv|${from}`, '#to': `lv|${to}` },
        ExpressionAttributeValues: { ':minus': -1, ':plus': 1 },
      },
    },
  ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return false;
  }
}

export async function getMembershipStats(): Promise<Record<string, number>> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: membershipStatsKey, ConsistentRead: true }));
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(out.Item ?? {})) if (typeof v === 'number') stats[k] = v;
  return stats;
}

/** Put once: an entitlement bought with points or granted by a benefit (a course). */
export function entitlementPut(userId: string, what: string, fields: Record<string, unknown>): TransactItem {
  return { Put: { TableName: table(), Item: { ...entitlementKey(userId, what), type: 'entitlement', userId, what, ...fields }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * The crisis pause as a condition inside an offer's own transaction: no offer commits for someone whose pause is
 * running, with no extra read (the profile's `crisisPauseUntil`, set by a crisis result).
 */
export function notPausedCheck(userId: string, now: Date): TransactItem {
  return {
    ConditionCheck: {
      TableName: table(),
      Key: profileKey(userId),
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(crisisPauseUntil) OR crisisPauseUntil <= :now)',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}

export async function listEntitlements(userId: string): Promise<{ what: string; at: string; title?: string }[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'ENTITLE#' } });
  return items.map((i) => ({ what: i.what as string, at: i.at as string, ...(i.title ? { title: i.title as string } : {}) }));
}
