import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { REJECTION_REASONS, type RejectionReason } from '../../shared/referral/attribution';
import { newInviteCode } from '../../shared/referral/codes';
import type { RewardRules } from '../../shared/referral/rules';
import type { Voucher } from '../../shared/voucher/lifecycle';
import { cancellationReasons, db, isConditionFailure, queryAll, table } from './client';
import { issueVoucherItem, type TransactItem } from './voucher';

/**
 * Referral items (docs/data-model.md § referral). Everything that counts money-like things — qualified
 * friends, vouchers granted, campaign budget — changes only inside conditional transactions, so concurrent
 * and retried calls meet on a condition instead of counting twice.
 */
type Item = Record<string, NativeAttributeValue>;

export const inviteKey = (code: string) => ({ pk: `INVITE#${code}`, sk: 'INVITE' });
const inviteCodeKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'INVITECODE' });
/** The friend's edge (inviterId, depth, rootId…) and, for inviters, the `invited` count, on one item per user. */
export const referralKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'REFERRAL' });
const userOpenKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'INVITEOPEN' });
const visitorOpenKey = (visitorId: string) => ({ pk: `VISITOR#${visitorId}`, sk: 'INVITEOPEN' });
const deviceKey = (deviceId: string) => ({ pk: `DEVICE#${deviceId}`, sk: 'NEWFRIEND' });
export const statsKey = (inviterId: string, campaignId: string) => ({ pk: `USER#${inviterId}`, sk: `REFSTATS#${campaignId}` });
export const milestoneKey = (inviterId: string, campaignId: string, index: number) => ({
  pk: `USER#${inviterId}`,
  sk: `MILESTONE#${campaignId}#${String(index).padStart(4, '0')}`,
});
export const budgetKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'BUDGET' });
const rejectionsKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'REFREJECT' });
const rejectionMarkerKey = (campaignId: string, reason: RejectionReason, friendId: string) => ({
  pk: `REJECT#${campaignId}#${reason}#${friendId}`,
  sk: 'REJECT',
});
const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });

/** Opens are kept long enough to judge any window a marketer can set (≤ 90 days), then expire. */
const OPEN_TTL_SECONDS = 120 * 24 * 60 * 60;

export interface ReferralEdge {
  userId: string;
  inviterId?: string;
  depth: number;
  rootId: string;
  campaignId?: string;
  acceptedAt?: string;
  code?: string;
  qualifiedAt?: string;
  qualifiedBy?: string;
  friendReward?: 'granted' | 'not_granted_budget';
  /** First self-test of this user: they are an existing client from then on. */
  selftestCompletedAt?: string;
  /** First booking of this user (functions/db/booking.ts marks it in the booking's transaction): likewise. */
  bookedAt?: string;
  /** Direct friends this user has brought in (any campaign). */
  invited: number;
}

export interface InviterStats {
  accepted: number;
  qualified: number;
  vouchersGranted: number;
  notGranted: number;
}

export interface FirstOpen {
  code: string;
  openedAt: string;
}

// ——— invite codes ———

/** The user's invite code, created on first use. Two concurrent first calls end with the same code. */
export async function getOrCreateInviteCode(userId: string, now: Date): Promise<string> {
  const existing = await db().send(new GetCommand({ TableName: table(), Key: inviteCodeKey(userId) }));
  if (existing.Item) return rememberCode(existing.Item.code as string, userId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newInviteCode();
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: { ...inviteKey(code), type: 'invite_code', code, inviterId: userId, createdAt: now.toISOString() },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table(),
                Item: { ...inviteCodeKey(userId), type: 'invite_code_of', code },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return rememberCode(code, userId);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const [codeTaken, userHasOne] = cancellationReasons(err);
      if (userHasOne || (!codeTaken && !userHasOne)) {
        const again = await db().send(new GetCommand({ TableName: table(), Key: inviteCodeKey(userId), ConsistentRead: true }));
        if (again.Item) return again.Item.code as string;
      }
      // The code belonged to someone else: draw another.
    }
  }
  throw new Error('could not allocate an invite code');
}

/**
 * A code never changes hands once written, so a warm Lambda keeps what it looked up (bounded, oldest out):
 * the landing, open and accept of one shared link then cost one read between them.
 */
const codeCache = new Map<string, string>();
const CODE_CACHE_MAX = 5000;

export async function inviterOfCode(code: string): Promise<string | undefined> {
  const cached = codeCache.get(`${table()}|${code}`);
  if (cached) return cached;
  const out = await db().send(new GetCommand({ TableName: table(), Key: inviteKey(code) }));
  const inviterId = out.Item?.inviterId as string | undefined;
  if (inviterId) rememberCode(code, inviterId);
  return inviterId;
}

function rememberCode(code: string, inviterId: string): string {
  if (codeCache.size >= CODE_CACHE_MAX) codeCache.delete(codeCache.keys().next().value!);
  codeCache.set(`${table()}|${code}`, inviterId);
  return code;
}

// ——— opens ———

/** Records the first open of any invite by this user or visitor; later opens keep the first. */
export async function recordFirstOpen(subject: { userId?: string; visitorId?: string }, code: string, now: Date): Promise<FirstOpen> {
  const key = subject.userId ? userOpenKey(subject.userId) : visitorOpenKey(subject.visitorId!);
  const open: FirstOpen = { code, openedAt: now.toISOString() };
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...key, type: 'invite_open', ...open, ttl: Math.floor(now.getTime() / 1000) + OPEN_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return open;
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const out = await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
    return { code: out.Item!.code as string, openedAt: out.Item!.openedAt as string };
  }
}

// ——— accept ———

export interface AcceptReads {
  friendProfile?: Item;
  friendEdge?: ReferralEdge;
  inviterEdge?: ReferralEdge;
  inviterProfile?: Item;
  firstOpenAt?: string;
}

/** Everything an accept needs about both people, in one BatchGet. */
export async function readForAccept(friendId: string, inviterId: string, visitorId?: string): Promise<AcceptReads> {
  const keys = [profileKey(friendId), referralKey(friendId), referralKey(inviterId), profileKey(inviterId), userOpenKey(friendId)];
  if (visitorId) keys.push(visitorOpenKey(visitorId));
  const items = await batchGet(keys, true);
  const at = (k: { pk: string; sk: string }) => items.get(`${k.pk}|${k.sk}`);
  const opens = [at(userOpenKey(friendId)), visitorId ? at(visitorOpenKey(visitorId)) : undefined]
    .filter((o): o is Item => Boolean(o))
    .map((o) => o.openedAt as string)
    .sort();
  const friendEdge = at(referralKey(friendId));
  const inviterEdge = at(referralKey(inviterId));
  return {
    friendProfile: at(profileKey(friendId)),
    friendEdge: friendEdge ? toEdge(friendEdge) : undefined,
    inviterEdge: inviterEdge ? toEdge(inviterEdge) : undefined,
    inviterProfile: at(profileKey(inviterId)),
    firstOpenAt: opens[0],
  };
}

export type AcceptOutcome = 'accepted' | 'device_reused' | 'changed';

/**
 * One transaction: the friend's edge (only if they have no inviter and no invitees yet), the device claim
 * (a device is a new friend once), the inviter's `invited` count (only if the inviter's own edge is as read —
 * which is what makes a concurrent A→B / B→A pair unable to form a cycle) and the campaign's accepted count.
 * `changed` means a concurrent write got there first: read again and decide again.
 */
export async function writeAcceptance(input: {
  friendId: string;
  inviterId: string;
  inviterEdge?: ReferralEdge;
  deviceId: string;
  campaignId: string;
  code: string;
  now: Date;
  /** Share kind the friend came through (analytics only). */
  via?: string;
}): Promise<AcceptOutcome> {
  const { friendId, inviterId, inviterEdge, campaignId, now } = input;
  const at = now.toISOString();
  const depth = (inviterEdge?.inviterId ? inviterEdge.depth : 0) + 1;
  const rootId = inviterEdge?.inviterId ? inviterEdge.rootId : inviterId;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: table(),
        Key: referralKey(friendId),
        UpdateExpression:
          'SET #type = :type, userId = :friend, inviterId = :inviter, #depth = :depth, rootId = :root, campaignId = :campaign, ' +
          'acceptedAt = :at, code = :code, gsi1pk = :g1pk, gsi1sk = :g1sk, gsi2pk = :g2pk, gsi2sk = :g1sk' + (input.via ? ', via = :via' : ''),
        ConditionExpression:
          'attribute_not_exists(inviterId) AND (attribute_not_exists(invited) OR invited = :zero) AND attribute_not_exists(selftestCompletedAt) ' +
          'AND attribute_not_exists(bookedAt)',
        ExpressionAttributeNames: { '#type': 'type', '#depth': 'depth' },
        ExpressionAttributeValues: {
          ':type': 'referral',
          ':friend': friendId,
          ':inviter': inviterId,
          ':depth': depth,
          ':root': rootId,
          ':campaign': campaignId,
          ':at': at,
          ':code': input.code,
          ':g1pk': `REFCHILDREN#${inviterId}`,
          ':g1sk': `${at}#${friendId}`,
          ':g2pk': `CAMPAIGN#${campaignId}#REFERRALS`,
          ':zero': 0,
          ...(input.via ? { ':via': input.via } : {}),
        },
      },
    },
    {
      Update: {
        TableName: table(),
        Key: referralKey(inviterId),
        UpdateExpression: 'SET #type = :type, userId = :inviter ADD invited :one',
        ConditionExpression: inviterEdge?.inviterId ? 'inviterId = :theirInviter' : 'attribute_not_exists(inviterId)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'referral',
          ':inviter': inviterId,
          ':one': 1,
          ...(inviterEdge?.inviterId ? { ':theirInviter': inviterEdge.inviterId } : {}),
        },
      },
    },
    {
      Update: {
        TableName: table(),
        Key: statsKey(inviterId, campaignId),
        UpdateExpression: 'SET #type = :type, campaignId = :campaign ADD accepted :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'referral_stats', ':campaign': campaignId, ':one': 1 },
      },
    },
  ];
  if (input.deviceId) {
    items.push({
      Put: {
        TableName: table(),
        Item: { ...deviceKey(input.deviceId), type: 'device_claim', userId: friendId, claimedAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return 'accepted';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const reasons = cancellationReasons(err);
      if (reasons.includes('ConditionalCheckFailed')) {
        return reasons[3] === 'ConditionalCheckFailed' && !reasons[0] && !reasons[1] ? 'device_reused' : 'changed';
      }
      // Only a conflict with a concurrent transaction (another friend of the same inviter): what was read still
      // holds, so write again after a short pause instead of reading everything again.
      if (attempt >= 4) return 'changed';
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 15 * (attempt + 1)));
    }
  }
}

/**
 * Counts a refusal once per friend, campaign and reason (a marker item guards the ADD), so a friend who taps
 * "accept" five times is one `existing_client`, not five.
 */
export async function recordRejection(campaignId: string, friendId: string, reason: RejectionReason, now: Date): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...rejectionMarkerKey(campaignId, reason, friendId), type: 'referral_rejection', at: now.toISOString() },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table(),
              Key: rejectionsKey(campaignId),
              UpdateExpression: 'SET #type = :type ADD #reason :one',
              ExpressionAttributeNames: { '#type': 'type', '#reason': reason },
              ExpressionAttributeValues: { ':type': 'referral_rejections', ':one': 1 },
            },
          },
        ],
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

export async function rejectionCounts(campaignId: string): Promise<Record<RejectionReason, number>> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: rejectionsKey(campaignId) }));
  return Object.fromEntries(REJECTION_REASONS.map((r) => [r, Number(out.Item?.[r] ?? 0)])) as Record<RejectionReason, number>;
}

// ——— qualification and rewards ———

/** Remembers the user's first self-test on their referral item and returns the item, in one request. */
export async function markSelftestCompleted(userId: string, now: Date): Promise<ReferralEdge> {
  const out = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: referralKey(userId),
      UpdateExpression: 'SET #type = :type, userId = :user, selftestCompletedAt = if_not_exists(selftestCompletedAt, :now)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'referral', ':user': userId, ':now': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toEdge(out.Attributes!);
}

export async function getEdge(userId: string, consistent = false): Promise<ReferralEdge | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: referralKey(userId), ConsistentRead: consistent }));
  return out.Item ? toEdge(out.Item) : undefined;
}

export async function getInviterStats(inviterId: string, campaignId: string, consistent = false): Promise<InviterStats> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: statsKey(inviterId, campaignId), ConsistentRead: consistent }));
  return {
    accepted: Number(out.Item?.accepted ?? 0),
    qualified: Number(out.Item?.qualified ?? 0),
    vouchersGranted: Number(out.Item?.vouchersGranted ?? 0),
    notGranted: Number(out.Item?.notGranted ?? 0),
  };
}

/**
 * The campaign-budget update that consumes one voucher of `value`, failing when it would pass the budget.
 * Undefined when the budget cannot hold even one such voucher (no write needed to know that).
 */
function consumeBudgetItem(campaignId: string, budget: RewardRules['budget'], value: number): TransactItem | undefined {
  const conditions: string[] = [];
  const values: Record<string, number> = { ':one': 1, ':value': value };
  if (budget.maxVouchers !== undefined) {
    if (budget.maxVouchers < 1) return undefined;
    conditions.push('(attribute_not_exists(vouchers) OR vouchers <= :maxVouchersBefore)');
    values[':maxVouchersBefore'] = budget.maxVouchers - 1;
  }
  if (budget.maxValue !== undefined) {
    if (budget.maxValue < value) return undefined;
    conditions.push('(attribute_not_exists(#value) OR #value <= :maxValueBefore)');
    values[':maxValueBefore'] = budget.maxValue - value;
  }
  return {
    Update: {
      TableName: table(),
      Key: budgetKey(campaignId),
      UpdateExpression: 'SET #type = :type ADD vouchers :one, #value :value',
      ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: { '#type': 'type', '#value': 'value' },
      ExpressionAttributeValues: { ...values, ':type': 'campaign_budget' },
    },
  };
}

export async function budgetUsed(campaignId: string): Promise<{ vouchers: number; value: number }> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: budgetKey(campaignId), ConsistentRead: true }));
  return { vouchers: Number(out.Item?.vouchers ?? 0), value: Number(out.Item?.value ?? 0) };
}

export type QualifyOutcome = 'qualified' | 'qualified_budget_exhausted' | 'already_qualified';

/**
 * The friend's qualifying action, once: marks the friend qualified (only if not yet), ADDs the inviter's
 * count, and issues the friend's voucher while consuming budget — all in one transaction. The qualification
 * mark stores the action's source id, so it doubles as the idempotency record of this processing: a retry
 * meets `attribute_not_exists(qualifiedAt)` and changes nothing. Past the budget the friend still counts
 * for the inviter, and the edge records that their own voucher was not granted.
 */
export async function qualifyFriend(input: {
  friendId: string;
  inviterId: string;
  campaignId: string;
  sourceId: string;
  voucher: Voucher;
  budget: RewardRules['budget'];
  now: Date;
}): Promise<QualifyOutcome> {
  const budgetItem = consumeBudgetItem(input.campaignId, input.budget, input.voucher.value);
  const attempt = async (grant: boolean) => {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: table(),
          Key: referralKey(input.friendId),
          UpdateExpression: 'SET qualifiedAt = :at, qualifiedBy = :source, friendReward = :reward',
          ConditionExpression: 'attribute_not_exists(qualifiedAt) AND inviterId = :inviter',
          ExpressionAttributeValues: {
            ':at': input.now.toISOString(),
            ':source': input.sourceId,
            ':reward': grant ? 'granted' : 'not_granted_budget',
            ':inviter': input.inviterId,
          },
        },
      },
      {
        Update: {
          TableName: table(),
          Key: statsKey(input.inviterId, input.campaignId),
          UpdateExpression: 'SET #type = :type, campaignId = :campaign ADD qualified :one',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'referral_stats', ':campaign': input.campaignId, ':one': 1 },
        },
      },
    ];
    if (grant) items.push(issueVoucherItem(input.voucher), budgetItem!);
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  };

  let grant = budgetItem !== undefined;
  for (let tries = 0; tries < 5; tries++) {
    try {
      await attempt(grant);
      return grant ? 'qualified' : 'qualified_budget_exhausted';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const reasons = cancellationReasons(err);
      if (reasons[0] === 'ConditionalCheckFailed') return 'already_qualified';
      if (grant && reasons[3] === 'ConditionalCheckFailed') grant = false;
      // Otherwise a transaction conflict with a concurrent grant: try again.
    }
  }
  throw new Error('qualification kept conflicting');
}

export type MilestoneOutcome = 'granted' | 'not_granted_budget' | 'already_decided';

/**
 * Decides the inviter's milestone `index` exactly once: the milestone item is put with attribute_not_exists
 * in the same transaction as the voucher (deterministic id) and the budget, so ten friends qualifying at the
 * same instant, or a retried invocation, meet on it. When the budget says no, the milestone is decided as
 * "not granted: budget" instead — also once — and the inviter's progress shows it.
 */
export async function decideMilestone(input: {
  inviterId: string;
  campaignId: string;
  index: number;
  voucher: Voucher;
  budget: RewardRules['budget'];
  now: Date;
}): Promise<MilestoneOutcome> {
  const at = input.now.toISOString();
  const key = milestoneKey(input.inviterId, input.campaignId, input.index);
  const budgetItem = consumeBudgetItem(input.campaignId, input.budget, input.voucher.value);
  const stats = (counter: 'vouchersGranted' | 'notGranted'): TransactItem => ({
    Update: {
      TableName: table(),
      Key: statsKey(input.inviterId, input.campaignId),
      UpdateExpression: `SET #type = :type, campaignId = :campaign ADD ${counter} :one`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'referral_stats', ':campaign': input.campaignId, ':one': 1 },
    },
  });
  const milestone = (outcome: Exclude<MilestoneOutcome, 'already_decided'>): TransactItem => ({
    Put: {
      TableName: table(),
      Item: {
        ...key,
        type: 'referral_milestone',
        campaignId: input.campaignId,
        milestoneIndex: input.index,
        outcome,
        at,
        ...(outcome === 'granted' ? { voucherId: input.voucher.id } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

  for (let tries = 0; tries < 5; tries++) {
    const grant = budgetItem !== undefined;
    try {
      if (grant) {
        await db().send(
          new TransactWriteCommand({
            TransactItems: [milestone('granted'), issueVoucherItem(input.voucher), budgetItem, stats('vouchersGranted')],
          }),
        );
        return 'granted';
      }
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const reasons = cancellationReasons(err);
      if (reasons[0] === 'ConditionalCheckFailed' || reasons[1] === 'ConditionalCheckFailed') return 'already_decided';
      if (reasons[2] !== 'ConditionalCheckFailed') continue; // a conflict with a concurrent grant
    }
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [milestone('not_granted_budget'), stats('notGranted')] }));
      return 'not_granted_budget';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return 'already_decided';
    }
  }
  throw new Error('milestone decision kept conflicting');
}

export async function listNotGranted(inviterId: string, campaignId: string): Promise<{ milestoneIndex: number; at: string }[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      FilterExpression: 'outcome = :ng',
      ExpressionAttributeValues: { ':p': `USER#${inviterId}`, ':s': `MILESTONE#${campaignId}#`, ':ng': 'not_granted_budget' },
    }),
  );
  return (out.Items ?? []).map((i) => ({ milestoneIndex: i.milestoneIndex as number, at: i.at as string }));
}

// ——— chains ———

/** Ancestors nearest first, one read per level: each edge names the next inviter up. */
export async function ancestorsOf(userId: string, maxDepth = 100): Promise<ReferralEdge[]> {
  const chain: ReferralEdge[] = [];
  let edge = await getEdge(userId);
  while (edge?.inviterId && chain.length < maxDepth) {
    const up = (await getEdge(edge.inviterId)) ?? { userId: edge.inviterId, depth: 0, rootId: edge.inviterId, invited: 1 };
    chain.push(up);
    edge = up;
  }
  return chain;
}

/** Direct friends of a user, from the children index (gsi1 `REFCHILDREN#<inviterId>`). */
export async function childrenOf(inviterId: string, limit: number): Promise<string[]> {
  const items = await queryAll(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `REFCHILDREN#${inviterId}` },
      ProjectionExpression: 'userId',
    },
    limit,
  );
  return items.map((i) => i.userId as string);
}

/**
 * Everyone below a user, breadth first over the children index, capped at `cap` people so a marketer's
 * request stays bounded; the answer says when it was capped.
 */
export async function subtreeSize(userId: string, cap = 2000): Promise<{ size: number; truncated: boolean }> {
  let frontier = [userId];
  let size = 0;
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      const kids = await childrenOf(id, cap - size + 1);
      size += kids.length;
      if (size > cap) return { size: cap, truncated: true };
      next.push(...kids);
    }
    frontier = next;
  }
  return { size, truncated: false };
}

// ——— helpers ———

async function batchGet(keys: { pk: string; sk: string }[], consistent: boolean): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Item[]; ConsistentRead?: boolean }> | undefined = {
      [table()]: { Keys: unique.slice(i, i + 100), ConsistentRead: consistent },
    };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[table()] ?? []) found.set(`${item.pk}|${item.sk}`, item);
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

function toEdge(item: Item): ReferralEdge {
  return {
    userId: (item.userId as string) ?? String(item.pk).slice(5),
    inviterId: item.inviterId as string | undefined,
    depth: Number(item.depth ?? 0),
    rootId: (item.rootId as string) ?? String(item.pk).slice(5),
    campaignId: item.campaignId as string | undefined,
    acceptedAt: item.acceptedAt as string | undefined,
    code: item.code as string | undefined,
    qualifiedAt: item.qualifiedAt as string | undefined,
    qualifiedBy: item.qualifiedBy as string | undefined,
    friendReward: item.friendReward as ReferralEdge['friendReward'],
    selftestCompletedAt: item.selftestCompletedAt as string | undefined,
    bookedAt: item.bookedAt as string | undefined,
    invited: Number(item.invited ?? 0),
  };
}

// ——— campaign rules ———

/** Replaces an invite campaign's reward rules (the marketer's JSON); undefined when there is no such invite campaign. */
export async function putCampaignRules(campaignId: string, rules: RewardRules, now: Date): Promise<RewardRules | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' },
        UpdateExpression: 'SET #rules = :rules, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND #type = :invite',
        ExpressionAttributeNames: { '#rules': 'rules', '#type': 'type' },
        ExpressionAttributeValues: { ':rules': rules, ':now': now.toISOString(), ':invite': 'invite' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes?.rules as RewardRules;
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}
