import { tierOfCell, type TierThresholds } from '../../shared/analytics/tiers';
import { inQuietHours, type SkipReason } from '../../shared/care/message';
import { isOffersPaused } from '../../shared/care/crisis-pause';
import { getTierCountersAndThresholds } from '../db/analytics';
import {
  claimSend,
  getMessageCampaign,
  listActiveCampaignIds,
  recordSendFailed,
  recordSkip,
  saveRunState,
  segmentPage,
  tierCells,
  type Candidate,
  type MessageCampaign,
} from '../db/messages';
import { returnGrant } from '../db/grants';
import { logger } from '../http/logger';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';
import { now as careNow } from './clock';

export interface RunResult {
  /** `more`: this run reached its share of clients and the next scheduled run carries on from the cursor. */
  state: 'done' | 'quiet_hours' | 'waiting' | 'paused_midway' | 'more' | 'gone';
  /** Clients decided (sent or skipped) in this run, including those a retry found already decided. */
  evaluated: number;
  sent: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Profiles the segment query read (each client at most once per run). */
  read: number;
}

const PARALLEL = 16;

function tierMatches(c: MessageCampaign, cells: Map<string, string>, t: TierThresholds, id: string): boolean {
  return c.segment.tiers!.includes(tierOfCell(cells.get(id), t));
}

/**
 * Runs one message campaign from where it stopped: page by page through its segment, each client decided once
 * (sent, or skipped with a reason) by a conditional transaction, so a retried or concurrent run never messages
 * anyone twice. Stops at quiet hours (21:00–09:00 Beijing) and carries on at the next run after 09:00.
 */
/** One scheduled run decides at most this many clients, well inside Lambda's time limit; the next run resumes. */
export const MAX_CLIENTS_PER_RUN = 20_000;

export async function runMessageCampaign(id: string, clock: () => Date = careNow, opts: { pageSize?: number; maxClients?: number } = {}): Promise<RunResult> {
  const result: RunResult = { state: 'done', sent: 0, skipped: {}, read: 0, evaluated: 0 };
  let c = await getMessageCampaign(id);
  if (!c || c.status === 'done') return { ...result, state: 'gone' };
  if (c.sendAfter && Date.parse(c.sendAfter) > clock().getTime()) return { ...result, state: 'waiting' };
  if (inQuietHours(clock())) return { ...result, state: 'quiet_hours' };
  const thresholds = c.segment.tiers?.length ? (await getTierCountersAndThresholds()).thresholds : undefined;
  let cursor = c.cursor;
  do {
    const page = await segmentPage(c.segment, cursor, opts.pageSize);
    result.read += page.read;
    let candidates = page.candidates;
    if (thresholds) {
      const cells = await tierCells(candidates.map((x) => x.id));
      candidates = candidates.filter((x) => tierMatches(c!, cells, thresholds, x.id));
    }
    for (let i = 0; i < candidates.length; i += PARALLEL) {
      // Quiet hours can begin in the middle of a run: stop before the next client, resume in the morning.
      if (inQuietHours(clock())) {
        await saveRunState(id, { status: 'sending', cursor, at: clock().toISOString() });
        return { ...result, state: 'paused_midway' };
      }
      await Promise.all(candidates.slice(i, i + PARALLEL).map((x) => decide(c!, x, clock(), result)));
    }
    result.evaluated += candidates.length;
    cursor = page.cursor;
    await saveRunState(id, { status: cursor ? 'sending' : 'done', cursor, at: clock().toISOString() });
    c = { ...c, cursor };
    if (cursor && result.evaluated >= (opts.maxClients ?? MAX_CLIENTS_PER_RUN)) return { ...result, state: 'more' };
  } while (cursor);
  return result;
}

async function decide(c: MessageCampaign, x: Candidate, at: Date, result: RunResult): Promise<void> {
  const skip = async (reason: SkipReason) => {
    if (await recordSkip(c.id, x.id, reason, at)) result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
  };
  if (isOffersPaused(x.crisisPauseUntil, at)) return skip('crisis_pause');
  const claim = await claimSend(c, x.id, at);
  if (claim === 'already') return;
  if (claim !== 'claimed') return skip(claim);
  try {
    await wechat().sendSubscribeMessage({
      openid: x.openid,
      templateId: c.templateId,
      page: `pages/care/message?c=${c.id}`,
      data: { thing1: { value: c.title }, thing2: { value: c.body } },
    });
    result.sent++;
  } catch (err) {
    await recordSendFailed(c.id, x.id, at);
    // WeChat used no grant unless it said there was none (43101).
    if (!(err instanceof WechatError && err.errcode === 43101)) await returnGrant(x.id, c.templateId);
    result.skipped.send_failed = (result.skipped.send_failed ?? 0) + 1;
    logger.warn('campaign message not sent', { campaignId: c.id, error: err as Error });
  }
}

/** Every queued or sending campaign, one after the other (the scheduled function, every 5 minutes). */
export async function runDueMessageCampaigns(clock: () => Date = careNow): Promise<Record<string, RunResult>> {
  const out: Record<string, RunResult> = {};
  for (const id of await listActiveCampaignIds()) out[id] = await runMessageCampaign(id, clock);
  return out;
}

export const handler = async () => {
  const out = await runDueMessageCampaigns();
  logger.info('message campaigns', { campaigns: Object.keys(out).length });
  return out;
};
