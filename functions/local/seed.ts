import { seedBooking } from '../booking/seed';
import { seedCampaign } from '../campaign/seed';
import { findOrCreateUser } from '../db/users';
import { seedGathering } from '../gathering/seed';
import { seedReferral } from '../referral/seed';

/**
 * Demo data for `npm start`: staff and clients who can sign in at once with the local login
 * (same name + role). Each capability adds its own seeding below; every step is safe to run twice.
 */
export const SEED_COUNSELORS = ['林静', '周明', '陈晓雨'] as const;
export const SEED_MARKETER = '市场部小李';
export const SEED_ADMIN = '管理员';

export async function seedUsers() {
  const counselors = [];
  for (const name of SEED_COUNSELORS) {
    counselors.push(await findOrCreateUser(`dev#counselor#${name}`, { name, role: 'counselor', deviceId: `seed:${name}` }));
  }
  const marketer = await findOrCreateUser(`dev#marketer#${SEED_MARKETER}`, { name: SEED_MARKETER, role: 'marketer', deviceId: 'seed:marketer' });
  const admin = await findOrCreateUser(`dev#admin#${SEED_ADMIN}`, { name: SEED_ADMIN, role: 'admin', deviceId: 'seed:admin' });
  return { counselors, marketer, admin };
}

export async function seed(): Promise<void> {
  const { counselors } = await seedUsers();
  await seedBooking(counselors);
  await seedReferral();
  await seedCampaign();
  await seedGathering();
}
