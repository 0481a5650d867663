import { getConsultHours } from '../db/booking';
import { listUsersByRole } from '../db/users';
import { logger } from '../http/logger';
import { applyConsultHours } from './schedule';

/**
 * Keeps each counselor's paid hours open six weeks ahead. Saving hours opens them once; without this the window
 * would shrink by a day every day until the counselor saved again. Re-applying the saved hours adds the day that
 * came into reach, leaves booked slots alone, and steps around theme-day consults added since.
 * Runs daily: an EventBridge schedule in AWS, a timer in `npm start`.
 */
export async function topUpPaidHours(now: Date = new Date()): Promise<{ counselors: number; openSlots: number }> {
  let counselors = 0;
  let openSlots = 0;
  for (const c of await listUsersByRole('counselor')) {
    const hours = await getConsultHours(c.id);
    if (!hours) continue;
    const out = await applyConsultHours(c.id, { price: hours.price, weekly: hours.weekly }, now);
    counselors++;
    openSlots += out.opened;
  }
  return { counselors, openSlots };
}

/** The scheduled Lambda (EventBridge, daily). */
export const handler = async () => {
  const out = await topUpPaidHours(new Date());
  logger.info('paid hours topped up', out);
  return out;
};
