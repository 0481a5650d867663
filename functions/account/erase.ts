import { listClientBookings } from '../db/booking';
import { anonymiseBooking, anonymiseProfile, deleteLoginIdentity, deletePersonalItems } from '../db/account';
import { getUser } from '../db/users';
import { conflict, notFound } from '../http/errors';

/**
 * What stays after "delete everything of mine" (the page explains each in zh-CN): past bookings, anonymised, for
 * the practice's records; vouchers as the campaign's budget ledger; pseudonymous referral edges, so decided
 * rewards stay exactly-once; aggregate counters, which hold counts only.
 */
export const KEPT_AFTER_ERASE = ['bookings', 'vouchers', 'referral', 'counters'] as const;

/**
 * Deletes the client's own data: every self-test result (answers included), reminder grants and queued
 * reminders, invite code and invite opens, free-consult allowances, NPS answers, the name, the marketing
 * opt-in and the sign-in identity. Past bookings are kept, anonymised. Refused while a consult is still ahead:
 * a counselor is expecting someone, so the client cancels it first (or it takes place).
 */
export async function eraseEverythingOf(userId: string, now = new Date()) {
  const user = await getUser(userId);
  if (!user) throw notFound('user');
  const bookings = await listClientBookings(userId);
  const upcoming = bookings.filter((b) => b.status === 'booked' && b.end > now.toISOString());
  if (upcoming.length) {
    throw conflict('upcoming_bookings', `Cancel your ${upcoming.length} upcoming booking(s) first.`, { bookings: upcoming.length });
  }
  const deleted = await deletePersonalItems(userId);
  for (const b of bookings) await anonymiseBooking(b.id, userId);
  // Both ways in: a WeChat openid (kept as deviceId) and the local name-only login.
  const identities = [`wechat#${user.deviceId}`, `dev#${user.role}#${user.name}`];
  let signIns = 0;
  for (const identity of identities) if (await deleteLoginIdentity(identity, userId)) signIns++;
  await anonymiseProfile(userId, now);
  return {
    deleted: { selftests: deleted['SELFTEST#'] ?? 0, otherItems: Object.entries(deleted).filter(([p]) => p !== 'SELFTEST#').reduce((n, [, c]) => n + c, 0), signIns },
    anonymised: { bookings: bookings.length },
    kept: KEPT_AFTER_ERASE,
  };
}
