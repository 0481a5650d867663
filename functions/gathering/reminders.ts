import { GATHERING_KIND_NAMES } from '../../shared/gathering/schema';
import { shanghaiDate, shanghaiTime } from '../../shared/booking/slots';
import { getGathering } from '../db/gathering';
import { claimGatheringReminder, closeGatheringReminder, listDueGatheringReminders } from '../db/gathering-reminders';
import { getUser } from '../db/users';
import { logger } from '../http/logger';
import { wechat } from '../wechat';

/** The subscription-message template of gathering reminders (a WeChat template id; a stand-in locally). */
export const gatheringReminderTemplateId = () => process.env.WECHAT_GATHERING_TEMPLATE_ID ?? 'local-gathering-reminder';

/** When a registration's reminder goes out: a day before, or an hour before when registered later than that. */
export function reminderDueAt(startsAt: string, now: Date): string | undefined {
  const start = Date.parse(startsAt);
  for (const before of [24 * 3_600_000, 3_600_000]) if (start - before > now.getTime()) return new Date(start - before).toISOString();
  return undefined;
}

/**
 * Sends the gathering reminders that are due, each at most once and only with a recorded one-time grant.
 * Runs every five minutes: an EventBridge schedule in AWS, a timer in `npm start`.
 */
export async function sendDueGatheringReminders(now: Date = new Date()): Promise<{ sent: number; skipped: number }> {
  let sent = 0;
  let skipped = 0;
  for (const r of await listDueGatheringReminders(now)) {
    if (Date.parse(r.startsAt) <= now.getTime()) {
      await closeGatheringReminder(r, 'missed', now);
      skipped++;
      continue;
    }
    const claim = await claimGatheringReminder(r, now);
    if (claim !== 'claimed') {
      if (claim === 'no_grant') await closeGatheringReminder(r, 'no_grant', now);
      if (claim === 'not_registered') await closeGatheringReminder(r, 'skipped', now);
      skipped++;
      continue;
    }
    const [g, client] = await Promise.all([getGathering(r.gatheringId), getUser(r.userId)]);
    try {
      await wechat().sendSubscribeMessage({
        openid: client?.deviceId ?? '',
        templateId: r.templateId,
        page: `pages/gathering/detail?id=${r.gatheringId}`,
        data: {
          thing1: { value: (g ? `${GATHERING_KIND_NAMES[g.kind]}｜${g.title}` : '活动').slice(0, 20) },
          time2: { value: `${shanghaiDate(r.startsAt)} ${shanghaiTime(r.startsAt)}` },
          thing3: { value: (g?.mode === 'online' ? '线上' : g?.address ?? '').slice(0, 20) || '详见小程序' },
          thing4: { value: '到场时出示签到码；来不了可在小程序中取消' },
        },
      });
      sent++;
    } catch (err) {
      await closeGatheringReminder(r, 'failed', now);
      logger.warn('gathering reminder not sent', { gatheringId: r.gatheringId, error: err as Error });
      skipped++;
    }
  }
  return { sent, skipped };
}

/** The scheduled Lambda (EventBridge, every five minutes). */
export const handler = async () => {
  const out = await sendDueGatheringReminders(new Date());
  logger.info('gathering reminders', out);
  return out;
};
