import { logger } from '../http/logger';
import { reconcilePayments } from './service';

/** The scheduled Lambda (EventBridge, every minute): pending orders past their hold, unconfirmed refunds. */
export const handler = async () => {
  const out = await reconcilePayments(new Date());
  logger.info('payment reconciliation', { ...out });
  return out;
};
