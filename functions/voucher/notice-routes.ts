import * as z from 'zod/mini';
import { ROLES } from '../../shared/auth/roles';
import { addGrant } from '../db/grants';
import { setWalletSeenAt } from '../db/notices';
import { badRequest } from '../http/errors';
import { route } from '../http/route';
import { voucherTemplateId } from './notify';

const NoticeGrantBodySchema = z.object({ templateId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)) });

/** The 我的 badge and the inviter's opt-in to "a voucher arrived" messages. */
export const voucherNoticeRoutes = [
  route({
    method: 'POST',
    path: '/me/vouchers/seen',
    auth: ROLES,
    // Opening the wallet clears the 我的 badge: vouchers issued after this moment count as new.
    handle: async ({ caller }) => {
      await setWalletSeenAt(caller.id, new Date());
      return { status: 204 };
    },
  }),

  route({
    method: 'POST',
    path: '/me/vouchers/notices',
    auth: ['client'],
    body: NoticeGrantBodySchema,
    // One one-time grant from wx.requestSubscribeMessage = one message when a voucher arrives.
    handle: async ({ caller, body }) => {
      if (body.templateId !== voucherTemplateId()) throw badRequest('templateId', 'not the voucher notice template');
      return { status: 201, body: { templateId: body.templateId, grants: await addGrant(caller.id, body.templateId, new Date()) } };
    },
  }),
];
