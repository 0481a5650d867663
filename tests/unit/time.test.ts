import { addDays, addMinutes, addMonths, endOfDay, getISODay, lightFormat, startOfDay, startOfMonth } from 'date-fns';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { currentAndNextMonth, monthKey } from '../../shared/booking/rules';
import { dayBounds, monthBounds, parseSlotId, shanghaiDate, shanghaiTime, slotId } from '../../shared/booking/slots';
import { themeDayDates } from '../../shared/booking/themes';
import { isIsoDateTime } from '../../shared/iso';
import { inShanghai, isoDateOf, monthOf, shanghaiMonthStart, shanghaiToday, shanghaiWallClock, utcIso, ZONE } from '../../shared/time';
import { expiresAtFor } from '../../shared/voucher/lifecycle';
import { chinaDate, dayLabel, timeRange } from '../../miniapp/src/pages/booking/format';
import { formatDate, formatDateTime, formatTime } from '../../miniapp/src/utils/time';

/**
 * The zone helpers (date-fns + @date-fns/tz) against luxon, which the production code used before and which stays
 * here as an independent oracle. Shanghai has kept UTC+8 without daylight saving since 1991; the instants range well
 * beyond the dates the product handles.
 */
const instants = fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59.999Z'), noInvalidDate: true });
const isoInstants = instants.map((d) => d.toISOString());
const lux = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE);
const luxUtcIso = (d: DateTime) => d.toUTC().toJSDate().toISOString();
const dates = instants.map((d) => lux(d.toISOString()).toISODate()!);
const months = fc.record({ y: fc.integer({ min: 1992, max: 2200 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);

describe('Shanghai dates and times (date-fns + @date-fns/tz, against luxon)', () => {
  it('the Shanghai date, month, weekday and clock of an instant (property)', () => {
    fc.assert(
      fc.property(isoInstants, (iso) => {
        const d = inShanghai(iso);
        expect(d.getTime()).toBe(Date.parse(iso));
        expect(isoDateOf(d)).toBe(lux(iso).toISODate());
        expect(shanghaiDate(iso)).toBe(lux(iso).toISODate());
        expect(monthKey(iso)).toBe(lux(iso).toFormat('yyyy-MM'));
        expect(getISODay(d)).toBe(lux(iso).weekday);
        expect(shanghaiTime(iso)).toBe(lux(iso).toFormat('HH:mm'));
        expect(inShanghai(new Date(iso)).getTime()).toBe(Date.parse(iso));
        expect(shanghaiToday(new Date(iso))).toBe(lux(iso).toISODate());
      }),
      { numRuns: 2000 },
    );
  });

  it('the start of the Shanghai day and month of an instant, and of a date or month named as text (property)', () => {
    fc.assert(
      fc.property(isoInstants, (iso) => {
        expect(utcIso(startOfDay(inShanghai(iso)))).toBe(luxUtcIso(lux(iso).startOf('day')));
        expect(utcIso(startOfMonth(inShanghai(iso)))).toBe(luxUtcIso(lux(iso).startOf('month')));
        const date = lux(iso).toISODate()!;
        expect(utcIso(shanghaiWallClock(date))).toBe(luxUtcIso(DateTime.fromISO(date, { zone: ZONE })));
        expect(dayBounds(date)).toEqual({
          from: luxUtcIso(DateTime.fromISO(date, { zone: ZONE }).startOf('day')),
          to: luxUtcIso(DateTime.fromISO(date, { zone: ZONE }).startOf('day').plus({ days: 1 })),
        });
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(months, (month) => {
        const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE }).startOf('month');
        expect(utcIso(shanghaiMonthStart(month))).toBe(luxUtcIso(start));
        expect(monthBounds(month)).toEqual({ from: luxUtcIso(start), to: luxUtcIso(start.plus({ months: 1 })) });
        expect(themeDayDates(month)).toEqual(luxThemeDayDates(month));
      }),
    );
  });

  it('adding days and months keeps the Shanghai wall clock, across month and year ends (property)', () => {
    fc.assert(
      fc.property(isoInstants, fc.integer({ min: -800, max: 800 }), fc.integer({ min: -30, max: 30 }), (iso, days, monthsToAdd) => {
        expect(utcIso(addDays(inShanghai(iso), days))).toBe(luxUtcIso(lux(iso).plus({ days })));
        expect(utcIso(addMonths(inShanghai(iso), monthsToAdd))).toBe(luxUtcIso(lux(iso).plus({ months: monthsToAdd })));
        expect(monthOf(addMonths(inShanghai(iso), 1))).toBe(lux(iso).plus({ months: 1 }).toFormat('yyyy-MM'));
        expect(currentAndNextMonth(new Date(iso))).toEqual([lux(iso).toFormat('yyyy-MM'), lux(iso).plus({ months: 1 }).toFormat('yyyy-MM')]);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(dates, fc.integer({ min: -60, max: 60 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), (date, days, minutes) => {
        const day = DateTime.fromISO(date, { zone: ZONE }).startOf('day');
        expect(isoDateOf(addDays(shanghaiWallClock(date), days))).toBe(day.plus({ days }).toISODate());
        expect(utcIso(addMinutes(startOfDay(shanghaiWallClock(date)), minutes))).toBe(luxUtcIso(day.plus({ minutes })));
      }),
    );
  });

  it('a voucher expires at the end of the Shanghai day `validDays` after issue (property)', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 366 }), (issuedAt, validDays) => {
        const luxon = DateTime.fromJSDate(issuedAt, { zone: ZONE }).plus({ days: validDays }).endOf('day').toUTC().toISO();
        expect(expiresAtFor(issuedAt, validDays)).toBe(luxon);
        expect(utcIso(endOfDay(inShanghai(issuedAt)))).toBe(DateTime.fromJSDate(issuedAt, { zone: ZONE }).endOf('day').toUTC().toISO());
      }),
    );
  });

  it('slot ids: the compact UTC start reads back, and only real times are accepted (property)', () => {
    const minute = instants.map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString());
    fc.assert(
      fc.property(minute, (start) => {
        const ref = { kind: 'free' as const, counselorId: 'C1', start };
        const id = slotId(ref);
        expect(id).toBe(`F.C1.${DateTime.fromISO(start, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmm'Z'")}`);
        expect(parseSlotId(id)?.start).toBe(start);
      }),
    );
    // Years from 1000: for years 0–99 luxon's own 24:00 handling is off by a day.
    const year = fc.integer({ min: 1000, max: 9999 }).map(String);
    const field = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 99 })).map((v) => String(v).padStart(2, '0'));
    const compact = fc.tuple(year, field(13), field(32), field(25), field(61)).map(([y, mo, d, h, mi]) => `${y}${mo}${d}T${h}${mi}Z`);
    fc.assert(
      fc.property(compact, (c) => {
        const luxon = DateTime.fromFormat(c, "yyyyMMdd'T'HHmm'Z'", { zone: 'utc' });
        const parsed = parseSlotId(`P.C1.${c}.300`);
        expect(parsed?.start).toBe(luxon.isValid ? luxUtcIso(luxon) : undefined);
        if (parsed) expect(parsed.end).toBe(luxUtcIso(luxon.plus({ minutes: 50 })));
      }),
      { numRuns: 3000 },
    );
  });

  it('what the mini-program shows: dates, weekdays and times in Shanghai (property)', () => {
    const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
    fc.assert(
      fc.property(isoInstants, isoInstants, (a, b) => {
        expect(formatDateTime(a)).toBe(lux(a).toFormat('yyyy年M月d日 HH:mm'));
        expect(formatDate(a)).toBe(lux(a).toFormat('M月d日'));
        expect(formatTime(a)).toBe(lux(a).toFormat('HH:mm'));
        expect(chinaDate(a)).toBe(lux(a).toISODate());
        expect(timeRange(a, b)).toBe(`${lux(a).toFormat('HH:mm')}–${lux(b).toFormat('HH:mm')}`);
        const date = lux(a).toISODate()!;
        const d = DateTime.fromISO(date, { zone: ZONE });
        expect(dayLabel(date)).toBe(`${d.toFormat('M月d日')} ${WEEKDAYS[d.weekday]}`);
      }),
    );
    expect(dayLabel('2026-11-28')).toBe('11月28日 周六');
    expect(dayLabel('2026-11-30')).toBe('11月30日 周一');
    expect(dayLabel('2026-12-06')).toBe('12月6日 周日');
    expect(formatDateTime('2026-11-23T09:05:00.000Z')).toBe('2026年11月23日 17:05');
  });
});

describe('ISO-8601 validation (isIsoDateTime), against luxon DateTime.fromISO', () => {
  const pick = <T,>(xs: T[]) => fc.constantFrom(...xs);
  const two = fc.integer({ min: 0, max: 99 }).map((v) => String(v).padStart(2, '0'));
  const year = fc.oneof(fc.integer({ min: 0, max: 9999 }).map((v) => String(v).padStart(4, '0')), pick(['+002026', '-000001', '+275760', '2000', '1900', '2024', '2026', '2020', '2015']));
  const date = fc.oneof(
    fc.tuple(year, pick(['-', '']), two, pick(['-', '']), two).map((p) => p.join('')),
    fc.tuple(year, pick(['-', '']), two).map((p) => p.join('')),
    year,
    fc.tuple(year, pick(['-W', 'W', '-w']), two, pick(['-', '']), fc.integer({ min: 0, max: 9 })).map((p) => p.join('')),
    fc.tuple(year, pick(['-', '']), fc.integer({ min: 0, max: 999 }).map((v) => String(v).padStart(3, '0'))).map((p) => p.join('')),
    pick(['', '2026-11-28', '2026-1-5', '26-11-28']),
  );
  const time = fc.oneof(
    pick(['']),
    fc.tuple(two, pick([':', '', '.']), two, pick([':', '']), two, pick(['', '.5', ',123', '.0001', '.9999999999999999999', '.'])).map((p) => p.join('')),
    fc.tuple(two, pick([':', '']), two).map((p) => p.join('')),
    two,
  );
  const zone = pick(['', 'Z', 'z', '+08:00', '+0800', '+08', '-05:30', '+25:00', '+08:60', '+8:00', '[UTC]', '[utc]', 'Z[Asia/Shanghai]', '+08:00[Asia/Tokyo]', '[Foo/Bar]', '[EST5EDT]', ' Z']);
  const candidates = fc.tuple(date, pick(['T', 't', ' ', '']), time, zone).map(([d, sep, t, z]) => d + sep + t + z);

  it('accepts exactly what luxon accepted (property)', () => {
    fc.assert(
      fc.property(candidates, (s) => {
        expect(isIsoDateTime(s), s).toBe(DateTime.fromISO(s, { setZone: true }).isValid);
      }),
      { numRuns: 20_000 },
    );
  });

  it('every YYYY-MM-DD: a real calendar date or not, as luxon said (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 }), (y, m, d) => {
        const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(isIsoDateTime(s), s).toBe(DateTime.fromISO(s, { zone: ZONE }).isValid);
      }),
      { numRuns: 5000 },
    );
    for (const s of ['2024-02-29', '2000-02-29', '2026-W53', '2020-W53-7', '2024-366', '2026-11-28T24:00Z', '2026-11-28t09:00z', '09:00Z']) expect(isIsoDateTime(s), s).toBe(true);
    for (const s of ['2026-02-29', '1900-02-29', '2027-W53-1', '2026-366', '2026-11-28T24:01Z', '2026-11-28 09:00Z', '2026-11-28T09.5Z', '']) expect(isIsoDateTime(s), s).toBe(false);
  });
});

/** themeDayDates as it was written with luxon. */
function luxThemeDayDates(month: string): string[] {
  let d = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE }).startOf('month');
  while (d.weekday !== 6) d = d.plus({ days: 1 });
  return [0, 1, 2, 3].map((w) => d.plus({ weeks: w }).toISODate()!);
}

// Keeps lightFormat's patterns honest: the formats the product uses, on a known instant.
describe('display formats', () => {
  it('format Shanghai wall-clock fields whatever the process zone', () => {
    const d = inShanghai('2026-11-27T16:30:00.000Z');
    expect(lightFormat(d, 'yyyy-MM-dd HH:mm')).toBe('2026-11-28 00:30');
    expect(lightFormat(d, 'yyyy年M月d日')).toBe('2026年11月28日');
  });
});

describe('the WeChat build’s fixed offsets', () => {
  /** shared/time.ts as the weapp build sees it (TARO_ENV is replaced at build time there). */
  async function weappTime() {
    vi.resetModules();
    process.env.TARO_ENV = 'weapp';
    try {
      return await import('../../shared/time');
    } finally {
      delete process.env.TARO_ENV;
      vi.resetModules();
    }
  }

  it('give the same Shanghai dates, clocks and month starts as the IANA zone (property)', async () => {
    const weapp = await weappTime();
    expect(weapp.ZONE).toBe('+08:00');
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        const a = weapp.inShanghai(at);
        const b = inShanghai(at);
        expect(lightFormat(a, 'yyyy-MM-dd HH:mm:ss')).toBe(lightFormat(b, 'yyyy-MM-dd HH:mm:ss'));
        const day = isoDateOf(b);
        expect(weapp.shanghaiWallClock(day).getTime()).toBe(shanghaiWallClock(day).getTime());
        expect(weapp.shanghaiMonthStart(monthOf(b)).getTime()).toBe(shanghaiMonthStart(monthOf(b)).getTime());
        expect(weapp.inShanghai(at.toISOString().replace('Z', '')).getTime()).toBe(at.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('still work on a JS engine whose Intl cannot name a zone offset (older phones), where the IANA zone does not', () => {
    // A fresh Node process whose Intl refuses `longOffset`, as older phones' WeChat engines do; @date-fns/tz caches
    // what it learns per zone, so this cannot be shown in a process that has already used the zones.
    const script = `
      const Real = Intl.DateTimeFormat;
      Intl.DateTimeFormat = function (locale, opts) {
        if (opts && opts.timeZoneName === 'longOffset') throw new RangeError('longOffset is not supported');
        return new Real(locale, opts);
      };
      const { lightFormat } = await import('date-fns');
      const mod = await import('${pathToFileURL(join(import.meta.dirname, '../../shared/time.ts')).href}');
      const d = (mod.inShanghai ? mod : mod.default).inShanghai(new Date('2031-05-17T19:45:00Z'));
      console.log(Number.isNaN(d.getTime()) ? 'invalid' : lightFormat(d, 'yyyy-MM-dd HH:mm'));
    `;
    const shown = (taroEnv?: 'weapp') => {
      const env = { ...process.env, TARO_ENV: taroEnv };
      if (!taroEnv) delete env.TARO_ENV;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env });
      return out.trim().split('\n').pop();
    };
    expect(shown('weapp')).toBe('2031-05-18 03:45');
    // The reason for the fixed offsets: the same engine cannot place an instant in the named zone.
    expect(shown(undefined)).toBe('invalid');
  });
});
