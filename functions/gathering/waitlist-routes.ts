import * as z from 'zod/mini';
import { GatheringParamsSchema } from '../../shared/gathering/schema';
import { recordWaitlistGrant } from '../db/waitlist-notices';
import { badRequest, notFound } from '../http/errors';
import { route } from '../http/route';
import { visibleGathering } from './service';
import { waitlistTemplateId } from './waitlist-notice';

const WaitlistGrantBodySchema = z.object({ templateId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)) });

/** A waitlisted client's opt-in to 「候补转正通知」: one wx.requestSubscribeMessage accept = one message when a seat frees. */
export const waitlistNoticeRoutes = [
  route({
    method: 'POST',
    path: '/gatherings/{id}/waitlist-notices',
    auth: ['client'],
    params: GatheringParamsSchema,
    body: WaitlistGrantBodySchema,
    handle: async ({ params, body, caller }) => {
      if (body.templateId !== waitlistTemplateId()) throw badRequest('templateId', 'not the waitlist promotion template');
      const g = await visibleGathering(params.id, caller);
      if ((await recordWaitlistGrant(g.id, caller.id, body.templateId, new Date())) === 'not_waitlisted') throw notFound('waitlisted registration');
      return { status: 201, body: { gatheringId: g.id, templateId: body.templateId } };
    },
  }),
];
