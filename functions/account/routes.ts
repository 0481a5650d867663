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
import { listClientComplaints } from '../db/complaints';
import { getConsents, listConsentLog } from '../db/consent';
import { answersOfBookings } from '../db/feedback';
import { listMyRegistrations } from '../db/gathering';
import { listClientSends } from '../db/messages';
import { listClientOrders } from '../db/orders';
import { getBalance, listLedger } from '../db/points';
import { listBenefitOpens, listMyProgress } from '../db/course';
import { listEntitlements } from '../db/membership';
import { queryAll } from '../db/client';

/** 我的 → 导出 / 删除: everything the practice holds about the signed-in client, as a download; or gone. */
export const accountRoutes = [
  route({
    method: 'GET',
    path: '/me/export',
    auth: ['client'],
    handle: async ({ caller }) => {
      const now = new Date();
      const [user, results, bookings, vouchers, edge, counselors, orders, complaints, consents, consentLog, messages, registrations, points, ledger, quizzes] =
        await Promise.all([
          getUser(caller.id),
          listResults(caller.id),
          listClientBookings(caller.id),
          listWallet(caller.id),
          getEdge(caller.id),
          listUsersByRole('counselor'),
          listClientOrders(caller.id),
          listClientComplaints(caller.id),
          getConsents(caller.id),
          listConsentLog(caller.id),
          listClientSends(caller.id),
          listMyRegistrations(caller.id),
          getBalance(caller.id),
          listLedger(caller.id),
          queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${caller.id}`, ':s': 'QUIZ#' } }),
        ]);
      if (!user) throw notFound('user');
      // Courses: which lessons they marked as read, the courses they opened with points or through a benefit.
      const [courseProgress, entitlements, benefitOpens] = await Promise.all([listMyProgress(caller.id), listEntitlements(caller.id), listBenefitOpens(caller.id)]);
      const ratings = await answersOfBookings(bookings.map((b) => b.id));
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
          // Everything else of theirs: payments, what they told us and how it was answered, their consents and
          // the messages they got, their gatherings, quiz scores and points.
          orders,
          ratings: [...ratings].map(([bookingId, r]) => ({ bookingId, ...r })),
          complaints: complaints.map((c) => ({ id: c.id, category: c.category, text: c.text, bookingId: c.bookingId, status: c.status, createdAt: c.createdAt, resolvedAt: c.resolvedAt, outcome: c.outcome, replies: c.replies.map((r) => ({ by: r.by, text: r.text, at: r.at })) })),
          consents: consents ?? null,
          consentHistory: consentLog,
          messages,
          gatherings: registrations.map((r) => ({ gatheringId: r.gatheringId, status: r.status, registeredAt: (r as { registeredAt?: string }).registeredAt })),
          quizScores: quizzes.map((q) => ({ gatheringId: String(q.sk).slice(5), correct: q.correct, total: q.total, at: q.at })),
          points: { balance: points.balance, ledger },
          courses: {
            progress: courseProgress.map((p) => ({ courseId: p.courseId, lessonsRead: p.done, startedAt: p.startedAt, ...(p.finishedAt ? { finishedAt: p.finishedAt } : {}) })),
            access: entitlements.map((e) => ({ what: e.what, at: e.at })),
            openedThroughBenefit: benefitOpens,
          },
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
