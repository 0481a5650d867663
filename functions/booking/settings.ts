import type { BookingPolicy } from '../../shared/booking/rules';
import { DEFAULT_POLICY } from '../../shared/booking/rules';

/** Booking settings from the environment (read at call time so tests can change them). */
export function bookingPolicy(): BookingPolicy {
  return {
    minNoticeMinutes: minutes('BOOKING_MIN_NOTICE_MINUTES', DEFAULT_POLICY.minNoticeMinutes),
    cancelCutoffMinutes: minutes('BOOKING_CANCEL_CUTOFF_MINUTES', DEFAULT_POLICY.cancelCutoffMinutes),
  };
}

/** The subscription-message template of the consult reminder (configured in the WeChat console). */
export const reminderTemplateId = () => process.env.WECHAT_REMINDER_TEMPLATE_ID ?? 'local-consult-reminder';

/** How far ahead paid slots are opened from a counselor's weekly hours. */
export const PAID_HORIZON_DAYS = 42;

function minutes(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of minutes`);
  return n;
}
