import type { BookingRecord } from '../db/booking';
import { refreshLevelQuietly } from '../membership/level';
import { qualifyQuietly } from '../referral/service';

/**
 * What other capabilities do when a consult is booked or attended (referral qualification, funnel counters).
 * Kept here so the booking routes stay one line; each capability adds its call below.
 */
export async function afterConsultBooked(_booking: BookingRecord): Promise<void> {
  // Referral / analytics calls go here (e.g. a funnel counter for booked consults).
}

export async function afterConsultAttended(booking: BookingRecord): Promise<void> {
  await qualifyQuietly(booking.clientId, 'consult_attended', booking.id);
  await refreshLevelQuietly(booking.clientId);
}
