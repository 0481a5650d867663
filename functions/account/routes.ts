import { getUser, listUsersByRole, publicUser } from '../db/users';
import { listClientBookings } from '../db/booking';
import { listResults } from '../db/selftest';
import { getEdge } from '../db/referral';
import { listWallet } from '../db/voucher';
import { toWalletItem } from '../../shared/voucher/schema';
import { recommendationsFor } from '../../shared/selftest/recommendations';
import { notFound } from '../http/errors';
import { route } from '../http/route';
import { eraseEverythingOf } from './erase';

/** 我的 → 导出 / 删除: everything the practice holds about the signed-in client, as a download; or gone. */
export const accountRoutes = [
  route({
    method: 'GET',
    path: '/me/export',
    auth: ['client'],
    handle: async ({ caller }) => {
      const now = new Date();
      const [user, results, bookings, vouchers, edge, counselors] = await Promise.all([
        getUser(caller.id),
        listResults(caller.id),
        listClientBookings(caller.id),
        listWallet(caller.id),
        getEdge(caller.id),
        listUsersByRole('counselor'),
      ]);
      if (!user) throw notFound('user');
      const names = new Map(counselors.map((c) => [c.id, c.name]));
      return {
        status: 200,
        headers: { 'content-disposition': 'attachment; filename="ripple-my-data.json"' },
        body: {
          exportedAt: now.toISOString(),
          profile: publicUser(user),
          selftests: results.map((r) => ({ ...r, recommendations: recommendationsFor(r.band, r.crisis) })),
          bookings: bookings.map((b) => ({
            id: b.id,
            kind: b.kind,
            start: b.start,
            end: b.end,
            status: b.status,
            counselorName: names.get(b.counselorId) ?? '咨询师',
            price: b.price,
            amountDue: b.amountDue,
            ...(b.voucherId ? { voucherId: b.voucherId } : {}),
            ...(b.themeDayId ? { themeDayId: b.themeDayId } : {}),
            ...(b.shareResultId ? { sharedResultId: b.shareResultId } : {}),
            createdAt: b.createdAt,
          })),
          vouchers: vouchers.map((v) => toWalletItem(v, now)),
          referral: edge?.inviterId ? { acceptedAt: edge.acceptedAt, qualifiedAt: edge.qualifiedAt ?? null } : null,
        },
      };
    },
  }),

  route({
    method: 'DELETE',
    path: '/me/data',
    auth: ['client'],
    handle: async ({ caller }) => ({ status: 200, body: await eraseEverythingOf(caller.id) }),
  }),

];
