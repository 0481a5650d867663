import { isIssuedVisitorId, issueVisitorId } from '../auth/visitor';
import { ulid } from 'ulidx';
import type { Variant } from '../../shared/campaign/blocks';
import { ClientEventSchema, PageQuerySchema, PreviewQuerySchema, ShareBodySchema } from '../../shared/campaign/events';
import { beijingDay } from '../../shared/analytics/source';
import {
  CampaignIdParamsSchema,
  CampaignInputSchema,
  normaliseChannel,
  type Campaign,
} from '../../shared/campaign/schema';
import { publishProblems } from '../../shared/campaign/publish';
import { chooseVariant } from '../../shared/campaign/variants';
import { getCampaign, listCampaigns, liveInviteCampaign, putCampaign, putCampaignEvent, transitionCampaign, updateCampaignContent } from '../db/campaign';
import { HttpError, badRequest, conflict, notFound } from '../http/errors';
import { publicRoute, route } from '../http/route';

const MARKETER = ['marketer'] as const; // admins pass too (roleAllows)

/** What a visitor of the landing page receives: the content of one variant, never other variants or counters. */
function publicPage(c: Campaign, v: Variant, channel: string, visitor: string) {
  return {
    campaign: { id: c.id, name: c.name, type: c.type, status: c.status, startsAt: c.startsAt, endsAt: c.endsAt, rules: c.rules },
    variant: { id: v.id, name: v.name, blocks: v.blocks },
    channel,
    visitor,
  };
}

async function mustGet(id: string): Promise<Campaign> {
  const c = await getCampaign(id);
  if (!c) throw notFound('campaign');
  return c;
}

export const campaignRoutes = [
  route({
    method: 'POST',
    path: '/campaigns',
    auth: MARKETER,
    body: CampaignInputSchema,
    handle: async ({ body }) => {
      const now = new Date().toISOString();
      const c: Campaign = { id: ulid(), status: 'draft', createdAt: now, updatedAt: now, ...body };
      await putCampaign(c);
      return { status: 201, body: c };
    },
  }),

  route({
    method: 'GET',
    path: '/campaigns',
    auth: MARKETER,
    handle: async () => ({ status: 200, body: { items: await listCampaigns() } }),
  }),

  route({
    method: 'GET',
    path: '/campaigns/{id}',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    handle: async ({ params }) => ({ status: 200, body: await mustGet(params.id) }),
  }),

  route({
    method: 'PUT',
    path: '/campaigns/{id}',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    body: CampaignInputSchema,
    handle: async ({ params, body }) => {
      const updated = await updateCampaignContent(params.id, body, new Date());
      if (updated) return { status: 200, body: updated };
      await mustGet(params.id);
      throw conflict('campaign_ended', 'An ended campaign cannot be edited');
    },
  }),

  route({
    method: 'POST',
    path: '/campaigns/{id}/publish',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    handle: async ({ params }) => {
      const now = new Date();
      const c = await mustGet(params.id);
      if (c.status === 'published') return { status: 200, body: c }; // publishing twice changes nothing
      if (c.status === 'ended') throw conflict('campaign_ended', 'an ended campaign cannot be published again');
      // Refused with every problem, each naming its field; the first is the answer's `field`.
      const problems = publishProblems(c, now);
      if (problems.length) throw new HttpError(400, 'validation', `${problems[0].field}: ${problems[0].message}`, problems[0].field, { problems });
      const published = await transitionCampaign(params.id, ['draft'], 'published', now);
      if (!published) throw conflict('campaign_state_changed', 'The campaign changed meanwhile; reload it');
      return { status: 200, body: published };
    },
  }),

  route({
    method: 'POST',
    path: '/campaigns/{id}/end',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    handle: async ({ params }) => {
      const c = await mustGet(params.id);
      if (c.status === 'ended') return { status: 200, body: c };
      const ended = await transitionCampaign(params.id, ['draft', 'published'], 'ended', new Date());
      if (!ended) throw conflict('campaign_state_changed', 'The campaign changed meanwhile; reload it');
      return { status: 200, body: ended };
    },
  }),

  route({
    method: 'GET',
    path: '/campaigns/{id}/preview',
    auth: MARKETER,
    params: CampaignIdParamsSchema,
    query: PreviewQuerySchema,
    handle: async ({ params, query }) => {
      const c = await mustGet(params.id);
      const v = query.variant ? c.variants.find((x) => x.id === query.variant) : c.variants[0];
      if (!v) throw badRequest('variant', 'no such variant');
      return { status: 200, body: publicPage(c, v, 'preview', 'preview') };
    },
  }),

  // Public and read-only: it records nothing (a GET may be prefetched or retried); the page posts a page_view event.
  publicRoute({
    method: 'GET',
    path: '/campaigns/{id}/page',
    params: CampaignIdParamsSchema,
    query: PageQuerySchema,
    handle: async ({ params, query }) => {
      const c = await getCampaign(params.id);
      if (!c || c.status === 'draft') throw notFound('campaign');
      if (c.status === 'ended' || Date.parse(c.endsAt) <= Date.now()) throw new HttpError(410, 'campaign_ended', 'This campaign has ended');
      // The first page view gets a signed visitor id; page views and sign-up attribution then carry it.
      const visitor = isIssuedVisitorId(query.visitor) ? query.visitor : issueVisitorId();
      const v = chooseVariant(c.variants, c.id, visitor);
      if (!v) throw notFound('campaign');
      return { status: 200, body: publicPage(c, v, normaliseChannel(c.channels, query.ch), visitor), headers: { 'cache-control': 'no-store' } };
    },
  }),

  publicRoute({
    method: 'POST',
    path: '/events',
    body: ClientEventSchema,
    handle: async ({ body, caller }) => {
      const c = await getCampaign(body.campaignId);
      if (!c || c.status === 'draft') throw notFound('campaign');
      if (!c.variants.some((v) => v.id === body.variant)) throw badRequest('variant', 'not a variant of this campaign');
      // Anonymous events must carry a visitor id this server issued, so made-up ids cannot fill the table or the
      // funnel; a signed-in caller is accountable already.
      if (!caller && !isIssuedVisitorId(body.visitorId)) {
        throw badRequest('visitorId', 'not a visitor id this server issued (GET /campaigns/{id}/page gives one)');
      }
      const recorded = await putCampaignEvent({
        eventId: body.eventId,
        eventType: body.type,
        campaignId: c.id,
        channel: normaliseChannel(c.channels, body.channel),
        variant: body.variant,
        visitorId: body.visitorId,
        userId: caller?.id,
        ...(body.via ? { via: body.via } : {}),
        at: new Date().toISOString(),
      });
      // A retried event id is a success that records nothing new.
      return { status: recorded ? 201 : 200, body: { eventId: body.eventId, recorded } };
    },
  }),

  // The invite page reports a share (the weapp's share callback, a copied link, a poster made). The event id is the
  // inviter, the Beijing day and the kind, so repeats that day record nothing: once per inviter per day per kind.
  route({
    method: 'POST',
    path: '/me/invite/shares',
    auth: ['client'],
    body: ShareBodySchema,
    handle: async ({ body, caller }) => {
      const now = new Date();
      const c = await liveInviteCampaign(now);
      if (!c) throw notFound('invite campaign');
      const day = beijingDay(now.toISOString()).replace(/-/g, '');
      const recorded = await putCampaignEvent({
        eventId: `share-${caller.id}-${day}-${body.kind}`,
        eventType: 'invite_shared',
        campaignId: c.id,
        channel: 'invite',
        variant: c.variants[0]?.id ?? '-',
        visitorId: caller.id,
        userId: caller.id,
        via: body.kind,
        at: now.toISOString(),
      });
      return { status: recorded ? 201 : 200, body: { kind: body.kind, recorded } };
    },
  }),
];
