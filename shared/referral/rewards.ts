import type { RewardRules } from './rules';

/**
 * How many inviter vouchers `qualified` friends have earned: one per full milestone when the milestone
 * repeats, otherwise at most one. Only the direct inviter earns — there are no multi-level rewards.
 */
export function inviterVouchersDue(qualified: number, rules: Pick<RewardRules, 'milestone' | 'repeatMilestone'>): number {
  const full = Math.floor(Math.max(0, qualified) / rules.milestone);
  return rules.repeatMilestone ? full : Math.min(1, full);
}

/**
 * The milestone indexes still to decide (grant, or record as not granted) when `decided` of them are: every
 * caller decides them in order, so the decided ones are always a prefix and a counter is enough to know it.
 */
export function pendingMilestones(qualified: number, decided: number, rules: Pick<RewardRules, 'milestone' | 'repeatMilestone'>): number[] {
  const due = inviterVouchersDue(qualified, rules);
  return Array.from({ length: Math.max(0, due - decided) }, (_, i) => decided + i);
}

/** Friends still needed for the next inviter voucher, or 0 when no further voucher can be earned. */
export function friendsNeededForNext(qualified: number, rules: Pick<RewardRules, 'milestone' | 'repeatMilestone'>): number {
  if (!rules.repeatMilestone && qualified >= rules.milestone) return 0;
  return rules.milestone - (qualified % rules.milestone);
}

export interface BudgetUse {
  vouchers: number;
  /** Whole yuan. */
  value: number;
}

/** Whether one more voucher of `value` fits in the campaign's budget (by count and by total value). */
export function budgetAllows(used: BudgetUse, budget: RewardRules['budget'], value: number): boolean {
  if (budget.maxVouchers !== undefined && used.vouchers + 1 > budget.maxVouchers) return false;
  if (budget.maxValue !== undefined && used.value + value > budget.maxValue) return false;
  return true;
}

/** The deterministic id of an inviter's n-th milestone voucher (0-based): retries and races meet on it. */
export const inviterVoucherId = (inviterId: string, campaignId: string, milestoneIndex: number) =>
  `inv-${inviterId}-${idPart(campaignId)}-${milestoneIndex}`;

/** A friend earns one voucher per campaign. */
export const friendVoucherId = (friendId: string, campaignId: string) => `fr-${friendId}-${idPart(campaignId)}`;

/**
 * Voucher ids travel in booking requests (at most 64 characters), so a long campaign id is shortened to a
 * prefix plus a stable hash of the whole id — still one id per campaign.
 */
function idPart(campaignId: string): string {
  if (campaignId.length <= 24) return campaignId;
  let h = 0x811c9dc5;
  for (let i = 0; i < campaignId.length; i++) h = Math.imul(h ^ campaignId.charCodeAt(i), 0x01000193);
  return `${campaignId.slice(0, 16)}_${(h >>> 0).toString(36).padStart(7, '0')}`;
}
