import { addDays, addMinutes, addMonths, getISODay, lightFormat, parseISO, startOfDay } from 'date-fns';
import { inShanghai, inUtc, isoDateOf, shanghaiMonthStart, shanghaiWallClock, utcIso } from '../time';

/**
 * Slots are generated in the practice's zone (Asia/Shanghai, ../time.ts) and stored as UTC ISO-8601.
 * A slot's id says what it is — kind, counselor, start (and for paid slots, the quoted price) — so a booking
 * can be written without reading the slot first: the claim's condition checks the stored slot agrees.
 */
export { ZONE } from '../time';

export const FREE_MINUTES = 15;
/** Rest between two consults of the same counselor. */
export const BUFFER_MINUTES = 5;
export const FREE_STEP_MINUTES = FREE_MINUTES + BUFFER_MINUTES;
export const PAID_MINUTES = 50;

export type SlotKind = 'free' | 'paid';

export interface SlotRef {
  kind: SlotKind;
  counselorId: string;
  /** UTC ISO-8601 with milliseconds, as `Date#toISOString` writes it. */
  start: string;
  end: string;
  /** Whole yuan; paid slots only. */
  price?: number;
}

/** `HH:mm` on a 24-hour clock. */
export interface Hours {
  from: string;
  to: string;
}

const KIND_CODE: Record<SlotKind, string> = { free: 'F', paid: 'P' };
const ID_PATTERN = /^([FP])\.([0-9A-Za-z]{1,40})\.(\d{8}T\d{4}Z)(?:\.(\d{1,6}))?$/;
export const SLOT_ID_PATTERN = ID_PATTERN;

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const compact = (iso: string) => lightFormat(inUtc(iso), "yyyyMMdd'T'HHmm'Z'");

export function slotId(ref: Pick<SlotRef, 'kind' | 'counselorId' | 'start' | 'price'>): string {
  const base = `${KIND_CODE[ref.kind]}.${ref.counselorId}.${compact(ref.start)}`;
  return ref.kind === 'paid' ? `${base}.${ref.price}` : base;
}

/** The part of the id that names the slot's place in time (the price is a quote, not part of its identity). */
export function slotKeyId(ref: Pick<SlotRef, 'kind' | 'counselorId' | 'start'>): string {
  return `${KIND_CODE[ref.kind]}.${ref.counselorId}.${compact(ref.start)}`;
}

/** Reads an id back into what it names; undefined when it is not a slot id at all. */
export function parseSlotId(id: string): SlotRef | undefined {
  const m = ID_PATTERN.exec(id);
  if (!m) return undefined;
  const kind: SlotKind = m[1] === 'F' ? 'free' : 'paid';
  if ((kind === 'paid') !== (m[4] !== undefined)) return undefined;
  const start = parseISO(m[3]); // the basic ISO-8601 form, e.g. 20261128T0100Z
  if (Number.isNaN(start.getTime())) return undefined;
  const minutes = kind === 'free' ? FREE_MINUTES : PAID_MINUTES;
  return {
    kind,
    counselorId: m[2],
    start: utcIso(start),
    end: utcIso(addMinutes(start, minutes)),
    ...(kind === 'paid' ? { price: Number(m[4]) } : {}),
  };
}

/** The Shanghai calendar date (`yyyy-MM-dd`) an instant falls on. */
export function shanghaiDate(iso: string): string {
  return isoDateOf(inShanghai(iso));
}

/** Start and end (exclusive) of a Shanghai calendar day, as UTC ISO. */
export function dayBounds(date: string): { from: string; to: string } {
  const d = startOfDay(shanghaiWallClock(date));
  return { from: utcIso(d), to: utcIso(addDays(d, 1)) };
}

/** Start and end (exclusive) of a Shanghai calendar month (`yyyy-MM`), as UTC ISO. */
export function monthBounds(month: string): { from: string; to: string } {
  const d = shanghaiMonthStart(month);
  return { from: utcIso(d), to: utcIso(addMonths(d, 1)) };
}

/**
 * The free 15-minute slots of one counselor on a theme day: a consult, then a 5-minute buffer, so starts
 * come every 20 minutes from `from`, and the last consult ends by `to`.
 */
export function themeDaySlots(date: string, hours: Hours, counselorId: string): SlotRef[] {
  const day = startOfDay(shanghaiWallClock(date));
  const out: SlotRef[] = [];
  for (let m = minutesOf(hours.from); m + FREE_MINUTES <= minutesOf(hours.to); m += FREE_STEP_MINUTES) {
    const start = addMinutes(day, m);
    out.push({ kind: 'free', counselorId, start: utcIso(start), end: utcIso(addMinutes(start, FREE_MINUTES)) });
  }
  return out;
}

/** Weekly paid hours: ISO weekday (1 = Monday … 7 = Sunday) → consult start times `HH:mm`. */
export interface WeeklyHours {
  weekday: number;
  starts: string[];
}

/**
 * Paid 50-minute slots on the counselor's chosen weekly start times, for the Shanghai days from `fromDate`
 * (inclusive) for `days` days. Times already in the past relative to `now` are skipped.
 */
export function paidSlots(
  weekly: WeeklyHours[],
  counselorId: string,
  price: number,
  fromDate: string,
  days: number,
  now: Date = new Date(),
): SlotRef[] {
  const first = startOfDay(shanghaiWallClock(fromDate));
  const out: SlotRef[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(first, i);
    const starts = weekly.filter((w) => w.weekday === getISODay(day)).flatMap((w) => w.starts);
    for (const hhmm of [...new Set(starts)].sort()) {
      const start = addMinutes(day, minutesOf(hhmm));
      if (start.getTime() <= now.getTime()) continue;
      out.push({ kind: 'paid', counselorId, price, start: utcIso(start), end: utcIso(addMinutes(start, PAID_MINUTES)) });
    }
  }
  return out;
}

/** True when two consults of one counselor would leave less than the buffer between them. */
export function tooClose(a: Pick<SlotRef, 'start' | 'end'>, b: Pick<SlotRef, 'start' | 'end'>, bufferMinutes = BUFFER_MINUTES): boolean {
  const gap = bufferMinutes * 60_000;
  return Date.parse(a.start) < Date.parse(b.end) + gap && Date.parse(b.start) < Date.parse(a.end) + gap;
}

/** Whether weekly start times leave the buffer between consecutive 50-minute consults. */
export function weeklyHoursProblem(weekly: WeeklyHours[]): string | undefined {
  for (const w of weekly) {
    const sorted = [...new Set(w.starts.map(minutesOf))].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] - sorted[i - 1] < PAID_MINUTES + BUFFER_MINUTES) return `weekday ${w.weekday}: consults need ${BUFFER_MINUTES} minutes between them`;
    }
    if (sorted.some((m) => m + PAID_MINUTES > 24 * 60)) return `weekday ${w.weekday}: a consult must end by midnight`;
  }
  return undefined;
}

/** A Shanghai wall-clock label (`HH:mm`) for an instant, whatever zone the device is in. */
export function shanghaiTime(iso: string): string {
  return lightFormat(inShanghai(iso), 'HH:mm');
}
