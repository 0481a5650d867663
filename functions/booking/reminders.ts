import type { ConsultMode } from '../../shared/booking/schema';
import { shanghaiTime, shanghaiDate } from '../../shared/booking/slots';
import { claimReminder, getBooking, getConsultMode, listDueReminders, markReminderFailed, setReminderStatus } from '../db/booking';
import { returnGrant } from '../db/grants';
import { getUser } from '../db/users';
import { logger } from '../http/logger';
import { wechat } from '../wechat';
import { WechatError } from '../wechat/api';

/**
 * Sends the consult reminders that are due (an hour before), each at most once and only with a recorded
 * one-time grant: the reminder is claimed and the grant used in one transaction before the message goes out.
 * Runs every minute: an EventBridge schedule in AWS, a timer in `npm start`.
 */
export async function sendDueReminders(now: Date = new Date()): Promise<{ sent: number; skipped: number }> {
  let sent = 0;
  let skipped = 0;
  for (const r of await listDueReminders(now)) {
    if (Date.parse(r.start) <= now.getTime()) {
      await setReminderStatus(r.bookingId, 'missed', now);
      skipped++;
      continue;
    }
    const claim = await claimReminder(r, now);
    if (claim !== 'claimed') {
      if (claim === 'no_grant') await setReminderStatus(r.bookingId, 'no_grant', now);
      if (claim === 'not_booked') await setReminderStatus(r.bookingId, 'skipped', now);
      skipped++;
      continue;
    }
    const booking = await getBooking(r.bookingId);
    const [client, counselor, mode] = await Promise.all([
      getUser(r.userId),
      booking ? getUser(booking.counselorId) : undefined,
      booking ? getConsultMode(booking.counselorId) : undefined,
    ]);
    try {
      await wechat().sendSubscribeMessage({
        openid: client?.deviceId ?? '',
        templateId: r.templateId,
        page: `pages/booking/confirm?id=${r.bookingId}`,
        data: {
          thing1: { value: booking?.kind === 'paid' ? '心理咨询（50 分钟）' : '免费咨询（15 分钟）' },
          time2: { value: `${shanghaiDate(r.start)} ${shanghaiTime(r.start)}` },
          thing3: { value: counselor?.name ?? '咨询师' },
          thing4: { value: reminderPlace(mode) },
        },
      });
      sent++;
    } catch (err) {
      // Not delivered: WeChat used no grant unless it said there was none (43101).
      await markReminderFailed(r.bookingId, now);
      if (!(err instanceof WechatError && err.errcode === 43101)) await returnGrant(r.userId, r.templateId);
      logger.warn('reminder not sent', { bookingId: r.bookingId, error: err as Error });
      skipped++;
    }
  }
  return { sent, skipped };
}

/** The reminder's "where" line (a thing field: 20 characters at most): the address, or online and where to find the link. */
export function reminderPlace(mode: ConsultMode | undefined): string {
  if (mode?.mode === 'in_person') {
    const line = `地点：${mode.address}`;
    return line.length <= 20 ? line : `${line.slice(0, 19).trimEnd()}…`;
  }
  if (mode?.mode === 'online') return '线上咨询，链接见小程序预约详情';
  return '请提前几分钟到达，如需取消请在小程序中操作';
}

/** The scheduled Lambda (EventBridge, every minute). */
export const handler = async () => {
  const out = await sendDueReminders(new Date());
  logger.info('reminders', out);
  return out;
};
