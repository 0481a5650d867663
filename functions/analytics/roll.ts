import type { ScheduledHandler } from 'aws-lambda';
import { clientsToRoll } from '../db/analytics';
import { logger } from '../http/logger';
import { applyOnce } from './stream';

/**
 * Daily: clients whose oldest paid month has left the 12-month window are moved to the tier cell of what remains,
 * even if they never pay again. Only those clients are read (gsi2 `TIERROLL#<month>`); each move happens once
 * per client and month (marker `ROLL#<userId>#<month>`), so a re-run or an overlapping run changes nothing.
 */
export async function rollTierWindows(now = new Date()): Promise<number> {
  const month = now.toISOString().slice(0, 7);
  const ids = await clientsToRoll(now);
  for (const userId of ids) await applyOnce(`ROLL#${userId}#${month}`, { kind: 'window_rolled', userId, now }, now);
  return ids.length;
}

export const handler: ScheduledHandler = async () => {
  const rolled = await rollTierWindows();
  logger.info('tier windows rolled', { rolled });
};
