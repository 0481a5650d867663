import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { pendingMilestones } from '../../shared/referral/rewards';
import type { RewardRules } from '../../shared/referral/rules';
import type { Voucher } from '../../shared/voucher/lifecycle';
import { cancellationReasons, db, table } from './client';
import { budgetKey, getInviterStats, milestoneKey, referralKey, statsKey, type InviterStats, type MilestoneOutcome, type QualifyOutcome } from './referral';
import { issueVoucherItem, type TransactItem } from './voucher';

/**
 * The qualifying action on the hot path in ONE transaction: the friend's qualification, the inviter's count, the
 * friend's voucher, and — when this friend completes a milestone — the milestone, the inviter's voucher and the
 * budget for both. Which milestone this friend completes depends on the inviter's count, which a transaction
 * cannot read, so the transaction states the count it expects (`qualified = :n`, likewise the decided
 * milestones) and DynamoDB checks it: a wrong guess cancels the transaction and hands back the real count
 * (ReturnValuesOnConditionCheckFailure), and the next attempt is right. The guess is this instance's last
 * known count for the inviter, or zero for an inviter it has not seen — always right for a first friend.
 *
 * Exactly-once rests on the same conditions as before: the friend's `attribute_not_exists(qualifiedAt)`, the
 * milestone items' `attribute_not_exists(pk)` and the budget's ceiling, all inside one transaction.
 */
const lastKnown = new Map<string, InviterStats>();
const LAST_KNOWN_MAX = 10_000;

export interface QualifyInput {
  friendId: string;
  inviterId: string;
  campaignId: string;
  sourceId: string;
  friendVoucher: Voucher;
  /** The inviter's voucher for milestone `index` (deterministic id). */
  inviterVoucher: (index: number) => Voucher;
  rules: Pick<RewardRules, 'milestone' | 'repeatMilestone' | 'budget'>;
  now: Date;
}

export type QualifyWithMilestonesResult =
  | { status: 'already_qualified' }
  | { status: Exclude<QualifyOutcome, 'already_qualified'>; milestones: Exclude<MilestoneOutcome, 'already_decided'>[] };

export async function qualifyWithMilestones(input: QualifyInput): Promise<QualifyWithMilestonesResult> {
  const cacheKey = `${table()}|${input.inviterId}|${input.campaignId}`;
  let stats: InviterStats = lastKnown.get(cacheKey) ?? { accepted: 0, qualified: 0, vouchersGranted: 0, notGranted: 0 };
  let budgetUsed: { vouchers: number; value: number } | undefined;

  for (let attempt = 0; attempt < 25; attempt++) {
    const due = pendingMilestones(stats.qualified + 1, stats.vouchersGranted + stats.notGranted, input.rules);
    const plan = planGrants(input.friendVoucher.value, due.map((i) => input.inviterVoucher(i).value), input.rules.budget, budgetUsed);
    const at: Record<string, number> = {};
    const items: TransactItem[] = [];
    const add = (name: string, item: TransactItem) => ((at[name] = items.length), items.push(item));

    add('friend', friendQualifiedItem(input, plan.friend));
    add('stats', statsItem(input, stats, plan));
    if (plan.friend) add('friendVoucher', issueVoucherItem(input.friendVoucher));
    due.forEach((index, i) => {
      add(`milestone${i}`, milestoneItem(input, index, plan.milestones[i]));
      if (plan.milestones[i]) add(`inviterVoucher${i}`, issueVoucherItem(input.inviterVoucher(index)));
    });
    if (plan.count > 0) add('budget', budgetItem(input.campaignId, input.rules.budget, plan.count, plan.total));

    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      remember(cacheKey, {
        accepted: stats.accepted,
        qualified: stats.qualified + 1,
        vouchersGranted: stats.vouchersGranted + plan.milestones.filter(Boolean).length,
        notGranted: stats.notGranted + plan.milestones.filter((g) => !g).length,
      });
      return {
        status: plan.friend ? 'qualified' : 'qualified_budget_exhausted',
        milestones: plan.milestones.map((g) => (g ? 'granted' : 'not_granted_budget')),
      };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons.length) throw err;
      const failed = (name: string) => at[name] !== undefined && reasons[at[name]] === 'ConditionalCheckFailed';
      if (failed('friend')) return { status: 'already_qualified' };
      if (failed('stats')) {
        stats = toStats(failedItem(err, at.stats));
        remember(cacheKey, stats);
        continue;
      }
      if (failed('budget')) {
        const b = failedItem(err, at.budget);
        budgetUsed = { vouchers: Number(b?.vouchers ?? 0), value: Number(b?.value ?? 0) };
        continue;
      }
      if (reasons.includes('ConditionalCheckFailed')) {
        // A milestone or voucher already there although the count looked right: read the count for certain.
        stats = await getInviterStats(input.inviterId, input.campaignId, true);
        continue;
      }
      // A conflict with a concurrent transaction on the same inviter or budget: back off a little, try again.
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 10 * Math.min(attempt + 1, 8)));
    }
  }
  throw new Error('qualification kept conflicting');
}

function remember(key: string, stats: InviterStats) {
  if (!lastKnown.has(key) && lastKnown.size >= LAST_KNOWN_MAX) lastKnown.delete(lastKnown.keys().next().value!);
  const known = lastKnown.get(key);
  if (!known || stats.qualified >= known.qualified) lastKnown.set(key, stats);
}

interface Plan {
  friend: boolean;
  milestones: boolean[];
  count: number;
  total: number;
}

/**
 * Which vouchers the budget holds, the friend's first, then the inviter's milestones in order. With the budget's
 * use unknown it plans to grant everything the ceiling allows at all; the budget's condition says if not.
 */
function planGrants(friendValue: number, milestoneValues: number[], budget: RewardRules['budget'], used = { vouchers: 0, value: 0 }): Plan {
  const plan: Plan = { friend: false, milestones: [], count: 0, total: 0 };
  const fits = (value: number) =>
    (budget.maxVouchers === undefined || used.vouchers + plan.count + 1 <= budget.maxVouchers) &&
    (budget.maxValue === undefined || used.value + plan.total + value <= budget.maxValue);
  const take = (value: number) => {
    if (!fits(value)) return false;
    plan.count++;
    plan.total += value;
    return true;
  };
  plan.friend = take(friendValue);
  plan.milestones = milestoneValues.map(take);
  return plan;
}

function friendQualifiedItem(input: QualifyInput, granted: boolean): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: referralKey(input.friendId),
      UpdateExpression: 'SET qualifiedAt = :at, qualifiedBy = :source, friendReward = :reward',
      ConditionExpression: 'attribute_not_exists(qualifiedAt) AND inviterId = :inviter',
      ExpressionAttributeValues: {
        ':at': input.now.toISOString(),
        ':source': input.sourceId,
        ':reward': granted ? 'granted' : 'not_granted_budget',
        ':inviter': input.inviterId,
      },
    },
  };
}

/** ADDs this friend and the decided milestones, on condition that the count is what the plan assumed. */
function statsItem(input: QualifyInput, expected: InviterStats, plan: Plan): TransactItem {
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = {
    ':type': 'referral_stats',
    ':campaign': input.campaignId,
    ':one': 1,
    ':granted': plan.milestones.filter(Boolean).length,
    ':notGranted': plan.milestones.filter((g) => !g).length,
  };
  const equals = (attr: keyof InviterStats) => {
    if (expected[attr] === 0) {
      values[':zero'] = 0; // DynamoDB refuses values no expression uses
      return `(attribute_not_exists(${attr}) OR ${attr} = :zero)`;
    }
    values[`:expected_${attr}`] = expected[attr];
    return `${attr} = :expected_${attr}`;
  };
  return {
    Update: {
      TableName: table(),
      Key: statsKey(input.inviterId, input.campaignId),
      UpdateExpression: 'SET #type = :type, campaignId = :campaign ADD qualified :one, vouchersGranted :granted, notGranted :notGranted',
      ConditionExpression: [equals('qualified'), equals('vouchersGranted'), equals('notGranted')].join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

function milestoneItem(input: QualifyInput, index: number, granted: boolean): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...milestoneKey(input.inviterId, input.campaignId, index),
        type: 'referral_milestone',
        campaignId: input.campaignId,
        milestoneIndex: index,
        outcome: granted ? 'granted' : 'not_granted_budget',
        at: input.now.toISOString(),
        ...(granted ? { voucherId: input.inviterVoucher(index).id } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Consumes `count` vouchers worth `total` from the campaign budget, failing (with the use so far) past a ceiling. */
function budgetItem(campaignId: string, budget: RewardRules['budget'], count: number, total: number): TransactItem {
  const conditions: string[] = [];
  const values: Record<string, number | string> = { ':count': count, ':total': total, ':type': 'campaign_budget' };
  if (budget.maxVouchers !== undefined) {
    conditions.push('(attribute_not_exists(vouchers) OR vouchers <= :maxVouchersBefore)');
    values[':maxVouchersBefore'] = budget.maxVouchers - count;
  }
  if (budget.maxValue !== undefined) {
    conditions.push('(attribute_not_exists(#value) OR #value <= :maxValueBefore)');
    values[':maxValueBefore'] = budget.maxValue - total;
  }
  return {
    Update: {
      TableName: table(),
      Key: budgetKey(campaignId),
      UpdateExpression: 'SET #type = :type ADD vouchers :count, #value :total',
      ...(conditions.length ? { ConditionExpression: conditions.join(' AND '), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
      ExpressionAttributeNames: { '#type': 'type', '#value': 'value' },
      ExpressionAttributeValues: values,
    },
  };
}

function toStats(item: Record<string, unknown> | undefined): InviterStats {
  return {
    accepted: Number(item?.accepted ?? 0),
    qualified: Number(item?.qualified ?? 0),
    vouchersGranted: Number(item?.vouchersGranted ?? 0),
    notGranted: Number(item?.notGranted ?? 0),
  };
}

function failedItem(err: unknown, index: number): Record<string, unknown> | undefined {
  const reasons = (err as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons;
  const item = reasons?.[index]?.Item;
  return item ? unmarshall(item) : undefined;
}
