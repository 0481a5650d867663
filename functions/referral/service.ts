import type { Campaign } from '../../shared/campaign/schema';
import { chooseVariant } from '../../shared/campaign/variants';
import { decideAttribution, type RejectionReason } from '../../shared/referral/attribution';
import { sceneFor, sharePathFor } from '../../shared/referral/codes';
import { friendsNeededForNext, friendVoucherId, inviterVoucherId, pendingMilestones } from '../../shared/referral/rewards';
import { DEFAULT_REWARD_RULES, type QualifyingAction, type RewardRules } from '../../shared/referral/rules';
import { rulesText } from '../../shared/referral/rules-text';
import { expiresAtFor, type Voucher, type VoucherReason } from '../../shared/voucher/lifecycle';
import { hasAnyBooking } from '../db/booking';
import { getCampaign, liveInviteCampaign } from '../db/campaign';
import { table } from '../db/client';
import {
  ancestorsOf,
  decideMilestone,
  getEdge,
  getInviterStats,
  getOrCreateInviteCode,
  inviterOfCode,
  listNotGranted,
  markSelftestCompleted,
  qualifyFriend,
  readForAccept,
  recordFirstOpen,
  recordRejection,
  rejectionCounts,
  subtreeSize,
  writeAcceptance,
  type AcceptReads,
} from '../db/referral';
import { getUser } from '../db/users';
import { conflict, notFound } from '../http/errors';
import { logger } from '../http/logger';

/**
 * The referral capability's use cases: each reads through the repository, decides with the pure rules in
 * shared/referral, and writes through one conditional transaction.
 */
const rulesOf = (c: Campaign | undefined): RewardRules => c?.rules ?? DEFAULT_REWARD_RULES;

/**
 * Which invite campaign is live changes a few times a year, while accepts come in bursts after a share: a warm
 * Lambda reuses the answer for a second. A refused accept reads it afresh before saying `campaign_inactive`.
 */
const CAMPAIGN_CACHE_MS = 1000;
let campaignCache: { table: string; at: number; campaign: Campaign | undefined } | undefined;

async function cachedLiveInviteCampaign(now: Date): Promise<Campaign | undefined> {
  const t = table();
  if (campaignCache && campaignCache.table === t && Date.now() - campaignCache.at < CAMPAIGN_CACHE_MS) return campaignCache.campaign;
  const campaign = await liveInviteCampaign(now);
  campaignCache = { table: t, at: Date.now(), campaign };
  return campaign;
}

/** After a campaign or its rules change in this process. */
export function forgetCachedCampaign(): void {
  campaignCache = undefined;
}

export async function myInvite(userId: string, now: Date) {
  const [code, campaign] = await Promise.all([getOrCreateInviteCode(userId, now), liveInviteCampaign(now)]);
  const rules = campaign ? rulesOf(campaign) : undefined;
  const stats = campaign ? await getInviterStats(userId, campaign.id) : { accepted: 0, qualified: 0, vouchersGranted: 0, notGranted: 0 };
  const notGranted = campaign && stats.notGranted > 0 ? await listNotGranted(userId, campaign.id) : [];
  const milestone = rules?.milestone ?? DEFAULT_REWARD_RULES.milestone;
  return {
    code,
    sharePath: sharePathFor(code),
    scene: sceneFor(code),
    campaignId: campaign?.id ?? null,
    campaignName: campaign?.name ?? null,
    rules: rules ?? null,
    rulesText: rules && campaign ? rulesText(rules, campaign) : [],
    progress: {
      qualified: stats.qualified,
      needed: milestone,
      remaining: rules ? friendsNeededForNext(stats.qualified, rules) : milestone,
      accepted: stats.accepted,
      vouchersGranted: stats.vouchersGranted,
      ...(notGranted.length ? { notGranted: notGranted.map((n) => ({ ...n, reason: 'budget' as const })) } : {}),
    },
  };
}

/** What a friend sees before signing in: who invited them (display name only), the campaign's content, the full rules. */
export async function inviteLanding(code: string, visitorId: string | undefined, now: Date) {
  const inviterId = await inviterOfCode(code);
  if (!inviterId) throw notFound('invite');
  const [inviter, campaign] = await Promise.all([getUser(inviterId), liveInviteCampaign(now)]);
  const variant = campaign ? chooseVariant(campaign.variants ?? [], campaign.id, visitorId ?? code) : undefined;
  const rules = campaign ? rulesOf(campaign) : undefined;
  return {
    code,
    inviterName: inviter?.name ?? '你的朋友',
    campaign: campaign ? { id: campaign.id, name: campaign.name, variantId: variant?.id ?? null, blocks: variant?.blocks ?? [] } : null,
    rules: rules ?? null,
    rulesText: rules && campaign ? rulesText(rules, campaign, 'friend') : [],
  };
}

export async function openInvite(code: string, subject: { userId?: string; visitorId?: string }, now: Date) {
  if (!(await inviterOfCode(code))) throw notFound('invite');
  return recordFirstOpen(subject, code, now);
}

export type AcceptResult = { ok: true; inviterName: string; campaignId: string } | { ok: false; reason: RejectionReason };

/**
 * A signed-in friend accepts an invite. Re-reads and decides again when the transaction lost a race, so the
 * reason a loser gets is the true one (already invited, cycle…) rather than a generic conflict.
 */
export async function acceptInvite(friendId: string, code: string, visitorId: string | undefined, now: Date): Promise<AcceptResult> {
  const inviterId = await inviterOfCode(code);
  if (!inviterId) throw notFound('invite');
  for (let attempt = 0; attempt < 4; attempt++) {
    const [reads, campaign, booked]: [AcceptReads, Campaign | undefined, boolean] = await Promise.all([
      readForAccept(friendId, inviterId, visitorId),
      attempt === 0 ? cachedLiveInviteCampaign(now) : liveInviteCampaign(now),
      inviterId === friendId ? Promise.resolve(false) : hasAnyBooking(friendId),
    ]);
    const friend = reads.friendProfile;
    if (!friend) throw notFound('user');
    const inviterName = (reads.inviterProfile?.name as string) ?? '你的朋友';
    // A retried accept of the same invite answers as the first did.
    if (reads.friendEdge?.inviterId === inviterId && campaign && reads.friendEdge.campaignId === campaign.id) {
      return { ok: true, inviterName, campaignId: campaign.id };
    }
    const decision = decideAttribution({
      inviter: { id: inviterId, rootId: reads.inviterEdge?.inviterId ? reads.inviterEdge.rootId : inviterId },
      friend: {
        id: friendId,
        createdAt: friend.createdAt as string,
        deviceId: (friend.deviceId as string) ?? '',
        inviterId: reads.friendEdge?.inviterId,
        invitedCount: reads.friendEdge?.invited ?? 0,
        completedSelftest: Boolean(reads.friendEdge?.selftestCompletedAt),
        hasBooking: booked,
      },
      firstOpenAt: reads.firstOpenAt,
      campaign: campaign ? { ...campaign, rules: rulesOf(campaign) } : undefined,
      now,
    });
    if (!decision.ok) {
      // A refusal is final, so it is decided on a fresh read of the campaign, never on the cached one.
      if (attempt === 0 && decision.reason === 'campaign_inactive') continue;
      return reject(campaign?.id, friendId, decision.reason, now);
    }
    const outcome = await writeAcceptance({
      friendId,
      inviterId,
      inviterEdge: reads.inviterEdge,
      deviceId: (friend.deviceId as string) ?? '',
      campaignId: campaign!.id,
      code,
      now,
    });
    if (outcome === 'device_reused') return reject(campaign!.id, friendId, 'device_reused', now);
    if (outcome === 'accepted') {
      // With `signup` as the qualifying action, accepting is the moment the new friend's sign-up counts.
      if (rulesOf(campaign).qualifyingAction === 'signup') await qualifyQuietly(friendId, 'signup', friendId);
      return { ok: true, inviterName, campaignId: campaign!.id };
    }
  }
  throw conflict('try_again', 'the invite changed while accepting: please try again');
}

async function reject(campaignId: string | undefined, friendId: string, reason: RejectionReason, now: Date): Promise<AcceptResult> {
  await recordRejection(campaignId ?? 'none', friendId, reason, now);
  return { ok: false, reason };
}

export type QualifyResult =
  | { status: 'not_invited' | 'other_action' | 'campaign_over' }
  | { status: 'qualified' | 'qualified_budget_exhausted' | 'already_qualified'; milestones: string[] };

/**
 * A friend did something that may be the campaign's qualifying action. Safe to call any number of times for
 * the same action (retried Lambda invocations, double submits): the friend's qualification is written once,
 * and the inviter's milestones are then reconciled from the counter — a crash between the two steps is
 * repaired by the next call for this inviter.
 */
export async function onQualifyingAction(userId: string, action: QualifyingAction, sourceId: string, now: Date): Promise<QualifyResult> {
  // A self-test is also remembered on the referral item (one write that returns the edge, instead of a read):
  // the accept transaction's condition then refuses a friend who already did one, even in a race.
  const edge = action === 'selftest_completed' ? await markSelftestCompleted(userId, now) : await getEdge(userId, true);
  if (!edge?.inviterId || !edge.campaignId) return { status: 'not_invited' };
  const campaign = await getCampaign(edge.campaignId);
  const rules = rulesOf(campaign);
  if (!campaign || rules.qualifyingAction !== action) return { status: 'other_action' };
  if (!stillRewarding(campaign, rules, now)) return { status: 'campaign_over' };

  const status = edge.qualifiedAt
    ? ('already_qualified' as const)
    : await qualifyFriend({
        friendId: userId,
        inviterId: edge.inviterId,
        campaignId: campaign.id,
        sourceId: `${action}:${sourceId}`,
        voucher: newVoucher(friendVoucherId(userId, campaign.id), userId, campaign.id, 'invited_friend', rules.friendReward, now),
        budget: rules.budget,
        now,
      });
  const milestones = await reconcileMilestones(edge.inviterId, campaign.id, rules, now);
  return { status, milestones };
}

/** Grants (or records as "not granted: budget") every milestone the inviter's count has reached. Direct inviter only. */
async function reconcileMilestones(inviterId: string, campaignId: string, rules: RewardRules, now: Date): Promise<string[]> {
  const stats = await getInviterStats(inviterId, campaignId, true);
  const outcomes: string[] = [];
  for (const index of pendingMilestones(stats.qualified, stats.vouchersGranted + stats.notGranted, rules)) {
    outcomes.push(
      await decideMilestone({
        inviterId,
        campaignId,
        index,
        voucher: newVoucher(inviterVoucherId(inviterId, campaignId, index), inviterId, campaignId, 'inviter_milestone', rules.inviterReward, now),
        budget: rules.budget,
        now,
      }),
    );
  }
  return outcomes;
}

/**
 * A friend who accepted while the campaign ran may qualify a little after it ends (they had the attribution
 * window to act); a campaign a marketer ended or returned to draft rewards nothing more.
 */
function stillRewarding(c: Campaign, rules: RewardRules, now: Date): boolean {
  return c.status === 'published' && now.getTime() < Date.parse(c.endsAt) + rules.attributionWindowDays * 24 * 60 * 60 * 1000;
}

function newVoucher(id: string, ownerId: string, campaignId: string, reason: VoucherReason, reward: RewardRules['inviterReward'], now: Date): Voucher {
  return {
    id,
    ownerId,
    status: 'issued',
    value: reward.value,
    expiresAt: expiresAtFor(now, reward.validDays),
    campaignId,
    reason,
    createdAt: now.toISOString(),
  };
}

/** Hooks call this: a referral failure must never fail the self-test, sign-up or attendance that triggered it. */
export async function qualifyQuietly(userId: string, action: QualifyingAction, sourceId: string): Promise<void> {
  try {
    await onQualifyingAction(userId, action, sourceId, new Date());
  } catch (err) {
    logger.error('referral qualification failed', { userId, action, sourceId, error: err as Error });
  }
}

/**
 * A marketer's view of one chain: pseudonymous ids and depths only. Names stay out, because marketers see
 * aggregates, not people (issue 5's privacy rule); the id is the handle the marketer already asked with.
 */
export async function referralChain(clientId: string) {
  const user = await getUser(clientId);
  if (!user) throw notFound('client');
  const [edge, ancestors, subtree] = await Promise.all([getEdge(clientId), ancestorsOf(clientId), subtreeSize(clientId)]);
  const depth = edge?.inviterId ? edge.depth : 0;
  return {
    client: { id: clientId },
    depth,
    ancestors: ancestors.map((a, i) => ({ id: a.userId, depth: depth - i - 1 })),
    directInvites: edge?.invited ?? 0,
    subtreeSize: subtree.size,
    subtreeTruncated: subtree.truncated,
  };
}

export const rejectionsFor = async (campaignId: string) => ({ campaignId, counts: await rejectionCounts(campaignId) });
