import { ulid } from 'ulidx';
import { campaignDashboard, dashboardTable } from '../../shared/analytics/dashboard';
import { toCsv } from '../../shared/analytics/csv';
import { seriesMonths } from '../../shared/analytics/growth';
import { TIER_NAMES } from '../../shared/analytics/labels';
import { cell } from '../../shared/analytics/privacy';
import {
  BookingIdParamsSchema,
  CsvQuerySchema,
  DashboardQuerySchema,
  NpsBodySchema,
  SpendBodySchema,
  TiersQuerySchema,
} from '../../shared/analytics/schema';
import { TIER_FIT, TierThresholdsSchema, histogramOf, tierRows, type TierThresholds } from '../../shared/analytics/tiers';
import { CampaignIdParamsSchema } from '../../shared/campaign/ids';
import { isLive } from '../../shared/campaign/live';
import type { Campaign } from '../../shared/campaign/schema';
import { getCampaignWithCounters, getCourseCounters, getTierCountersAndThresholds, putNpsAnswer, putSpend, putThresholds, type Counters } from '../db/analytics';
import { getBooking } from '../db/booking';
import { listCourses } from '../db/course';
import { courseFigures, type CourseFigures } from '../../shared/course/report';
import { campaignFromItem, campaignKey, listCampaigns } from '../db/campaign';
import { getUser } from '../db/users';
import { badRequest, conflict, notFound } from '../http/errors';
import { route, type RouteResult } from '../http/route';

const MARKETER = ['marketer'] as const; // admins pass too

function csv(filename: string, header: string[], rows: (string | number | null)[][]): RouteResult {
  return {
    status: 200,
    raw: { body: toCsv(header, rows), contentType: 'text/csv; charset=utf-8' },
    headers: { 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  };
}

/** The whole dashboard from ONE BatchGetItem (campaign + its counter item): the same cost at any number of clients. */
async function dashboardOf(id: string) {
  const now = new Date();
  const { campaignItem, counters, daily, practiceDaily } = await getCampaignWithCounters(campaignKey(id), id, seriesMonths(now));
  if (!campaignItem) throw notFound('campaign');
  return campaignDashboard(campaignFromItem(campaignItem), counters, now, { daily, practiceDaily });
}

function tiersView(counters: Counters, thresholds: TierThresholds, campaigns: Campaign[], now: Date) {
  const live = campaigns.filter((c) => isLive(c, now));
  return {
    thresholds,
    clients: cell(counters.clients ?? 0),
    reachable: cell(counters.reach ?? 0),
    tiers: tierRows(histogramOf(counters), thresholds).map((r) => ({
      ...r,
      offers: TIER_FIT[r.tier].offers,
      campaigns: live.filter((c) => TIER_FIT[r.tier].campaignTypes.includes(c.type)).map((c) => ({ id: c.id, name: c.name, type: c.type })),
    })),
  };
}

export const analyticsRoutes = [
  route({
    method: 'GET',
    path: '/analytics/campaigns/{id}',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    query: DashboardQuerySchema,
    handle: async ({ params, query }) => {
      const d = await dashboardOf(params.id);
      if (query.format === 'csv') {
        const t = dashboardTable(d, query.table);
        return csv(`campaign-${params.id}-${query.table}.csv`, t.header, t.rows);
      }
      return { status: 200, body: d };
    },
  }),

  route({
    method: 'GET',
    path: '/analytics/campaigns/{id}/export.csv',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    query: CsvQuerySchema,
    handle: async ({ params, query }) => {
      const t = dashboardTable(await dashboardOf(params.id), query.table);
      return csv(`campaign-${params.id}-${query.table}.csv`, t.header, t.rows);
    },
  }),

  route({
    method: 'GET',
    path: '/analytics/tiers',
    auth: MARKETER,
    query: TiersQuerySchema,
    handle: async ({ query }) => {
      const [{ counters, thresholds }, campaigns] = await Promise.all([getTierCountersAndThresholds(), listCampaigns()]);
      const view = tiersView(counters, thresholds, campaigns, new Date());
      if (query.format === 'csv') {
        return csv(
          'tiers.csv',
          ['客户分层', '客户数', '可触达客户', '复购率', '客户终身价值（元）'],
          view.tiers.map((t) => [TIER_NAMES[t.tier] ?? t.tier, t.clients, t.reachable, t.repeatRate, t.clv]),
        );
      }
      return { status: 200, body: view };
    },
  }),

  route({
    method: 'PUT',
    path: '/analytics/tiers/thresholds',
    auth: MARKETER,
    body: TierThresholdsSchema,
    handle: async ({ body, caller }) => {
      await putThresholds(body, caller.id);
      return { status: 200, body: { thresholds: body } };
    },
  }),

  // Per course: clients who got in (by points / by a benefit), started, finished, points paid; "<5" for 1–4.
  route({
    method: 'GET',
    path: '/analytics/courses',
    auth: MARKETER,
    handle: async () => {
      const [counters, courses] = await Promise.all([getCourseCounters(), listCourses()]);
      return { status: 200, body: { courses: courseFigures(counters, courses), generatedAt: new Date().toISOString() } satisfies CourseFigures };
    },
  }),

  route({
    method: 'POST',
    path: '/analytics/spend',
    auth: ['admin'],
    body: SpendBodySchema,
    handle: async ({ body, caller }) => {
      const client = await getUser(body.clientId);
      if (!client || client.role !== 'client') throw notFound('client');
      const at = body.at ?? new Date().toISOString();
      if (Date.parse(at) > Date.now() + 60_000) throw badRequest('at', 'cannot be in the future');
      const recorded = await putSpend({ id: ulid(), userId: client.id, amount: body.amount, sessions: body.sessions, at, recordedBy: caller.id, bookingId: body.bookingId });
      return { status: recorded ? 201 : 200, body: { recorded } };
    },
  }),

  route({
    method: 'POST',
    path: '/bookings/{id}/nps',
    auth: ['client'],
    params: BookingIdParamsSchema,
    body: NpsBodySchema,
    handle: async ({ params, body, caller }) => {
      const b = await getBooking(params.id);
      if (!b || b.clientId !== caller.id) throw notFound('booking');
      if (b.status !== 'attended') throw conflict('not_attended', 'You can rate a consult after attending it');
      if (!(await putNpsAnswer(b.id, caller.id, body.score, new Date()))) throw conflict('already_answered', 'You have already rated this consult');
      return { status: 201, body: { bookingId: b.id, recorded: true } };
    },
  }),
];
