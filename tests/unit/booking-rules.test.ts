import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attendanceRefusal, bookingRefusal, canCancel, currentAndNextMonth, monthKey, reminderDueAt } from '../../shared/booking/rules';
import { allowanceKey } from '../../functions/db/booking';

const now = new Date('2026-11-23T08:00:00.000Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();

describe('minimum notice and cancel cut-off', () => {
  it('booking closes 2 hours before by default, and the notice is configurable', () => {
    expect(bookingRefusal(inMinutes(121), now)).toBeUndefined();
    expect(bookingRefusal(inMinutes(120), now)).toBeUndefined();
    expect(bookingRefusal(inMinutes(119), now)).toBe('too_late');
    expect(bookingRefusal(inMinutes(-1), now)).toBe('in_past');
    expect(bookingRefusal(inMinutes(45), now, { minNoticeMinutes: 30, cancelCutoffMinutes: 120 })).toBeUndefined();
  });

  it('cancelling closes at the cut-off', () => {
    expect(canCancel(inMinutes(120), now)).toBe(true);
    expect(canCancel(inMinutes(119), now)).toBe(false);
    expect(canCancel(inMinutes(30), now, { minNoticeMinutes: 0, cancelCutoffMinutes: 15 })).toBe(true);
  });

  it('a slot far enough ahead is always bookable and cancellable (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 10_000 }), (notice, extra) => {
        const policy = { minNoticeMinutes: notice, cancelCutoffMinutes: notice };
        const start = inMinutes(notice + extra + 1);
        expect(bookingRefusal(start, now, policy)).toBeUndefined();
        expect(canCancel(start, now, policy)).toBe(true);
      }),
    );
  });
});

describe('monthly free-consult allowance', () => {
  it('counts by the Shanghai calendar month of the consult, not the UTC one', () => {
    // 2026-11-30T16:30Z is 00:30 on 1 December in Shanghai.
    expect(monthKey('2026-11-30T16:30:00.000Z')).toBe('2026-12');
    expect(monthKey('2026-11-30T15:59:00.000Z')).toBe('2026-11');
    expect(monthKey('2026-12-31T16:00:00.000Z')).toBe('2027-01');
    expect(allowanceKey('U1', monthKey('2026-11-30T16:30:00.000Z'))).toEqual({ pk: 'USER#U1', sk: 'FREECONSULT#2026-12' });
  });

  it('this month and the next roll over at Shanghai midnight', () => {
    expect(currentAndNextMonth(new Date('2026-12-31T15:59:00Z'))).toEqual(['2026-12', '2027-01']);
    expect(currentAndNextMonth(new Date('2026-12-31T16:00:00Z'))).toEqual(['2027-01', '2027-02']);
  });

  it('two consults share a month key exactly when they fall in the same Shanghai month (property)', () => {
    const t = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2028-12-31') }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(t, t, (a, b) => {
        // An independent oracle: the platform's own time-zone data (Intl), not luxon.
        const local = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date(iso));
        expect(monthKey(a) === monthKey(b)).toBe(local(a) === local(b));
      }),
    );
  });
});

describe('reminders and attendance', () => {
  it('reminders are due an hour before', () => {
    expect(reminderDueAt('2026-11-28T01:00:00.000Z')).toBe('2026-11-28T00:00:00.000Z');
  });

  it('attendance is marked once, from 15 minutes before the start', () => {
    expect(attendanceRefusal({ status: 'booked', start: inMinutes(16) }, now)).toBe('not_started');
    expect(attendanceRefusal({ status: 'booked', start: inMinutes(15) }, now)).toBeUndefined();
    expect(attendanceRefusal({ status: 'booked', start: inMinutes(-5) }, now)).toBeUndefined();
    expect(attendanceRefusal({ status: 'attended', start: inMinutes(-5) }, now)).toBe('not_booked');
    expect(attendanceRefusal({ status: 'cancelled', start: inMinutes(-5) }, now)).toBe('not_booked');
  });
});
