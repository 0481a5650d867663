import { LEVELS, levelFor, levelRank, type Level } from '../../shared/membership/levels';
import { listClientBookings } from '../db/booking';
import { listMyRegistrations } from '../db/gathering';
import { setLevel } from '../db/membership';
import { getUser, type UserRecord } from '../db/users';
import { logger } from '../http/logger';

// Kept apart from the rest of membership: the booking Lambda calls it after an attendance and stays small.
/** The relationship so far, read from attended consults and gatherings; the level follows it. */
export async function refreshLevel(userId: string, now: Date = new Date()): Promise<Level> {
  const [user, bookings, regs] = await Promise.all([getUser(userId), listClientBookings(userId), listMyRegistrations(userId)]);
  if (!user || user.role !== 'client') return 'chushi';
  const attended = bookings.filter((b) => b.status === 'attended').sort((a, b) => a.start.localeCompare(b.start));
  const level = levelFor({ firstAttendedAt: attended[0]?.start, sessions: attended.length, gatherings: regs.filter((r) => r.status === 'attended').length }, now);
  const current = currentLevel(user);
  // Levels never go down: a relationship that was reached is not taken away.
  if (levelRank(level) > levelRank(current)) {
    await setLevel(userId, current, level);
    return level;
  }
  return current;
}

const currentLevel = (u: UserRecord & { level?: string }): Level => ((LEVELS as readonly string[]).includes(u.level ?? '') ? (u.level as Level) : 'chushi');

/** Hooks call this: a membership failure never fails the attendance that triggered it. */
export async function refreshLevelQuietly(userId: string): Promise<void> {
  try {
    await refreshLevel(userId);
  } catch (err) {
    logger.error('membership level refresh failed', { userId, error: err as Error });
  }
}

