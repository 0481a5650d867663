import { TZDate, tz } from '@date-fns/tz';
import { lightFormat, parseISO, startOfMonth } from 'date-fns';

/**
 * The practice's time zone. Every calendar day, week, month and clock time the product counts or shows is
 * Shanghai's, whatever zone the server or the phone is in; instants are stored as UTC ISO-8601.
 *
 * Zone-aware dates are `TZDate`s (@date-fns/tz): date-fns' own functions (`addDays`, `startOfDay`, `getISODay`,
 * `lightFormat`, …) then work on Shanghai's calendar and clock.
 */
export const ZONE = process.env.TARO_ENV === 'weapp' ? '+08:00' : 'Asia/Shanghai';

/**
 * In the WeChat build the zones are fixed offsets. @date-fns/tz reads a named zone through Intl's `longOffset`
 * option, which older phones' WeChat JS engines lack (every date would come out invalid there); an offset it parses
 * itself. China has kept UTC+8 all year since 1991, so both give the same instants for any date this product
 * handles (tests/unit/time.test.ts checks it). Servers and the H5 build keep the IANA name.
 */
const UTC = process.env.TARO_ENV === 'weapp' ? '+00:00' : 'UTC';

const utc = /* @__PURE__ */ tz(UTC);
const shanghai = /* @__PURE__ */ tz(ZONE);

/** An ISO-8601 instant on the UTC clock; one without an offset is read as UTC, as instants are stored. */
export const inUtc = (iso: string): TZDate => parseISO(iso, { in: utc });

/** An instant on Shanghai's clock. A string is ISO-8601; one without an offset is read as UTC, as instants are stored. */
export function inShanghai(at: Date | string): TZDate {
  return new TZDate(typeof at === 'string' ? inUtc(at).getTime() : at.getTime(), ZONE);
}

/** Shanghai wall-clock time: an ISO date (`yyyy-MM-dd`, its midnight) or date-time without an offset, read in Shanghai. */
export function shanghaiWallClock(iso: string): TZDate {
  return parseISO(iso, { in: shanghai });
}

/** Midnight starting a Shanghai calendar month (`yyyy-MM`); an invalid date when `month` is not one. */
export function shanghaiMonthStart(month: string): TZDate {
  return /^\d{4}-\d\d$/.test(month) ? startOfMonth(shanghaiWallClock(month)) : new TZDate(NaN, ZONE);
}

/** The calendar date (`yyyy-MM-dd`) of a zoned date, on its own clock. */
export const isoDateOf = (d: Date): string => lightFormat(d, 'yyyy-MM-dd');

/** The calendar month (`yyyy-MM`) of a zoned date, on its own clock. */
export const monthOf = (d: Date): string => lightFormat(d, 'yyyy-MM');

/** The instant as `Date#toISOString` writes it (UTC, milliseconds), whatever the zone of `d`. */
export const utcIso = (d: Date): string => new Date(d.getTime()).toISOString();

/** Today's Shanghai calendar date (`yyyy-MM-dd`). */
export const shanghaiToday = (now: Date = new Date()): string => isoDateOf(inShanghai(now));
