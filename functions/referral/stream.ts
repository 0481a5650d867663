import type { QualifyingAction } from '../../shared/referral/rules';
import { inOrder, streamHandler, type ChangeRecord } from '../db/changes';
import { inviterVoucherIssuedIn, notifyVoucherGranted } from '../voucher/notify';
import { pointsForQualifiedFriend } from '../membership/stream';
import { notifyPromotionIn } from '../gathering/waitlist-notice';
import { onQualifyingAction } from './service';

/**
 * The safety net under the request-path hooks (functions/{auth,selftest,booking}/hooks.ts). A hook qualifies a
 * friend at once, but "quietly": if DynamoDB fails it then, the self-test or sign-up still succeeds and the
 * reward would be lost. This consumer sees the same facts on the table's stream, with Lambda's retries and a
 * failure queue behind it, and makes the same call. Qualifying is exactly-once (a conditional transaction on
 * the friend's referral item), so seeing a fact twice grants nothing twice.
 */
export interface QualifyingFact {
  userId: string;
  action: QualifyingAction;
  sourceId: string;
}

/** Which qualifying action an item change records, with the same source id the hook uses. */
export function qualifyingFactOf(c: ChangeRecord): QualifyingFact | undefined {
  const { pk, sk } = c.keys;
  if (c.eventName === 'INSERT' && pk.startsWith('USER#')) {
    const userId = pk.slice('USER#'.length);
    if (sk === 'PROFILE') return { userId, action: 'signup', sourceId: userId };
    if (sk.startsWith('SELFTEST#')) return { userId, action: 'selftest_completed', sourceId: sk.slice('SELFTEST#'.length) };
  }
  if (c.eventName === 'MODIFY' && pk.startsWith('BOOKING#') && sk === 'BOOKING') {
    const attendedNow = c.newImage?.status === 'attended' && c.oldImage?.status !== 'attended';
    if (attendedNow) return { userId: String(c.newImage!.clientId), action: 'consult_attended', sourceId: pk.slice('BOOKING#'.length) };
  }
  return undefined;
}

export async function processReferralRecord(c: ChangeRecord, now = new Date()): Promise<void> {
  const fact = qualifyingFactOf(c);
  if (fact) await onQualifyingAction(fact.userId, fact.action, fact.sourceId, now);
  // A milestone voucher was issued: tell the inviter (voucher capability; at most once per voucher).
  const issued = inviterVoucherIssuedIn(c);
  if (issued) await notifyVoucherGranted(issued, now);
  await pointsForQualifiedFriend(c);
  // A waitlisted client just took a seat: tell them (gathering capability; at most once per promotion).
  await notifyPromotionIn(c, now);
}

export const processReferralRecords = (records: ChangeRecord[]) => inOrder(records, (r) => processReferralRecord(r));

/** The referralStream Lambda (serverless.yml): only the item changes qualifyingFactOf reads reach it. */
export const handler = streamHandler('referral', (r) => processReferralRecord(r));
