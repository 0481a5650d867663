import type { UserRecord } from '../db/users';
import { qualifyQuietly } from '../referral/service';

/**
 * What other capabilities do when a NEW user is created (not on every sign-in). Kept here so the login
 * routes stay one line; each capability adds its call below.
 */
export async function afterSignup(user: UserRecord): Promise<void> {
  // A friend is usually attributed after signing in (the accept counts the sign-up then); this covers
  // attribution that already exists when the account is created.
  await qualifyQuietly(user.id, 'signup', user.id);
}
