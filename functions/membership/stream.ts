import type { ChangeRecord } from '../db/changes';
import { getPointsSettings } from '../db/membership';
import { earnPoints } from '../db/points';
import { EARN_CAUSE_NAMES } from '../../shared/membership/ledger';

/**
 * Points for an inviter when a friend qualifies (the friend's own action, never a share), read from the table's
 * stream by the referral stream consumer: off the request path, with Lambda's retries behind it. The ledger
 * entry is keyed by the friend, so a replayed record earns nothing twice.
 */
export async function pointsForQualifiedFriend(c: ChangeRecord, now = new Date()): Promise<void> {
  const { pk, sk } = c.keys;
  if (c.eventName !== 'MODIFY' || !pk.startsWith('USER#') || sk !== 'REFERRAL') return;
  if (!c.newImage?.qualifiedAt || c.oldImage?.qualifiedAt || !c.newImage.inviterId) return;
  const rule = (await getPointsSettings()).earn.find((r) => r.cause === 'referral_qualified');
  if (!rule) return;
  const friendId = pk.slice('USER#'.length);
  await earnPoints({
    userId: String(c.newImage.inviterId),
    cause: `earn:referral_qualified:${friendId}`,
    ruleCause: 'referral_qualified',
    points: rule.points,
    budget: rule.budget,
    label: EARN_CAUSE_NAMES.referral_qualified,
    now,
  });
}
