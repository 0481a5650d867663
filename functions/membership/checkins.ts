import { tierOfCell, type TierThresholds } from '../../shared/analytics/tiers';
import { isOffersPaused } from '../../shared/care/crisis-pause';
import { inQuietHours } from '../../shared/care/message';
import { CHECKIN_MESSAGE, CHECKIN_PAGE, quarterOf, type CheckinSkipReason } from '../../shared/membership/checkin';
import { getTierCountersAndThresholds } from '../db/analytics';
import { returnGrant } from '../db/grants';
import {
  checkinCandidatesPage,
  claimCheckinReminder,
  countQuietHoursRun,
  recordCheckinSendFailed,
  recordCheckinSkip,
  type CheckinCandidate,
} from '../db/checkin-reminders';
import { getMembershipSettings } from '../db/membership';
import { tierCells } from '../db/messages';
import { logger } from '../http/logger';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';
import { checkinTemplateId } from './checkin-template';

export interface CheckinRunResult {
  state: 'done' | 'quiet_hours' | 'paused_midway' | 'no_benefit' | 'not_configured';
  quarter: string;
  /** Clients holding the benefit that this run decided (sent, skipped, or found already reminded). */
  evaluated: number;
  sent: number;
  /** Skips first counted by this run (each reason counts once per client and quarter, across runs). */
  skipped: Partial<Record<CheckinSkipReason, number>>;
  /** Profiles the candidate query read (each client at most once per run). */
  read: number;
}

const PARALLEL = 16;

/** Who holds the benefit: its levels and tiers, as the marketer set them (the tier is internal and never shown). */
async function benefitHolders() {
  const rules = (await getMembershipSettings(true)).benefits.filter((b) => b.kind === 'checkin_reminder');
  const levels = [...new Set(rules.flatMap((r) => r.levels))];
  const tiers = [...new Set(rules.flatMap((r) => r.tiers))];
  return { any: rules.length > 0 && (levels.length > 0 || tiers.length > 0), levels, tiers };
}

/**
 * Sends this quarter's check-in reminders: every client holding the `checkin_reminder` benefit who was not
 * reminded in the last ~quarter, with `checkins` consent, a counted one-time grant and no crisis pause gets one
 * subscription message inviting them to a self-test. Each client is decided by one conditional transaction keyed
 * by client + quarter, so retried or concurrent runs never send twice. Nothing is sent 21:00–09:00 Beijing.
 */
export async function runCheckinReminders(clock: () => Date = () => new Date(), opts: { pageSize?: number } = {}): Promise<CheckinRunResult> {
  const quarter = quarterOf(clock());
  const result: CheckinRunResult = { state: 'done', quarter, evaluated: 0, sent: 0, skipped: {}, read: 0 };
  const templateId = checkinTemplateId();
  if (!templateId) return { ...result, state: 'not_configured' };
  if (inQuietHours(clock())) {
    await countQuietHoursRun(quarter);
    return { ...result, state: 'quiet_hours' };
  }
  const holders = await benefitHolders();
  if (!holders.any) return { ...result, state: 'no_benefit' };
  const thresholds = holders.tiers.length ? (await getTierCountersAndThresholds()).thresholds : undefined;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await checkinCandidatesPage(clock(), thresholds ? undefined : holders.levels, cursor, opts.pageSize);
    result.read += page.read;
    const candidates = thresholds ? await withTierBenefit(page.candidates, holders, thresholds) : page.candidates;
    for (let i = 0; i < candidates.length; i += PARALLEL) {
      // Quiet hours can begin during a run: stop before the next client; tomorrow's run carries on.
      if (inQuietHours(clock())) return { ...result, state: 'paused_midway' };
      await Promise.all(candidates.slice(i, i + PARALLEL).map((c) => decide(c, templateId, clock(), result)));
    }
    result.evaluated += candidates.length;
    cursor = page.cursor;
  } while (cursor);
  return result;
}

/** Candidates holding the benefit by level, or by internal tier (the analytics cell, read in batches). */
async function withTierBenefit(cs: CheckinCandidate[], h: { levels: string[]; tiers: string[] }, t: TierThresholds): Promise<CheckinCandidate[]> {
  const byLevel = (c: CheckinCandidate) => h.levels.includes(c.level ?? 'chushi');
  const rest = cs.filter((c) => !byLevel(c));
  const cells = rest.length ? await tierCells(rest.map((c) => c.id)) : new Map<string, string>();
  return cs.filter((c) => {
    if (byLevel(c)) return true;
    return h.tiers.includes(tierOfCell(cells.get(c.id), t));
  });
}

/** One client: skipped with a counted reason, or claimed and then sent. Exported for the tests of a stale read. */
export async function decide(c: CheckinCandidate, templateId: string, at: Date, result: CheckinRunResult): Promise<void> {
  const quarter = quarterOf(at);
  const skip = async (reason: CheckinSkipReason) => {
    if (await recordCheckinSkip(c.id, quarter, reason, at)) result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
  };
  if (isOffersPaused(c.crisisPauseUntil, at)) return skip('crisis_pause');
  if (!c.consent) return skip('no_consent');
  const claim = await claimCheckinReminder(c, templateId, quarter, at);
  if (claim === 'already' || claim === 'busy' || claim === 'not_due' || claim === 'gone') return;
  if (claim !== 'claimed') return skip(claim);
  try {
    await wechat().sendSubscribeMessage({ openid: c.openid, templateId, page: CHECKIN_PAGE, data: { ...CHECKIN_MESSAGE } });
    result.sent++;
  } catch (err) {
    await recordCheckinSendFailed(c.id, quarter, at);
    // WeChat used no grant unless it said there was none (43101).
    if (!(err instanceof WechatError && err.errcode === 43101)) await returnGrant(c.id, templateId);
    result.skipped.send_failed = (result.skipped.send_failed ?? 0) + 1;
    logger.warn('check-in reminder not sent', { quarter, error: err as Error });
  }
}

/** The scheduled Lambda (EventBridge, daily at 10:00 Beijing). */
export const handler = async () => {
  const out = await runCheckinReminders();
  logger.info('check-in reminders', { ...out });
  return out;
};
