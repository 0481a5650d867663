import { listClientBookings } from '../db/booking';
import { anonymiseBooking, anonymiseComplaint, anonymiseProfile, anonymiseRegistration, deleteLoginIdentity, deletePersonalItems } from '../db/account';
import { listClientComplaints } from '../db/complaints';
import { cancelRegistration, listMyRegistrations } from '../db/gathering';
import { getUser } from '../db/users';
import { conflict, notFound } from '../http/errors';

/**
 * What stays after "delete everything of mine" (the page explains each in zh-CN): past bookings, anonymised, for
 * the practice's records; vouchers as the campaign's budget ledger; pseudonymous referral edges, so decided
 * rewards stay exactly-once; aggregate counters, which hold counts only.
 */
export const KEPT_AFTER_ERASE = ['bookings', 'orders', 'complaints', 'gatherings', 'vouchers', 'referral', 'counters'] as const;

/**
 * Deletes the client's own data: every self-test result (answers included), reminder grants and queued
 * reminders, invite code and invite opens, free-consult allowances, NPS and CSAT answers, the consent history,
 * messages received, quiz scores, points and entitlements, the name, the marketing opt-in and the sign-in
 * identity. Past bookings (and their payment orders), complaints and gathering seats are kept, anonymised. Refused while a consult or a
 * gathering seat is still ahead: someone is expecting the client, so they cancel it first (or it takes place).
 * Waitlist places still ahead are given up.
 */
export async function eraseEverythingOf(userId: string, now = new Date()) {
  const user = await getUser(userId);
  if (!user) throw notFound('user');
  const bookings = await listClientBookings(userId);
  const upcoming = bookings.filter((b) => b.status === 'booked' && b.end > now.toISOString());
  if (upcoming.length) {
    throw conflict('upcoming_bookings', `Cancel your ${upcoming.length} upcoming booking(s) first.`, { bookings: upcoming.length });
  }
  // A seat at a gathering still ahead is the same: the client cancels it (a paid one is refunded there) first.
  const registrations = await listMyRegistrations(userId);
  const ahead = registrations.filter((r) => r.startsAt > now.toISOString());
  const seats = ahead.filter((r) => r.status === 'registered' || r.status === 'pending_payment');
  if (seats.length) {
    throw conflict('upcoming_gatherings', `Cancel your ${seats.length} upcoming gathering registration(s) first.`, { gatherings: seats.length });
  }
  // A place on a waitlist is given up, so no seat is ever passed to an account that no longer exists.
  for (const r of ahead.filter((x) => x.status === 'waitlisted')) await cancelRegistration(r, now);
  const deleted = await deletePersonalItems(userId);
  for (const b of bookings) await anonymiseBooking(b.id, userId);
  const complaints = await listClientComplaints(userId);
  for (const c of complaints) await anonymiseComplaint(c, userId);
  for (const r of registrations) await anonymiseRegistration(r.gatheringId, userId);
  // Both ways in: a WeChat openid (kept as deviceId) and the local name-only login.
  const identities = [`wechat#${user.deviceId}`, `dev#${user.role}#${user.name}`];
  let signIns = 0;
  for (const identity of identities) if (await deleteLoginIdentity(identity, userId)) signIns++;
  await anonymiseProfile(userId, now);
  return {
    deleted: { selftests: deleted['SELFTEST#'] ?? 0, otherItems: Object.entries(deleted).filter(([p]) => p !== 'SELFTEST#').reduce((n, [, c]) => n + c, 0), signIns },
    anonymised: { bookings: bookings.length, complaints: complaints.length, gatherings: registrations.length },
    kept: KEPT_AFTER_ERASE,
  };
}
