import { addDays } from 'date-fns';
import { bookingRefusal } from '../../shared/booking/rules';
import type { ConsultHoursBody, ThemeDayBody } from '../../shared/booking/schema';
import { dayBounds, paidSlots, slotId, themeDaySlots, tooClose, type SlotRef } from '../../shared/booking/slots';
import { shanghaiToday, shanghaiWallClock, utcIso } from '../../shared/time';
import {
  createThemeDay,
  getThemeDay,
  listCounselorSlots,
  listFreeSlotsOfDay,
  listFreeSlotsOfMonth,
  listThemeDays,
  saveConsultHours,
  setThemeDayPublished,
  SlotBookedError,
  updateThemeDay,
  type SlotRecord,
  type ThemeDayRecord,
} from '../db/booking';
import { listUsersByRole } from '../db/users';
import { badRequest, conflict } from '../http/errors';
import { bookingPolicy, PAID_HORIZON_DAYS } from './settings';

/** Theme days and counselors' hours: turning what staff decide into slots, and slots into what each role sees. */

export async function counselorNames(): Promise<Map<string, string>> {
  return new Map((await listUsersByRole('counselor')).map((u) => [u.id, u.name]));
}

/** A slot is bookable when it is open, free and far enough ahead. */
export function isBookable(s: SlotRecord, now: Date): boolean {
  return s.status === 'available' && s.offered && s.published && !bookingRefusal(s.start, now, bookingPolicy());
}

export const presentSlot = (s: SlotRecord, now: Date) => ({
  id: s.id,
  start: s.start,
  end: s.end,
  counselorId: s.counselorId,
  available: isBookable(s, now),
});

function toSlotRecords(refs: SlotRef[], themeDayId: string | undefined, published: boolean): SlotRecord[] {
  return refs.map((r) => ({ ...r, id: slotId(r), status: 'available', offered: true, published, ...(themeDayId ? { themeDayId } : {}) }));
}

function wantedThemeDaySlots(date: string, body: Pick<ThemeDayBody, 'hours' | 'counselorIds'>, published: boolean): SlotRecord[] {
  return toSlotRecords(
    body.counselorIds.flatMap((cid) => themeDaySlots(date, body.hours, cid)),
    date,
    published,
  );
}

async function checkCounselors(ids: string[], names: Map<string, string>) {
  const unknown = ids.findIndex((id) => !names.has(id));
  if (unknown >= 0) throw badRequest(`counselorIds.${unknown}`, 'not a counselor');
}

export type ThemeDayView = ReturnType<typeof presentThemeDay>;

export function presentThemeDay(td: ThemeDayRecord, slots: SlotRecord[], names: Map<string, string>, now: Date, staff: boolean) {
  return {
    id: td.id,
    date: td.date,
    theme: td.theme,
    description: td.description,
    hours: td.hours,
    counselors: td.counselorIds.map((id) => ({ id, name: names.get(id) ?? '咨询师' })),
    published: td.published,
    slots: slots
      .filter((s) => staff || s.offered)
      .sort((a, b) => a.start.localeCompare(b.start) || a.counselorId.localeCompare(b.counselorId))
      // Staff also see which slots hold a booking: a draft's slots are all unavailable but none is booked.
      .map((s) => (staff ? { ...presentSlot(s, now), booked: s.status === 'booked' } : presentSlot(s, now))),
  };
}

export async function themeDaysOfMonth(month: string, who: { role: string; id: string }) {
  const now = new Date();
  const [days, slots, names] = await Promise.all([listThemeDays(month), listFreeSlotsOfMonth(month), counselorNames()]);
  const staff = who.role === 'marketer' || who.role === 'admin';
  const visible = days.filter((td) => staff || td.published || (who.role === 'counselor' && td.counselorIds.includes(who.id)));
  return visible
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((td) => presentThemeDay(td, slots.filter((s) => s.themeDayId === td.id), names, now, staff));
}

export async function themeDayWithSlots(date: string) {
  const td = await getThemeDay(date);
  if (!td) return undefined;
  const { from, to } = dayBounds(date);
  return { td, slots: await listFreeSlotsOfDay(date, from, to) };
}

export async function createThemeDayFrom(body: ThemeDayBody): Promise<void> {
  const names = await counselorNames();
  await checkCounselors(body.counselorIds, names);
  const td: ThemeDayRecord = {
    id: body.date,
    date: body.date,
    theme: body.theme,
    description: body.description,
    counselorIds: [...new Set(body.counselorIds)],
    hours: body.hours,
    published: false,
    updatedAt: new Date().toISOString(),
  };
  if (!(await createThemeDay(td, wantedThemeDaySlots(td.date, td, false)))) {
    throw conflict('themeday_exists', `There is already a theme day on ${body.date}.`);
  }
}

export async function updateThemeDayFrom(current: ThemeDayRecord, existing: SlotRecord[], body: Omit<ThemeDayBody, 'date'>) {
  const names = await counselorNames();
  await checkCounselors(body.counselorIds, names);
  const td: ThemeDayRecord = { ...current, ...body, counselorIds: [...new Set(body.counselorIds)], updatedAt: new Date().toISOString() };
  await updateThemeDay(td, existing, wantedThemeDaySlots(td.date, td, td.published));
  return td;
}

/** Why a theme day cannot be taken down: it has bookings (refused rather than leaving them on a hidden day). */
export function themeDayHasBookings(count: number) {
  return conflict(
    'themeday_has_bookings',
    `This theme day has ${count} booking(s): cancel or move them before unpublishing.`,
    { bookings: count },
  );
}

/**
 * Publishing or taking a theme day down. Taking it down is refused while consults are booked on it: their
 * clients would keep a booking for a day they can no longer see, and nobody would tell them.
 */
export async function publishThemeDay(date: string, published: boolean, slots: SlotRecord[]) {
  const booked = slots.filter((s) => s.status === 'booked').length;
  if (!published && booked > 0) throw themeDayHasBookings(booked);
  try {
    await setThemeDayPublished(date, published, slots);
  } catch (err) {
    if (err instanceof SlotBookedError) throw themeDayHasBookings(Math.max(1, booked));
    throw err;
  }
}

/**
 * Opens paid slots from weekly hours for the next six weeks, skipping times that would run into the counselor's
 * own theme-day consults (5-minute buffer included).
 */
export async function applyConsultHours(counselorId: string, body: ConsultHoursBody, now = new Date()) {
  const fromDate = shanghaiToday(now);
  const from = now.toISOString();
  const to = utcIso(addDays(shanghaiWallClock(fromDate), PAID_HORIZON_DAYS));
  const [existing, free] = await Promise.all([
    listCounselorSlots(counselorId, 'paid', from, to),
    listCounselorSlots(counselorId, 'free', from, to),
  ]);
  const busy = free.filter((s) => s.offered);
  const wanted = toSlotRecords(
    paidSlots(body.weekly, counselorId, body.price, fromDate, PAID_HORIZON_DAYS, now).filter((p) => !busy.some((f) => tooClose(p, f))),
    undefined,
    true,
  );
  await saveConsultHours({ counselorId, price: body.price, weekly: body.weekly, updatedAt: now.toISOString() }, existing, wanted);
  return { opened: wanted.length };
}
