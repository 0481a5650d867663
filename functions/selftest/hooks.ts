import type { StoredResult } from '../db/selftest';
import { qualifyQuietly } from '../referral/service';

/**
 * What other capabilities do when a client completes a self-test (referral qualification, funnel counters).
 * Kept here so the self-test route stays one line; each capability adds its call below.
 */
export async function afterSelftestCompleted(userId: string, result: StoredResult): Promise<void> {
  await qualifyQuietly(userId, 'selftest_completed', result.id);
}
