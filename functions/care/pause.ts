import { crisisPauseEnd, isOffersPaused } from '../../shared/care/crisis-pause';
import { getCarePolicy } from '../db/settings';
import { getUser, pauseOffersUntil } from '../db/users';

/** A crisis result at `resultAt` pauses offers and marketing to this client for the admin's number of days. */
export async function pauseOffersAfterCrisis(userId: string, resultAt: string): Promise<void> {
  const { crisisPauseDays } = await getCarePolicy();
  await pauseOffersUntil(userId, crisisPauseEnd(resultAt, crisisPauseDays));
}

/** For every sender and every offer: is this person's pause still running? */
export async function offersPausedFor(userId: string, now: Date = new Date()): Promise<boolean> {
  const user = await getUser(userId);
  return isOffersPaused(user?.crisisPauseUntil, now);
}
