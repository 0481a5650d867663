import { friendVoucherId } from '../../shared/referral/rewards';
import { getEdge } from '../db/referral';
import { getVoucher } from '../db/voucher';

/**
 * The welcome voucher an invited friend earned with this very action (e.g. this self-test), so the page that
 * follows can say so — or undefined. Read after the qualifying hook ran; the edge records which action
 * qualified the friend and whether the budget allowed the voucher.
 */
export async function voucherEarnedBy(userId: string, qualifiedBy: string) {
  const edge = await getEdge(userId, true);
  if (!edge?.campaignId || edge.qualifiedBy !== qualifiedBy || edge.friendReward !== 'granted') return undefined;
  const v = await getVoucher(friendVoucherId(userId, edge.campaignId));
  return v && v.ownerId === userId ? { id: v.id, value: v.value, expiresAt: v.expiresAt } : undefined;
}
