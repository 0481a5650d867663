import { seedBooking } from '../booking/seed';
import { seedCampaign } from '../campaign/seed';
import { seedCare } from '../care/seed';
import { seedCourses } from '../course/seed';
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
  // Independent writes, made together: `npm start` waits for the seed before the API answers.
  const [counselors, marketer, admin] = await Promise.all([
    Promise.all(SEED_COUNSELORS.map((name) => findOrCreateUser(`dev#counselor#${name}`, { name, role: 'counselor', deviceId: `seed:${name}` }))),
    findOrCreateUser(`dev#marketer#${SEED_MARKETER}`, { name: SEED_MARKETER, role: 'marketer', deviceId: 'seed:marketer' }),
    findOrCreateUser(`dev#admin#${SEED_ADMIN}`, { name: SEED_ADMIN, role: 'admin', deviceId: 'seed:admin' }),
  ]);
  return { counselors, marketer, admin };
}

export async function seed(): Promise<void> {
  const { counselors } = await seedUsers();
  // Booking and campaigns touch different items; the campaign seed extends the invite campaign the referral seed made.
  await Promise.all([seedBooking(counselors), seedReferral().then(() => seedCampaign())]);
  // Care's sample complaints refer to the seeded clients and counselors; the seeded talk stands on its own.
  await Promise.all([seedCare(), seedGathering()]);
  // The two self-help courses the seeded points reward and benefit name (functions/course/seed.ts).
  await seedCourses();
}
