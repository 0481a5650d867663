import { isLive } from '../campaign/live';
import type { Campaign } from '../campaign/schema';
import type { RewardRules } from './rules';

/**
 * Whether a friend may be attributed to an inviter: a pure decision over what the repository read.
 * The accept transaction then re-checks the parts a race could change (no edge yet, device unclaimed,
 * the inviter's own edge unchanged), so a decision made here cannot be overtaken by a concurrent accept.
 */
export const REJECTION_REASONS = [
  'campaign_inactive',
  'self_invite',
  'already_invited',
  'cycle',
  'device_reused',
  'existing_client',
  'window_expired',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Someone who signed up this long before first opening an invite is an existing client, not a new friend. */
export const EXISTING_CLIENT_AFTER_MS = 24 * 60 * 60 * 1000;

export interface AttributionInput {
  inviter: {
    id: string;
    /** The top of the inviter's own chain: their root ancestor, or themself when nobody invited them. */
    rootId: string;
  };
  friend: {
    id: string;
    createdAt: string;
    deviceId: string;
    /** Set when somebody already invited this friend. */
    inviterId?: string;
    /** How many friends this person has already brought in (someone with invitees is not a new friend). */
    invitedCount: number;
    completedSelftest: boolean;
    hasBooking: boolean;
  };
  /** The user who already claimed this device as a new friend, if any. */
  deviceClaimedBy?: string;
  /** The friend's first open of any invite; the accept itself counts as the first open when none was recorded. */
  firstOpenAt?: string;
  campaign: Pick<Campaign, 'status' | 'startsAt' | 'endsAt'> & { rules: Pick<RewardRules, 'attributionWindowDays'> } | undefined;
  now: Date;
}

export type AttributionDecision = { ok: true } | { ok: false; reason: RejectionReason };

const reject = (reason: RejectionReason): AttributionDecision => ({ ok: false, reason });

export function decideAttribution(input: AttributionInput): AttributionDecision {
  const { inviter, friend, campaign, now } = input;
  if (!campaign || !isLive(campaign, now)) return reject('campaign_inactive');
  if (inviter.id === friend.id) return reject('self_invite');
  if (friend.inviterId) return reject('already_invited');
  // The friend has no inviter, so they are the root of whatever tree they are in: they are an ancestor of
  // the inviter exactly when they are the inviter's root.
  if (inviter.rootId === friend.id) return reject('cycle');
  if (input.deviceClaimedBy && input.deviceClaimedBy !== friend.id) return reject('device_reused');
  const firstOpen = input.firstOpenAt ? Date.parse(input.firstOpenAt) : now.getTime();
  if (isExistingClient(friend, firstOpen)) return reject('existing_client');
  if (now.getTime() - firstOpen > campaign.rules.attributionWindowDays * 24 * 60 * 60 * 1000) return reject('window_expired');
  return { ok: true };
}

function isExistingClient(friend: AttributionInput['friend'], firstOpenMs: number): boolean {
  if (friend.completedSelftest || friend.hasBooking) return true;
  // Somebody who already brought friends in is a participant already; letting them be invited now would
  // also re-root a tree whose depths were written down.
  if (friend.invitedCount > 0) return true;
  return firstOpenMs - Date.parse(friend.createdAt) > EXISTING_CLIENT_AFTER_MS;
}

/** zh-CN explanations a friend sees for each refusal. */
export const REJECTION_MESSAGES: Record<RejectionReason, string> = {
  campaign_inactive: '邀请活动暂未开放或已结束',
  self_invite: '不能接受自己的邀请',
  already_invited: '你已经接受过一位好友的邀请',
  cycle: '你们之间已有邀请关系，不能互相邀请',
  device_reused: '这台设备已参与过新好友邀请',
  existing_client: '邀请仅面向首次使用涟漪的新朋友',
  window_expired: '邀请链接已超过有效期',
};
