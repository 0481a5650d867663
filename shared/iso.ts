/**
 * ISO-8601 validation accepting the same strings as luxon's `DateTime.fromISO`, which the API validated with
 * before (its grammar and range checks, reproduced so validation does not change): calendar, week and ordinal
 * dates, each with an optional `T` time, or a time alone; then an optional offset and/or a bracketed IANA zone.
 * Apart from ./time.ts so that validating pulls no time-zone code into a bundle.
 */

const TIME = String.raw`(\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d{1,30}))?)?)?(?:[Zz]|[+-]\d\d(?::?\d\d)?)?(?:\[([A-Za-z_+-]{1,256}(?::?\/[A-Za-z0-9_+-]{1,256}(?:\/[A-Za-z0-9_+-]{1,256})?)?)\])?`;
// Captures: 1–3 the date's numbers, 4–7 hours, minutes, seconds, fraction, 8 the IANA zone.
const ISO_FORMS = [
  ['ymd', new RegExp(String.raw`^([+-]\d{6}|\d{4})(?:-?(\d\d)(?:-?(\d\d))?)?(?:[Tt]${TIME})?$`)],
  ['week', new RegExp(String.raw`^(\d{4})-?W(\d\d)(?:-?(\d))?(?:[Tt]${TIME})?$`)],
  ['ordinal', new RegExp(String.raw`^(\d{4})-?(\d{3})()(?:[Tt]${TIME})?$`)],
  ['time', new RegExp(String.raw`^()()()${TIME}$`)],
] as const;

const between = (n: number, min: number, max: number) => n >= min && n <= max;
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
/** ISO weeks in a week-year: 53 when it starts or ends on a Thursday. */
function isoWeeksInYear(y: number): number {
  const dec31 = (x: number) => (((x + Math.floor(x / 4) - Math.floor(x / 100) + Math.floor(x / 400)) % 7) + 7) % 7;
  return dec31(y) === 4 || dec31(y - 1) === 3 ? 53 : 52;
}
function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name }).format();
    return true;
  } catch {
    return false;
  }
}

/** Whether `s` is an ISO-8601 date or date-time that names a real moment (e.g. not February 30th, not 25:00). */
export function isIsoDateTime(s: string): boolean {
  for (const [form, pattern] of ISO_FORMS) {
    const m = pattern.exec(s);
    if (!m) continue;
    const num = (i: number, fallback: number) => (m[i] ? Number(m[i]) : fallback);
    const [year, a, b] = [num(1, 0), num(2, 1), num(3, 1)];
    const dateOk =
      form === 'ymd' ? between(a, 1, 12) && between(b, 1, daysInMonth(year, a))
      : form === 'week' ? between(a, 1, isoWeeksInYear(year)) && between(b, 1, 7)
      : form === 'ordinal' ? between(a, 1, isLeap(year) ? 366 : 365)
      : true;
    const [h, min, sec] = [num(4, 0), num(5, 0), num(6, 0)];
    const ms = m[7] ? Math.floor(parseFloat(`0.${m[7]}`) * 1000) : 0;
    const timeOk = (between(h, 0, 23) || (h === 24 && min === 0 && sec === 0 && ms === 0)) && between(min, 0, 59) && between(sec, 0, 59) && ms < 1000;
    // A six-digit year can leave the range of a JavaScript date (NaN fails the comparison too).
    const wallMs = form === 'ymd' ? new Date(0).setUTCFullYear(year, a - 1, b) + ((h * 60 + min) * 60 + sec) * 1000 + ms : 0;
    const inRange = Math.abs(wallMs) <= 8.64e15;
    return dateOk && timeOk && inRange && (!m[8] || knownZone(m[8]));
  }
  return false;
}
