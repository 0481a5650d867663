import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dueExpiries, expiryOf, nextExpiry, type Lot } from '../../shared/membership/ledger';
import { addCounters, cancellationReasons, db, isConditionFailure, queryAll, table } from './client';
import { membershipStatsKey } from './membership';

/**
 * The points ledger (docs/data-model.md § membership):
 * - balance  `USER#<id>/POINTS`: balance, earned, used (spent + expired + taken away), version, nextExpiry
 * - entry    `USER#<id>/PTS#<cause>`: one per cause (`earn:gathering_attended:<gatheringId>`, `spend:<…>`,
 *            `expire:<earn cause>`, `adjust:<ulid>`); kind, points (signed), at, expiresAt (earns), by/reason (adjustments)
 * - budget   `POINTSBUDGET#<earn cause>/BUDGET`: issued (ADD, conditional on the rule's budget)
 * - stats    `STATS#MEMBERSHIP/STATS`: ADD counters for the marketer's aggregate view
 * The entry's `attribute_not_exists` is the exactly-once guard; the balance's `balance >= :n` keeps it from ever
 * going negative, and `nextExpiry > now` makes a spend wait for points that have just expired to be written off.
 */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const balanceKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'POINTS' });
export const entryKey = (userId: string, cause: string) => ({ pk: `USER#${userId}`, sk: `PTS#${cause}` });
const budgetKey = (cause: string) => ({ pk: `POINTSBUDGET#${cause}`, sk: 'BUDGET' });

export interface Balance {
  balance: number;
  earned: number;
  used: number;
  version: number;
  nextExpiry?: string;
}

export interface LedgerEntry {
  cause: string;
  kind: 'earn' | 'spend' | 'expire' | 'adjust';
  points: number;
  at: string;
  expiresAt?: string;
  label?: string;
  by?: string;
  reason?: string;
  /** What spent points bought, in yuan (a voucher's value, a paid seat's price): the cost the marketer sees. */
  value?: number;
}

export async function getBalance(userId: string, consistent = false): Promise<Balance> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: balanceKey(userId), ConsistentRead: consistent }));
  const i = out.Item ?? {};
  return {
    balance: Number(i.balance ?? 0),
    earned: Number(i.earned ?? 0),
    used: Number(i.used ?? 0),
    version: Number(i.version ?? 0),
    ...(i.nextExpiry ? { nextExpiry: i.nextExpiry as string } : {}),
  };
}

export async function listLedger(userId: string, consistent = false): Promise<LedgerEntry[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'PTS#' },
    ConsistentRead: consistent,
  });
  return items.map((i) => ({
    cause: i.cause as string,
    kind: i.kind as LedgerEntry['kind'],
    points: Number(i.points),
    at: i.at as string,
    ...(i.expiresAt ? { expiresAt: i.expiresAt as string } : {}),
    ...(i.label ? { label: i.label as string } : {}),
    ...(i.by ? { by: i.by as string, reason: i.reason as string } : {}),
  }));
}

/** Lots that can expire: earns and positive adjustments. */
export const lotsOf = (entries: LedgerEntry[]): Lot[] =>
  entries.filter((e) => e.expiresAt && e.points > 0).map((e) => ({ cause: e.cause, points: e.points, earnedAt: e.at, expiresAt: e.expiresAt! }));

const statsAdd = (fields: Record<string, number>) => addCounters(membershipStatsKey, fields);

function entryPut(userId: string, e: LedgerEntry, extra: Record<string, unknown> = {}): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...entryKey(userId, e.cause), type: 'points_entry', userId, ...e, ...extra },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Adds points as a new lot. */
function creditItem(userId: string, points: number, expiresAt: string): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: balanceKey(userId),
      UpdateExpression: 'SET #t = :t, nextExpiry = if_not_exists(nextExpiry, :exp) ADD balance :n, earned :n, version :one',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'points_balance', ':n': points, ':exp': expiresAt, ':one': 1 },
    },
  };
}

/** Takes points away, never below zero, and only once points past their expiry have been written off. */
function debitItem(userId: string, points: number, now: Date): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: balanceKey(userId),
      UpdateExpression: 'SET balance = balance - :n ADD used :n, version :one',
      ConditionExpression: 'balance >= :n AND (attribute_not_exists(nextExpiry) OR nextExpiry > :now)',
      ExpressionAttributeValues: { ':n': points, ':one': 1, ':now': now.toISOString() },
    },
  };
}

export type EarnOutcome = 'earned' | 'duplicate' | 'budget';

/** Points for one cause, once: the entry, the balance, the rule's budget and the stats in ONE transaction. */
export async function earnPoints(req: { userId: string; cause: string; ruleCause: string; points: number; budget: number; label: string; now: Date }): Promise<EarnOutcome> {
  // The budget item's condition only bounds an earn once something was issued; the first one is bounded here.
  if (req.points > req.budget) return 'budget';
  const at = req.now.toISOString();
  const expiresAt = expiryOf(at);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          entryPut(req.userId, { cause: req.cause, kind: 'earn', points: req.points, at, expiresAt, label: req.label }),
          creditItem(req.userId, req.points, expiresAt),
          {
            Update: {
              TableName: table(),
              Key: budgetKey(req.ruleCause),
              UpdateExpression: 'ADD issued :n',
              ConditionExpression: 'attribute_not_exists(issued) OR issued <= :left',
              ExpressionAttributeValues: { ':n': req.points, ':left': req.budget - req.points },
            },
          },
          statsAdd({ issued: req.points }),
        ],
      }),
    );
    return 'earned';
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
    if (reasons[2] === 'ConditionalCheckFailed') return 'budget';
    throw err;
  }
}

/** The items of a spend (entry, debit, stats) for callers that put them in their own transaction (a seat). */
export function spendItems(userId: string, req: { cause: string; points: number; label: string; now: Date; value?: number }): TransactItem[] {
  return [
    entryPut(userId, { cause: req.cause, kind: 'spend', points: -req.points, at: req.now.toISOString(), label: req.label, ...(req.value ? { value: req.value } : {}) }),
    debitItem(userId, req.points, req.now),
    statsAdd({ spent: req.points }),
  ];
}

export type SpendOutcome = { ok: true } | { ok: false; reason: 'duplicate' | 'insufficient' | 'expiry_due' | 'effect'; effectIndex?: number };

/**
 * Spends points for one cause together with what they buy (`effect` items: a voucher and its budget, a seat,
 * an entitlement), in ONE transaction: all of it happens, or none.
 */
export async function spendPoints(req: { userId: string; cause: string; points: number; label: string; effect: TransactItem[]; stats?: Record<string, number>; now: Date; by?: string; reason?: string; kind?: 'spend' | 'adjust'; value?: number }): Promise<SpendOutcome> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          entryPut(
            req.userId,
            { cause: req.cause, kind: req.kind ?? 'spend', points: -req.points, at: req.now.toISOString(), label: req.label, ...(req.by ? { by: req.by, reason: req.reason } : {}), ...(req.value ? { value: req.value } : {}) },
            req.by ? auditIndex(req.now, req.userId, req.cause) : {},
          ),
          debitItem(req.userId, req.points, req.now),
          ...req.effect,
          statsAdd(req.stats ?? { spent: req.points }),
        ],
      }),
    );
    return { ok: true };
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (!reasons.length) throw err;
    if (reasons[0] === 'ConditionalCheckFailed') return { ok: false, reason: 'duplicate' };
    if (reasons[1] === 'ConditionalCheckFailed') {
      const b = await getBalance(req.userId, true);
      return { ok: false, reason: b.nextExpiry && Date.parse(b.nextExpiry) <= req.now.getTime() ? 'expiry_due' : 'insufficient' };
    }
    const i = reasons.slice(2).findIndex((r) => r === 'ConditionalCheckFailed');
    if (i >= 0 && i < req.effect.length) return { ok: false, reason: 'effect', effectIndex: i };
    throw err;
  }
}

const auditIndex = (now: Date, userId: string, cause: string) => ({ gsi1pk: 'POINTSAUDIT', gsi1sk: `${now.toISOString()}#${userId}#${cause}` });

/** An admin's adjustment: positive adds a lot (it expires like earned points), negative takes points away. Audited. */
export async function adjustPoints(req: { userId: string; id: string; points: number; by: string; reason: string; now: Date }): Promise<SpendOutcome> {
  const cause = `adjust:${req.id}`;
  if (req.points < 0) {
    return spendPoints({ userId: req.userId, cause, points: -req.points, label: '积分调整', effect: [], stats: { adjusted: req.points }, now: req.now, by: req.by, reason: req.reason, kind: 'adjust' });
  }
  const at = req.now.toISOString();
  const expiresAt = expiryOf(at);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          entryPut(req.userId, { cause, kind: 'adjust', points: req.points, at, expiresAt, label: '积分调整', by: req.by, reason: req.reason }, auditIndex(req.now, req.userId, cause)),
          creditItem(req.userId, req.points, expiresAt),
          statsAdd({ adjusted: req.points }),
        ],
      }),
    );
    return { ok: true };
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return { ok: false, reason: 'duplicate' };
    throw err;
  }
}

/** Every adjustment, newest first: who, whom, how many, why. */
export async function listAdjustments(limit = 100): Promise<(LedgerEntry & { userId: string })[]> {
  const out = await db().send(
    new QueryCommand({ TableName: table(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'POINTSAUDIT' }, ScanIndexForward: false, Limit: limit }),
  );
  return (out.Items ?? []).map((i) => ({ userId: i.userId as string, cause: i.cause as string, kind: 'adjust', points: Number(i.points), at: i.at as string, by: i.by as string, reason: i.reason as string }));
}

/**
 * Writes off the points whose 12 months are over (oldest lots first, after what was already used) and
 * records when the next ones expire. Safe to run any time and concurrently: each expiry is an entry keyed by
 * its lot, and the balance's version must be the one read.
 */
export async function expireDuePoints(userId: string, now: Date): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [balance, entries] = await Promise.all([getBalance(userId, true), listLedger(userId, true)]);
    const lots = lotsOf(entries);
    const due = dueExpiries(lots, balance.used, now);
    const total = due.reduce((s, d) => s + d.points, 0);
    const next = nextExpiry(lots, balance.used + total, now);
    if (!due.length && next === balance.nextExpiry) return 0;
    const at = now.toISOString();
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...due.slice(0, 20).map((d) => entryPut(userId, { cause: `expire:${d.cause}`, kind: 'expire', points: -d.points, at, label: '积分到期' })),
            {
              Update: {
                TableName: table(),
                Key: balanceKey(userId),
                UpdateExpression: `SET balance = balance - :n ${next ? ', nextExpiry = :next' : ''} ADD used :n, version :one${next ? '' : ' REMOVE nextExpiry'}`,
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':n': total, ':one': 1, ':v': balance.version, ...(next ? { ':next': next } : {}) },
              },
            },
            ...(total ? [statsAdd({ expired: total })] : []),
          ],
        }),
      );
      return total;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // A spend or an earn came in between: read again.
    }
  }
  throw new Error('points expiry: the balance kept changing');
}
