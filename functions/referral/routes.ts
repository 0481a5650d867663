import * as z from 'zod/mini';
import { REJECTION_MESSAGES } from '../../shared/referral/attribution';
import { LANDING_PAGE, sceneFor } from '../../shared/referral/codes';
import { RewardRulesSchema } from '../../shared/referral/rules';
import {
  AcceptInviteBodySchema,
  CampaignRulesParamsSchema,
  ChainParamsSchema,
  InviteCodeParamsSchema,
  OpenInviteBodySchema,
  RejectionsQuerySchema,
  VisitorIdSchema,
} from '../../shared/referral/schema';
import { isIssuedVisitorId, issueVisitorId } from '../auth/visitor';
import { getEdge, getOrCreateInviteCode, inviterOfCode, putCampaignRules } from '../db/referral';
import { HttpError, badRequest, notFound } from '../http/errors';
import { publicRoute, route } from '../http/route';
import { wechat } from '../wechat';
import { acceptInvite, forgetCachedCampaign, inviteLanding, myInvite, openInvite, referralChain, rejectionsFor } from './service';

export const referralRoutes = [
  route({
    method: 'GET',
    path: '/me/invite',
    auth: ['client'],
    handle: async ({ caller }) => ({ status: 200, body: await myInvite(caller.id, new Date()) }),
  }),

  route({
    method: 'GET',
    path: '/me/invite/poster',
    auth: ['client'],
    // The mini-program code's scene holds only the short code; the landing page resolves it on the server.
    handle: async ({ caller }) => {
      const code = await getOrCreateInviteCode(caller.id, new Date());
      const png = await wechat().getUnlimitedQrCode(sceneFor(code), LANDING_PAGE);
      return {
        status: 200,
        headers: { 'cache-control': 'private, max-age=3600' },
        raw: { body: png.toString('base64'), contentType: 'image/png', base64: true },
      };
    },
  }),

  publicRoute({
    method: 'GET',
    path: '/invites/{code}',
    params: InviteCodeParamsSchema,
    query: z.object({ visitorId: z.optional(VisitorIdSchema) }),
    // The first view hands out a signed visitor id (or keeps the one sent, if this server issued it): the
    // page then opens the invite with it.
    handle: async ({ params, query, caller }) => {
      const visitorId = isIssuedVisitorId(query.visitorId) ? query.visitorId : issueVisitorId();
      const [landing, viewer] = await Promise.all([inviteLanding(params.code, visitorId, new Date()), caller ? viewerOfInvite(caller.id, params.code) : undefined]);
      return { status: 200, body: { ...landing, visitorId, ...(viewer ? { viewer } : {}) } };
    },
  }),

  publicRoute({
    method: 'POST',
    path: '/invites/{code}/open',
    params: InviteCodeParamsSchema,
    body: OpenInviteBodySchema,
    // Signed in or not: the first open starts the friend's attribution window.
    handle: async ({ params, body, caller }) => {
      if (!caller && !body.visitorId) throw badRequest('visitorId', 'sign in or send a visitorId');
      if (!caller && !isIssuedVisitorId(body.visitorId)) throw badRequest('visitorId', 'not a visitor id this server issued (GET /invites/{code} gives one)');
      const open = await openInvite(params.code, caller ? { userId: caller.id } : { visitorId: body.visitorId }, new Date());
      return { status: 200, body: { firstOpenedAt: open.openedAt } };
    },
  }),

  route({
    method: 'POST',
    path: '/invites/{code}/accept',
    auth: ['client'],
    params: InviteCodeParamsSchema,
    body: AcceptInviteBodySchema,
    handle: async ({ params, body, caller }) => {
      // An id this server did not issue cannot have opened anything: ignored, not an error (the friend is signed in).
      const visitorId = isIssuedVisitorId(body.visitorId) ? body.visitorId : undefined;
      const result = await acceptInvite(caller.id, params.code, visitorId, new Date(), body.via);
      if (!result.ok) throw new HttpError(409, result.reason, REJECTION_MESSAGES[result.reason]);
      return { status: 200, body: { inviterName: result.inviterName, campaignId: result.campaignId } };
    },
  }),

  route({
    method: 'GET',
    path: '/referrals/{clientId}/chain',
    auth: ['marketer'],
    params: ChainParamsSchema,
    handle: async ({ params }) => ({ status: 200, body: await referralChain(params.clientId) }),
  }),

  route({
    method: 'GET',
    path: '/referrals/rejections',
    auth: ['marketer'],
    query: RejectionsQuerySchema,
    handle: async ({ query }) => ({ status: 200, body: await rejectionsFor(query.campaignId) }),
  }),

  route({
    method: 'PUT',
    path: '/campaigns/{id}/rules',
    auth: ['marketer'],
    params: CampaignRulesParamsSchema,
    body: RewardRulesSchema,
    // Rules apply to grants decided from now on; vouchers already issued keep their value and expiry.
    handle: async ({ params, body }) => {
      const rules = await putCampaignRules(params.id, body, new Date());
      forgetCachedCampaign();
      if (!rules) throw notFound('invite campaign');
      return { status: 200, body: { campaignId: params.id, rules } };
    },
  }),
];

/**
 * What a signed-in visitor of an invite page already is to it, so the page does not offer 接受邀请 again to a
 * friend who accepted (or to the inviter opening their own link).
 */
async function viewerOfInvite(userId: string, code: string) {
  const [inviterId, edge] = await Promise.all([inviterOfCode(code), getEdge(userId)]);
  return { accepted: Boolean(inviterId && edge?.inviterId === inviterId), own: inviterId === userId };
}
