import * as z from 'zod/mini';
import { ROLES } from '../../shared/auth/roles';
import { shanghaiToday } from '../../shared/time';
import { checkinQrText, CheckinBodySchema, GatheringInputSchema, GatheringListQuerySchema, GatheringParamsSchema, QuizAnswersSchema, RegisterBodySchema } from '../../shared/gathering/schema';
import { monthKey } from '../../shared/booking/rules';
import { fillFromWaitlist, getGathering, getRegistration, listGatheringsOfMonth, listMyRegistrations, setGatheringStatus, updateGathering } from '../db/gathering';
import { getUser } from '../db/users';
import { conflict, notFound } from '../http/errors';
import { publicRoute, route } from '../http/route';
import {
  cancel,
  checkInByCode,
  createGathering,
  gatheringStats,
  isStaff,
  myQuizScore,
  playQuiz,
  presentGathering,
  presentRegistration,
  register,
  visibleGathering,
} from './service';
import { isOffersPaused } from '../../shared/care/crisis-pause';
import { icsForGathering } from './ics';
import { qrSvg } from './qr';
import { seatPromoter } from '../payment/seats';
import { gatheringReminderTemplateId, reminderDueAt } from './reminders';
import { recordGatheringReminder } from '../db/gathering-reminders';
import { ReminderBodySchema } from '../../shared/booking/params';
import { waitlistTemplateId } from './waitlist-notice';
import { waitlistNoticeRoutes } from './waitlist-routes';

const STAFF = ['marketer', 'admin'] as const;
/** Who may check people in at the door. */
const DOOR = ['marketer', 'admin', 'counselor'] as const;
const PublishBody = z.object({ published: z._default(z.boolean(), true) });

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The gatherings capability: talks, workshops, salons and knowledge quizzes (`/gatherings`). */
export const gatheringRoutes = [
  route({
    method: 'POST',
    path: '/gatherings',
    auth: STAFF,
    body: GatheringInputSchema,
    handle: async ({ body, caller }) => ({ status: 201, body: presentGathering(await createGathering(body, caller, new Date()), true) }),
  }),

  route({
    method: 'PUT',
    path: '/gatherings/{id}',
    auth: STAFF,
    params: GatheringParamsSchema,
    body: GatheringInputSchema,
    handle: async ({ params, body }) => {
      const out = await updateGathering(params.id, body);
      if (!out.ok && out.reason === 'not_found') throw notFound('gathering');
      if (!out.ok && out.reason === 'cancelled') throw conflict('gathering_cancelled', 'A cancelled gathering cannot be edited.');
      if (!out.ok) throw conflict('capacity_below_registered', 'capacity: more people are already registered than this.');
      // More seats: the waitlist moves up, in order.
      if (out.gathering.status === 'published' && (await fillFromWaitlist(params.id, new Date(), seatPromoter(out.gathering, new Date()))).length) {
        return { status: 200, body: presentGathering((await getGathering(params.id, true))!, true) };
      }
      return { status: 200, body: presentGathering(out.gathering, true) };
    },
  }),

  route({
    method: 'POST',
    path: '/gatherings/{id}/publish',
    auth: STAFF,
    params: GatheringParamsSchema,
    body: PublishBody,
    handle: async ({ params, body }) => {
      const g = body.published
        ? await setGatheringStatus(params.id, 'published', ['draft', 'published'], new Date())
        : await setGatheringStatus(params.id, 'draft', ['draft', 'published'], new Date());
      if (!g) throw notFound('gathering');
      return { status: 200, body: presentGathering(g, true) };
    },
  }),

  route({
    method: 'GET',
    path: '/gatherings',
    auth: ROLES,
    query: GatheringListQuerySchema,
    handle: async ({ query, caller }) => {
      const now = new Date();
      const staff = isStaff(caller);
      const months = query.month ? [query.month] : [monthKey(`${shanghaiToday(now)}T00:00:00+08:00`), nextMonth(monthKey(`${shanghaiToday(now)}T00:00:00+08:00`))];
      // After a crisis result a client is offered nothing, gatherings included.
      if (!staff && isOffersPaused((await getUser(caller.id))?.crisisPauseUntil, now)) return { status: 200, body: { items: [], offersPaused: true } };
      const [lists, mine] = await Promise.all([Promise.all(months.map(listGatheringsOfMonth)), staff ? [] : listMyRegistrations(caller.id)]);
      const items = lists
        .flat()
        .filter((g) => (staff ? g.status !== 'cancelled' : g.status === 'published' && (query.month || Date.parse(g.endsAt) > now.getTime())))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map((g) => {
          const reg = mine.find((r) => r.gatheringId === g.id && r.status !== 'cancelled' && r.status !== 'expired');
          return { ...presentGathering(g, staff), ...(reg ? { myStatus: reg.status } : {}) };
        });
      return { status: 200, body: { items, offersPaused: false } };
    },
  }),

  // The public page (a shared link works before signing in); the caller's own registration when signed in.
  publicRoute({
    method: 'GET',
    path: '/gatherings/{id}',
    params: GatheringParamsSchema,
    handle: async ({ params, caller }) => {
      const g = await visibleGathering(params.id, caller);
      const staff = isStaff(caller);
      const [reg, score] = caller && !staff ? await Promise.all([getRegistration(g.id, caller.id, false), myQuizScore(caller.id, g.id)]) : [undefined, undefined];
      return {
        status: 200,
        body: {
          ...presentGathering(g, staff),
          myRegistration: reg && reg.status !== 'cancelled' && reg.status !== 'expired' ? await presentRegistration(reg) : null,
          ...(score ? { myQuizScore: score } : {}),
          sharePath: `/pages/gathering/detail?id=${g.id}`,
          reminderTemplateId: gatheringReminderTemplateId(),
          waitlistTemplateId: waitlistTemplateId() || null,
        },
      };
    },
  }),

  route({
    method: 'POST',
    path: '/gatherings/{id}/registrations',
    auth: ['client'],
    params: GatheringParamsSchema,
    body: RegisterBodySchema,
    handle: async ({ params, body, caller }) => {
      // A retry (double tap, timeout) answers exactly as the first request did.
      const { answer } = await register(params.id, caller, body.channel, new Date());
      return { status: 201, body: answer };
    },
  }),

  route({
    method: 'POST',
    path: '/gatherings/{id}/registrations/cancel',
    auth: ['client'],
    params: GatheringParamsSchema,
    handle: async ({ params, caller }) => ({ status: 200, body: await cancel(params.id, caller, new Date()) }),
  }),

  route({
    method: 'GET',
    path: '/gatherings/{id}/ics',
    auth: ['client'],
    params: GatheringParamsSchema,
    handle: async ({ params, caller }) => {
      const g = await visibleGathering(params.id, caller);
      const reg = await getRegistration(g.id, caller.id);
      if (!reg || reg.status === 'cancelled' || reg.status === 'expired') throw notFound('registration');
      return {
        status: 200,
        headers: { 'content-disposition': `attachment; filename="ripple-gathering-${g.id}.ics"` },
        raw: { body: icsForGathering(g, reg), contentType: 'text/calendar; charset=utf-8' },
      };
    },
  }),

  route({
    method: 'POST',
    path: '/gatherings/{id}/reminders',
    auth: ['client'],
    params: GatheringParamsSchema,
    body: ReminderBodySchema,
    handle: async ({ params, body, caller }) => {
      const g = await visibleGathering(params.id, caller);
      const dueAt = reminderDueAt(g.startsAt, new Date());
      if (!dueAt) throw conflict('too_late_for_reminder', 'The gathering starts within the hour: no reminder is needed.');
      const out = await recordGatheringReminder({ gatheringId: g.id, userId: caller.id, templateId: body.templateId, dueAt, startsAt: g.startsAt }, new Date());
      if (out === 'not_registered') throw notFound('registration');
      return { status: out === 'recorded' ? 201 : 200, body: { gatheringId: g.id, dueAt, status: 'pending' } };
    },
  }),

  route({
    method: 'GET',
    path: '/gatherings/{id}/checkin-qr',
    auth: ['client'],
    params: GatheringParamsSchema,
    handle: async ({ params, caller }) => {
      const reg = await getRegistration(params.id, caller.id);
      // An unpaid hold has no seat to check in with yet.
      if (!reg || reg.status === 'cancelled' || reg.status === 'expired' || reg.status === 'pending_payment') throw notFound('registration');
      return { status: 200, headers: { 'cache-control': 'private, max-age=3600' }, raw: { body: qrSvg(checkinQrText(reg.code)), contentType: 'image/svg+xml' } };
    },
  }),

  route({
    method: 'POST',
    path: '/gatherings/{id}/checkins',
    auth: DOOR,
    params: GatheringParamsSchema,
    body: CheckinBodySchema,
    handle: async ({ params, body, caller }) => ({ status: 201, body: await checkInByCode(params.id, body.code, caller, new Date()) }),
  }),

  route({
    method: 'POST',
    path: '/gatherings/{id}/quiz',
    auth: ROLES,
    params: GatheringParamsSchema,
    body: QuizAnswersSchema,
    handle: async ({ params, body, caller }) => ({ status: 200, body: await playQuiz(params.id, caller, body.answers, new Date()) }),
  }),

  route({
    method: 'GET',
    path: '/gatherings/{id}/stats',
    auth: STAFF,
    params: GatheringParamsSchema,
    handle: async ({ params, caller }) => ({ status: 200, body: await gatheringStats(await visibleGathering(params.id, caller), new Date()) }),
  }),

  ...waitlistNoticeRoutes,
];
