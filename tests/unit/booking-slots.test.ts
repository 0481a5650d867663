import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dayBounds,
  monthBounds,
  paidSlots,
  parseSlotId,
  shanghaiDate,
  shanghaiTime,
  slotId,
  themeDaySlots,
  tooClose,
  weeklyHoursProblem,
} from '../../shared/booking/slots';
import { themeDayDates } from '../../shared/booking/themes';

describe('theme-day slots (Asia/Shanghai)', () => {
  it('are 15 minutes long, start every 20 minutes (5-minute buffer), and end within the hours', () => {
    const slots = themeDaySlots('2026-11-28', { from: '09:00', to: '12:00' }, 'C1');
    expect(slots.map((s) => shanghaiTime(s.start))).toEqual(['09:00', '09:20', '09:40', '10:00', '10:20', '10:40', '11:00', '11:20', '11:40']);
    // 09:00 in Shanghai is 01:00 UTC: stored and returned in UTC.
    expect(slots[0]).toEqual({ kind: 'free', counselorId: 'C1', start: '2026-11-28T01:00:00.000Z', end: '2026-11-28T01:15:00.000Z' });
    for (let i = 1; i < slots.length; i++) expect(Date.parse(slots[i].start) - Date.parse(slots[i - 1].end)).toBe(5 * 60_000);
  });

  it('belong to the Shanghai date even when that is the previous UTC day', () => {
    const [early] = themeDaySlots('2026-12-01', { from: '06:00', to: '07:00' }, 'C1');
    expect(early.start).toBe('2026-11-30T22:00:00.000Z');
    expect(shanghaiDate(early.start)).toBe('2026-12-01');
  });

  it('day and month bounds follow Shanghai midnight, across month and year ends', () => {
    expect(dayBounds('2026-12-31')).toEqual({ from: '2026-12-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(monthBounds('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(monthBounds('2027-02')).toEqual({ from: '2027-01-31T16:00:00.000Z', to: '2027-02-28T16:00:00.000Z' });
  });

  it('never overlap, for any hours (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 * 60 }), fc.integer({ min: 15, max: 600 }), (fromMin, len) => {
        const toMin = Math.min(fromMin + len, 24 * 60 - 1);
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const slots = themeDaySlots('2027-01-31', { from: hhmm(fromMin), to: hhmm(toMin) }, 'C');
        for (let i = 1; i < slots.length; i++) expect(tooClose(slots[i - 1], slots[i])).toBe(false);
        for (const s of slots) expect(shanghaiDate(s.start)).toBe('2027-01-31');
        expect(slots.length).toBe(toMin - fromMin >= 15 ? Math.floor((toMin - fromMin - 15) / 20) + 1 : 0);
      }),
    );
  });
});

describe('paid slots', () => {
  it('open 50-minute consults on chosen weekdays and hours, across a month end', () => {
    // 2026-11-30 is a Monday; 2026-12-02 a Wednesday.
    const slots = paidSlots([{ weekday: 1, starts: ['19:00'] }, { weekday: 3, starts: ['09:00', '10:00'] }], 'C2', 400, '2026-11-29', 4, new Date('2026-01-01'));
    expect(slots.map((s) => `${shanghaiDate(s.start)} ${shanghaiTime(s.start)}`)).toEqual(['2026-11-30 19:00', '2026-12-02 09:00', '2026-12-02 10:00']);
    expect(slots.every((s) => s.price === 400 && Date.parse(s.end) - Date.parse(s.start) === 50 * 60_000)).toBe(true);
  });

  it('skip times already past', () => {
    const slots = paidSlots([{ weekday: 1, starts: ['09:00', '19:00'] }], 'C2', 400, '2026-11-30', 1, new Date('2026-11-30T05:00:00Z'));
    expect(slots.map((s) => shanghaiTime(s.start))).toEqual(['19:00']);
  });

  it('weekly hours must leave the 5-minute buffer between consults', () => {
    expect(weeklyHoursProblem([{ weekday: 2, starts: ['10:00', '10:55'] }])).toBeUndefined();
    expect(weeklyHoursProblem([{ weekday: 2, starts: ['10:00', '10:50'] }])).toMatch(/5 minutes/);
    expect(weeklyHoursProblem([{ weekday: 2, starts: ['23:30'] }])).toMatch(/midnight/);
  });
});

describe('slot ids', () => {
  it('name kind, counselor, start and (paid) the quoted price, and read back', () => {
    const free = themeDaySlots('2026-11-28', { from: '09:00', to: '09:15' }, '01JABCDEF')[0];
    expect(slotId(free)).toBe('F.01JABCDEF.20261128T0100Z');
    expect(parseSlotId(slotId(free))).toEqual(free);
    const paid = paidSlots([{ weekday: 6, starts: ['20:00'] }], 'C9', 500, '2026-11-28', 1, new Date('2026-01-01'))[0];
    expect(slotId(paid)).toBe('P.C9.20261128T1200Z.500');
    expect(parseSlotId(slotId(paid))).toEqual(paid);
  });

  it('refuse anything else', () => {
    for (const bad of ['', 'F.C1', 'X.C1.20261128T0100Z', 'F.C1.20261128T0100Z.300', 'P.C1.20261128T0100Z', 'F.C1.20261340T0100Z', 'F.C/1.20261128T0100Z']) {
      expect(parseSlotId(bad)).toBeUndefined();
    }
  });
});

describe('theme-day dates', () => {
  it('are the first four Saturdays of the month', () => {
    expect(themeDayDates('2026-11')).toEqual(['2026-11-07', '2026-11-14', '2026-11-21', '2026-11-28']);
    expect(themeDayDates('2027-01')).toEqual(['2027-01-02', '2027-01-09', '2027-01-16', '2027-01-23']);
  });
});
