import { ROLES } from '../../shared/auth/roles';
import { RevokeVoucherBodySchema, VoucherParamsSchema, toWalletItem } from '../../shared/voucher/schema';
import { getWalletSeenAt } from '../db/notices';
import { listWallet, revokeVoucher } from '../db/voucher';
import { conflict, notFound } from '../http/errors';
import { route } from '../http/route';
import { voucherNoticeRoutes } from './notice-routes';
import { voucherTemplateId } from './notify';

export const voucherRoutes = [
  route({
    method: 'GET',
    path: '/me/vouchers',
    auth: ROLES,
    // `expired` is computed here from the clock, never written: the list is right the second a voucher lapses.
    handle: async ({ caller }) => {
      const now = new Date();
      const [wallet, seenAt] = await Promise.all([listWallet(caller.id), getWalletSeenAt(caller.id)]);
      const items = wallet.map((v) => toWalletItem(v, now));
      // New = usable vouchers that arrived since the wallet was last opened (the 我的 badge).
      const unseen = items.filter((v) => v.status === 'issued' && (!seenAt || v.createdAt > seenAt)).length;
      return { status: 200, body: { items, unseen, noticeTemplateId: voucherTemplateId() } };
    },
  }),

  route({
    method: 'POST',
    path: '/vouchers/{id}/revoke',
    auth: ['admin'],
    params: VoucherParamsSchema,
    body: RevokeVoucherBodySchema,
    handle: async ({ params, body, caller }) => {
      const now = new Date();
      const out = await revokeVoucher(params.id, caller.id, now, body.note);
      if (!out.ok && out.reason === 'not_found') throw notFound('voucher');
      if (!out.ok) throw conflict('not_revocable', 'only an unused (issued) voucher can be revoked');
      return { status: 200, body: toWalletItem(out.voucher, now) };
    },
  }),

  ...voucherNoticeRoutes,
];
