import { addMonths } from 'date-fns';
import { inShanghai, monthOf } from '../time';

/**
 * Booking rules that need no database: how late a slot may still be booked or cancelled, and which month
 * a free consult counts against. Both limits are settings (environment in AWS) with 2-hour defaults.
 */
export interface BookingPolicy {
  /** Booking closes this many minutes before the slot starts. */
  minNoticeMinutes: number;
  /** Cancelling closes this many minutes before the slot starts. */
  cancelCutoffMinutes: number;
}

export const DEFAULT_POLICY: BookingPolicy = { minNoticeMinutes: 120, cancelCutoffMinutes: 120 };

export type BookRefusal = 'too_late' | 'in_past';

export function bookingRefusal(slotStart: string, now: Date, policy: BookingPolicy = DEFAULT_POLICY): BookRefusal | undefined {
  const start = Date.parse(slotStart);
  if (start <= now.getTime()) return 'in_past';
  if (start - now.getTime() < policy.minNoticeMinutes * 60_000) return 'too_late';
  return undefined;
}

export function canCancel(slotStart: string, now: Date, policy: BookingPolicy = DEFAULT_POLICY): boolean {
  return Date.parse(slotStart) - now.getTime() >= policy.cancelCutoffMinutes * 60_000;
}

/** The Shanghai calendar month (`yyyy-MM`) a consult starting at this instant belongs to: one free consult each. */
export function monthKey(isoStart: string): string {
  return monthOf(inShanghai(isoStart));
}

/** This Shanghai month and the next, for "theme days of this month and next". */
export function currentAndNextMonth(now: Date = new Date()): [string, string] {
  const d = inShanghai(now);
  return [monthOf(d), monthOf(addMonths(d, 1))];
}

/** When the reminder for a consult is due: an hour before it starts. */
export const REMINDER_LEAD_MINUTES = 60;
export function reminderDueAt(slotStart: string): string {
  return new Date(Date.parse(slotStart) - REMINDER_LEAD_MINUTES * 60_000).toISOString();
}

/**
 * pending_payment (a paid consult's 15-minute hold) → booked (paid) or expired (unpaid) or cancelled;
 * booked → cancelled (nothing was paid) or refund_pending → refunded (paid, cancelled in time); booked → attended / no_show.
 */
export type BookingStatus = 'pending_payment' | 'booked' | 'expired' | 'cancelled' | 'refund_pending' | 'refunded' | 'attended' | 'no_show';

/** Counselors may check a client in this long before the start (people arrive early). */
export const ATTENDANCE_OPENS_MINUTES_BEFORE = 15;

/** Attendance can be marked once, from shortly before the start on, and only for a booking still standing. */
export function attendanceRefusal(b: { status: BookingStatus; start: string }, now: Date): 'not_booked' | 'not_started' | undefined {
  if (b.status !== 'booked') return 'not_booked';
  if (Date.parse(b.start) - ATTENDANCE_OPENS_MINUTES_BEFORE * 60_000 > now.getTime()) return 'not_started';
  return undefined;
}
