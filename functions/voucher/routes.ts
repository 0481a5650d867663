import { ROLES } from '../../shared/auth/roles';
import { RevokeVoucherBodySchema, VoucherParamsSchema, toWalletItem } from '../../shared/voucher/schema';
import { listWallet, revokeVoucher } from '../db/voucher';
import { conflict, notFound } from '../http/errors';
import { route } from '../http/route';

export const voucherRoutes = [
  route({
    method: 'GET',
    path: '/me/vouchers',
    auth: ROLES,
    // `expired` is computed here from the clock, never written: the list is right the second a voucher lapses.
    handle: async ({ caller }) => {
      const now = new Date();
      return { status: 200, body: { items: (await listWallet(caller.id)).map((v) => toWalletItem(v, now)) } };
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
];
