import { createEvent } from 'ics';
import { addMonths, startOfMonth } from 'date-fns';
import { ROLES } from '../../shared/auth/roles';
import { ATTENDANCE_OPENS_MINUTES_BEFORE, attendanceRefusal, currentAndNextMonth } from '../../shared/booking/rules';
import {
  AttendanceBodySchema,
  AvailabilityBodySchema,
  BookBodySchema,
  BookingIdParams,
  ConsultHoursBodySchema,
  ConsultModeBodySchema,
  type ConsultMode,
  CounselorDayQuery,
  IdempotencyKeySchema,
  MonthQuery,
  PaidSlotsQuery,
  PublishBodySchema,
  ReminderBodySchema,
  ThemeDayBodySchema,
  ThemeDayIdParams,
  ThemeDayUpdateSchema,
} from '../../shared/booking/schema';
import { parseSlotId, slotKeyId } from '../../shared/booking/slots';
import { inShanghai, monthOf, shanghaiToday } from '../../shared/time';
import { config } from '../config';
import {
  getBooking,
  getConsultHours,
  getConsultMode,
  putConsultMode,
  getGrantCount,
  listClientBookings,
  listCounselorDay,
  listCounselorSlots,
  listPaidSlots,
  markAttendance,
  recordGrant,
  setOffered,
  SlotBookedError,
  type BookingRecord,
} from '../db/booking';
import { getResult } from '../db/selftest';
import { getUser } from '../db/users';
import { HttpError, badRequest, conflict, notFound } from '../http/errors';
import { publicRoute, route, type Caller } from '../http/route';
import { wechat } from '../wechat';
import { LocalWechatApi } from '../wechat/local';
import { bookConsult, cancelConsult, presentBooking } from './book';
import { freeConsultRoutes } from './free-consults';
import { afterConsultAttended } from './hooks';
import {
  applyConsultHours,
  counselorNames,
  createThemeDayFrom,
  isBookable,
  publishThemeDay,
  presentThemeDay,
  themeDaysOfMonth,
  themeDayWithSlots,
  updateThemeDayFrom,
} from './schedule';
import { bookingPolicy, reminderTemplateId } from './settings';

const STAFF = ['marketer', 'admin'] as const;

/** A client sees only their own bookings: anyone else's id is simply not found. */
async function ownBooking(caller: Caller, id: string): Promise<BookingRecord> {
  const b = await getBooking(id);
  if (!b || b.clientId !== caller.id) throw notFound('booking');
  return b;
}

/** After a staff edit: the theme day as it now stands, read back, with the staff-only fields. */
async function staffThemeDayAnswer(status: number, id: string) {
  const found = (await themeDayWithSlots(id))!;
  return { status, body: presentThemeDay(found.td, found.slots, await counselorNames(), new Date(), true) };
}

function slotsBooked(err: unknown): never {
  if (err instanceof SlotBookedError) throw conflict('slot_booked', 'A booked slot cannot be removed; cancel or move that consult first.', { slotIds: err.slotIds });
  throw err;
}

/** Where the consult happens, as the client sees it; the meeting link only on a standing booking. */
function presentConsult(b: BookingRecord, mode: ConsultMode | undefined) {
  if (!mode) return null;
  if (mode.mode === 'in_person') return { mode: 'in_person' as const, address: mode.address };
  return { mode: 'online' as const, ...(b.status === 'booked' ? { link: mode.link } : {}) };
}

function icsFor(b: BookingRecord, counselorName: string, theme: string | undefined, mode: ConsultMode | undefined): string {
  const title = b.kind === 'free' ? `免费咨询（15 分钟）${theme ? `· ${theme}` : ''}` : '心理咨询（50 分钟）';
  const { error, value } = createEvent({
    uid: `${b.id}@ripple`,
    productId: 'ripple/booking',
    title,
    description: `咨询师：${counselorName}。如需取消，请在开始前 ${bookingPolicy().cancelCutoffMinutes / 60} 小时在小程序「我的预约」中操作。`,
    start: Date.parse(b.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(b.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: b.status === 'booked' || b.status === 'attended' ? 'CONFIRMED' : b.status === 'pending_payment' ? 'TENTATIVE' : 'CANCELLED',
    ...(mode?.mode === 'in_person' ? { location: mode.address } : {}),
    ...(mode?.mode === 'online' ? { location: '线上咨询', ...(b.status === 'booked' ? { url: mode.link } : {}) } : {}),
    alarms: [{ action: 'display', description: title, trigger: { minutes: 60, before: true } }],
  });
  if (error || !value) throw error ?? new Error('ics: no calendar produced');
  return value;
}

export const bookingRoutes = [
  route({
    method: 'GET',
    path: '/booking/settings',
    auth: ROLES,
    handle: async () => {
      const policy = bookingPolicy();
      return { status: 200, body: { ...policy, reminderTemplateId: reminderTemplateId(), months: currentAndNextMonth() } };
    },
  }),

  route({
    method: 'GET',
    path: '/counselors',
    auth: ROLES,
    handle: async () => {
      const names = await counselorNames();
      const counselors = await Promise.all(
        [...names].map(async ([id, name]) => ({ id, name, price: (await getConsultHours(id))?.price ?? null })),
      );
      return { status: 200, body: { counselors } };
    },
  }),

  // ---------- theme days ----------
  route({
    method: 'GET',
    path: '/themedays',
    auth: ROLES,
    query: MonthQuery,
    handle: async ({ query, caller }) => ({ status: 200, body: { themeDays: await themeDaysOfMonth(query.month, caller) } }),
  }),

  route({
    method: 'GET',
    path: '/themedays/{id}',
    auth: ROLES,
    params: ThemeDayIdParams,
    handle: async ({ params, caller }) => {
      const found = await themeDayWithSlots(params.id);
      const staff = caller.role === 'marketer' || caller.role === 'admin';
      if (!found || (!found.td.published && !staff && !(caller.role === 'counselor' && found.td.counselorIds.includes(caller.id)))) {
        throw notFound('theme day');
      }
      return { status: 200, body: presentThemeDay(found.td, found.slots, await counselorNames(), new Date(), staff) };
    },
  }),

  route({
    method: 'POST',
    path: '/themedays',
    auth: STAFF,
    body: ThemeDayBodySchema,
    handle: async ({ body }) => {
      const today = shanghaiToday();
      if (body.date < today) {
        // `hint` is the reason in the staff's words, shown next to the field (the message is for developers).
        throw new HttpError(400, 'validation', 'date: a theme day cannot be in the past', 'date', {
          reason: 'date_in_past',
          hint: `主题日不能早于今天（北京时间 ${today}）。`,
        });
      }
      await createThemeDayFrom(body);
      return staffThemeDayAnswer(201, body.date);
    },
  }),

  route({
    method: 'PUT',
    path: '/themedays/{id}',
    auth: STAFF,
    params: ThemeDayIdParams,
    body: ThemeDayUpdateSchema,
    handle: async ({ params, body }) => {
      const found = await themeDayWithSlots(params.id);
      if (!found) throw notFound('theme day');
      await updateThemeDayFrom(found.td, found.slots, body).catch(slotsBooked);
      return staffThemeDayAnswer(200, params.id);
    },
  }),

  route({
    method: 'POST',
    path: '/themedays/{id}/publish',
    auth: STAFF,
    params: ThemeDayIdParams,
    body: PublishBodySchema,
    handle: async ({ params, body }) => {
      const found = await themeDayWithSlots(params.id);
      if (!found) throw notFound('theme day');
      await publishThemeDay(params.id, body.published, found.slots);
      return staffThemeDayAnswer(200, params.id);
    },
  }),

  // ---------- paid consults ----------
  route({
    method: 'GET',
    path: '/consults/slots',
    auth: ROLES,
    query: PaidSlotsQuery,
    handle: async ({ query }) => {
      const now = new Date();
      const from = new Date(query.from).toISOString();
      const to = new Date(query.to).toISOString();
      let slots;
      if (query.counselorId) slots = await listCounselorSlots(query.counselorId, 'paid', from, to);
      else {
        const months = new Set<string>();
        for (let d = startOfMonth(inShanghai(from)); d.getTime() < Date.parse(to); d = addMonths(d, 1)) {
          months.add(monthOf(d));
        }
        slots = await listPaidSlots(from, to, [...months]);
      }
      return {
        status: 200,
        body: {
          slots: slots
            .sort((a, b) => a.start.localeCompare(b.start) || a.counselorId.localeCompare(b.counselorId))
            .map((s) => ({ id: s.id, start: s.start, end: s.end, counselorId: s.counselorId, price: s.price ?? 0, available: isBookable(s, now) })),
        },
      };
    },
  }),

  // ---------- bookings (clients) ----------
  route({
    method: 'POST',
    path: '/bookings',
    auth: ['client'],
    body: BookBodySchema,
    handle: async ({ caller, body, headers }) => {
      const raw = headers['idempotency-key'];
      let key: string | undefined;
      if (raw !== undefined) {
        const parsed = IdempotencyKeySchema.safeParse(raw);
        if (!parsed.success) throw new HttpError(400, 'validation', `Idempotency-Key: ${parsed.error.issues[0].message}`, 'Idempotency-Key');
        key = parsed.data;
      }
      const answer = await bookConsult(caller, body, key);
      return { status: answer.status, body: answer.body };
    },
  }),

  route({
    method: 'GET',
    path: '/me/bookings',
    auth: ROLES,
    handle: async ({ caller }) => {
      const now = new Date().toISOString();
      const all = await listClientBookings(caller.id);
      const upcoming = all.filter((b) => (b.status === 'booked' || b.status === 'pending_payment') && b.end > now).sort((a, b) => a.start.localeCompare(b.start));
      const rest = all.filter((b) => !upcoming.includes(b)).sort((a, b) => b.start.localeCompare(a.start));
      const names = await counselorNames();
      return {
        status: 200,
        body: { items: [...upcoming, ...rest].map((b) => ({ ...presentBooking(b), counselorName: names.get(b.counselorId) ?? '咨询师' })) },
      };
    },
  }),

  route({
    method: 'GET',
    path: '/bookings/{id}',
    auth: ROLES,
    params: BookingIdParams,
    handle: async ({ caller, params }) => {
      const b = await ownBooking(caller, params.id);
      const [counselor, mode] = await Promise.all([getUser(b.counselorId), getConsultMode(b.counselorId)]);
      return { status: 200, body: { ...presentBooking(b), counselorName: counselor?.name ?? '咨询师', consult: presentConsult(b, mode) } };
    },
  }),

  route({
    method: 'POST',
    path: '/bookings/{id}/cancel',
    auth: ROLES,
    params: BookingIdParams,
    handle: async ({ caller, params }) => {
      const b = await ownBooking(caller, params.id);
      const status = await cancelConsult(b);
      // The same shape as GET /bookings/{id}: the page showing the answer keeps its counselor row.
      const counselor = await getUser(b.counselorId);
      return { status: 200, body: { ...presentBooking(b), status, counselorName: counselor?.name ?? '咨询师' } };
    },
  }),

  route({
    method: 'GET',
    path: '/bookings/{id}/ics',
    auth: ROLES,
    params: BookingIdParams,
    handle: async ({ caller, params }) => {
      const b = await ownBooking(caller, params.id);
      const [counselor, found, mode] = await Promise.all([
        getUser(b.counselorId),
        b.themeDayId ? themeDayWithSlots(b.themeDayId) : undefined,
        getConsultMode(b.counselorId),
      ]);
      return {
        status: 200,
        headers: { 'content-disposition': `attachment; filename="ripple-${b.id}.ics"` },
        raw: { body: icsFor(b, counselor?.name ?? '咨询师', found?.td.theme, mode), contentType: 'text/calendar; charset=utf-8' },
      };
    },
  }),

  route({
    method: 'POST',
    path: '/bookings/{id}/reminders',
    auth: ROLES,
    params: BookingIdParams,
    body: ReminderBodySchema,
    handle: async ({ caller, params, body }) => {
      const b = await ownBooking(caller, params.id);
      if (!(await recordGrant(b, caller.id, body.templateId, new Date()))) throw conflict('not_booked', 'This booking is no longer active.');
      return { status: 201, body: { bookingId: b.id, templateId: body.templateId, grants: await getGrantCount(caller.id, body.templateId) } };
    },
  }),

  // ---------- counselors ----------
  route({
    method: 'GET',
    path: '/counselor/bookings',
    auth: ['counselor'],
    query: CounselorDayQuery,
    handle: async ({ caller, query }) => {
      const [bookings, found] = await Promise.all([listCounselorDay(caller.id, query.date), themeDayWithSlots(query.date)]);
      const items = await Promise.all(
        bookings
          .filter((b) => b.status === 'booked' || b.status === 'pending_payment' || b.status === 'attended' || b.status === 'no_show')
          .sort((a, b) => a.start.localeCompare(b.start))
          .map(async (b) => {
            // Only the one result the client chose to share with this booking, and only its band and score.
            const shared = b.shareResultId ? await getResult(b.clientId, b.shareResultId) : undefined;
            return {
              id: b.id,
              kind: b.kind,
              start: b.start,
              end: b.end,
              status: b.status,
              clientName: b.clientName,
              // Opens the client's timeline (care: GET /staff/clients/{id}/timeline).
              clientId: b.clientId,
              theme: b.kind === 'free' ? (found?.td.theme ?? null) : null,
              sharedResult: shared ? { instrument: shared.instrument, score: shared.score, band: shared.band, createdAt: shared.createdAt } : null,
            };
          }),
      );
      return { status: 200, body: { date: query.date, items } };
    },
  }),

  route({
    method: 'POST',
    path: '/counselor/bookings/{id}/attendance',
    auth: ['counselor'],
    params: BookingIdParams,
    body: AttendanceBodySchema,
    handle: async ({ caller, params, body }) => {
      const now = new Date();
      const b = await getBooking(params.id);
      if (!b || b.counselorId !== caller.id) throw notFound('booking');
      const why = attendanceRefusal(b, now);
      if (why === 'not_booked') throw conflict('not_booked', `This booking is already ${b.status}.`);
      if (why === 'not_started') {
        throw conflict('not_started', `Attendance can be marked from ${ATTENDANCE_OPENS_MINUTES_BEFORE} minutes before the consult.`);
      }
      const updated = await markAttendance(b.id, caller.id, body.status, now);
      if (!updated) throw conflict('not_booked', 'This booking has changed; reload it.');
      if (body.status === 'attended') await afterConsultAttended(updated);
      return { status: 200, body: { id: updated.id, status: updated.status } };
    },
  }),

  route({
    method: 'GET',
    path: '/counselor/themedays/{id}/availability',
    auth: ['counselor'],
    params: ThemeDayIdParams,
    handle: async ({ caller, params }) => {
      const found = await themeDayWithSlots(params.id);
      if (!found || !found.td.counselorIds.includes(caller.id)) throw notFound('theme day');
      return { status: 200, body: availabilityOf(params.id, found.slots, caller.id) };
    },
  }),

  route({
    method: 'PUT',
    path: '/counselor/themedays/{id}/availability',
    auth: ['counselor'],
    params: ThemeDayIdParams,
    body: AvailabilityBodySchema,
    handle: async ({ caller, params, body }) => {
      const found = await themeDayWithSlots(params.id);
      if (!found || !found.td.counselorIds.includes(caller.id)) throw notFound('theme day');
      const mine = found.slots.filter((s) => s.counselorId === caller.id);
      const mineByKey = new Map(mine.map((s) => [slotKeyId(s), s]));
      const wanted = new Set<string>();
      body.offered.forEach((id, i) => {
        const ref = parseSlotId(id)!;
        if (!mineByKey.has(slotKeyId(ref))) throw new HttpError(400, 'validation', `offered.${i}: not one of your slots on this day`, `offered.${i}`);
        wanted.add(slotKeyId(ref));
      });
      const changes = mine.filter((s) => s.offered !== wanted.has(slotKeyId(s))).map((slot) => ({ slot, offered: !slot.offered }));
      const refused = changes.filter((c) => !c.offered && c.slot.status === 'booked').map((c) => c.slot.id);
      if (refused.length) slotsBooked(new SlotBookedError(refused));
      await setOffered(changes).catch(slotsBooked);
      const again = (await themeDayWithSlots(params.id))!;
      return { status: 200, body: availabilityOf(params.id, again.slots, caller.id) };
    },
  }),

  route({
    method: 'GET',
    path: '/counselor/consult-hours',
    auth: ['counselor'],
    handle: async ({ caller }) => {
      const hours = await getConsultHours(caller.id);
      return { status: 200, body: { price: hours?.price ?? null, weekly: hours?.weekly ?? [] } };
    },
  }),

  route({
    method: 'PUT',
    path: '/counselor/consult-hours',
    auth: ['counselor'],
    body: ConsultHoursBodySchema,
    handle: async ({ caller, body }) => {
      const { opened } = await applyConsultHours(caller.id, body);
      return { status: 200, body: { price: body.price, weekly: body.weekly, openedSlots: opened } };
    },
  }),

  route({
    method: 'GET',
    path: '/counselor/consult-mode',
    auth: ['counselor'],
    handle: async ({ caller }) => ({ status: 200, body: { consult: (await getConsultMode(caller.id)) ?? null } }),
  }),

  route({
    method: 'PUT',
    path: '/counselor/consult-mode',
    auth: ['counselor'],
    body: ConsultModeBodySchema,
    handle: async ({ caller, body }) => {
      await putConsultMode(caller.id, body, new Date());
      return { status: 200, body: { consult: body } };
    },
  }),
  ...freeConsultRoutes,

  // ---------- local only ----------
  publicRoute({
    method: 'GET',
    path: '/dev/outbox',
    // What would have been sent to WeChat: the local adapter's outbox (never mounted in AWS).
    enabled: config.isLocal,
    handle: async () => {
      const api = wechat();
      return { status: 200, body: { messages: api instanceof LocalWechatApi ? api.outbox : [] } };
    },
  }),
];

function availabilityOf(themeDayId: string, slots: { id: string; start: string; end: string; counselorId: string; offered: boolean; status: string }[], me: string) {
  return {
    themeDayId,
    slots: slots
      .filter((s) => s.counselorId === me)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((s) => ({ id: s.id, start: s.start, end: s.end, offered: s.offered, booked: s.status === 'booked' })),
  };
}
