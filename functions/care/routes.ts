import { ulid } from 'ulidx';
import * as z from 'zod/mini';
import { ROLES } from '../../shared/auth/roles';
import { cell } from '../../shared/analytics/privacy';
import { CarePolicySchema } from '../../shared/care/crisis-pause';
import { ConsentsUpdateSchema } from '../../shared/care/consent';
import { BookingParamsSchema, CsatBodySchema } from '../../shared/care/feedback';
import {
  AssignBodySchema,
  ComplaintBodySchema,
  ComplaintParamsSchema,
  ComplaintPolicySchema,
  ComplaintQuerySchema,
  ReplyBodySchema,
  ResolveBodySchema,
  slaOf,
  type Complaint,
  type ComplaintOutcome,
  type ComplaintPolicy,
} from '../../shared/care/complaint';
import { GrantBodySchema, MessageCampaignInputSchema, MessageCampaignParamsSchema, SKIP_REASONS } from '../../shared/care/message';
import { expiresAtFor } from '../../shared/voucher/lifecycle';
import { inShanghai, monthOf } from '../../shared/time';
import { appendAudit, listAudit } from '../db/audit';
import { getBooking, listClientBookings } from '../db/booking';
import {
  addClientReply,
  addStaffReply,
  assignComplaint,
  createComplaint,
  getComplaint,
  getComplaintPolicy,
  goodwillSpent,
  listClientComplaints,
  listComplaints,
  markRead,
  putComplaintPolicy,
  resolveComplaint,
} from '../db/complaints';
import { getConsents, setConsents } from '../db/consent';
import { answersOfBookings, putCsat } from '../db/feedback';
import { addGrant } from '../db/grants';
import { createMessageCampaign, getCampaignStats, getMessageCampaign, listMessageCampaigns, markOnce, type MessageCampaign } from '../db/messages';
import { getCarePolicy, putCarePolicy } from '../db/settings';
import { getUser, listUsersByRole } from '../db/users';
import { HttpError, badRequest, conflict, notFound } from '../http/errors';
import { prepareComplaintRefund, startComplaintRefund } from '../payment/service';
import { route } from '../http/route';
import { now } from './clock';
import { buildOwnerDashboard } from './dashboard';
import { campaignTemplateId, complaintTemplateId, notifyReply } from './notify';
import { checkinTemplateId } from '../membership/checkin-template';
import { assertCareRelationship, buildTimeline } from './timeline';

const ClientIdParams = z.object({ id: z.string().check(z.regex(/^[0-9A-Za-z]{1,40}$/, 'not a client id')) });
const AuditQuery = z.object({ clientId: z.optional(z.string().check(z.regex(/^[0-9A-Za-z]{1,40}$/, 'not a client id'))) });

/** The client's own view of a complaint: no internal assignee, replies by role and first name only. */
function forClient(c: Complaint) {
  return {
    id: c.id,
    category: c.category,
    text: c.text,
    bookingId: c.bookingId ?? null,
    shareWithCounselor: c.shareWithCounselor,
    status: c.status,
    createdAt: c.createdAt,
    resolvedAt: c.resolvedAt ?? null,
    outcome: c.outcome
      ? { kind: c.outcome.kind, amount: c.outcome.amount ?? null, refundStatus: c.outcome.refundStatus ?? null, refundedAt: c.outcome.refundedAt ?? null, refundBookingId: c.outcome.bookingId ?? null }
      : null,
    replies: c.replies.map((r) => ({ by: r.by, text: r.text, at: r.at })),
    unread: c.clientUnread,
  };
}

function forAdmin(c: Complaint, policy: ComplaintPolicy, at: Date) {
  return { ...c, sla: slaOf(c, policy, at) };
}

function campaignView(c: MessageCampaign, stats: Record<string, number>) {
  // Aggregates only, and every count of 1–4 clients is "<5".
  return {
    id: c.id,
    name: c.name,
    templateId: c.templateId,
    title: c.title,
    body: c.body,
    segment: c.segment,
    sendAfter: c.sendAfter ?? null,
    status: c.status,
    createdAt: c.createdAt,
    doneAt: c.doneAt ?? null,
    stats: {
      targeted: cell(stats.targeted ?? 0),
      sent: cell(stats.sent ?? 0),
      skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, cell(stats[`skip_${r}`] ?? 0)])),
      opened: cell(stats.opened ?? 0),
      unsubscribed: cell(stats.unsubscribed ?? 0),
    },
  };
}

async function adminComplaint(id: string) {
  const c = await getComplaint(id);
  if (!c) throw notFound('complaint');
  return c;
}

/** The care capability: the crisis pause, CSAT, complaints, consent, message campaigns, timelines, the owner's numbers. */
export const careRoutes = [
  route({
    method: 'GET',
    path: '/admin/settings/care',
    auth: ['admin'],
    handle: async () => ({ status: 200, body: await getCarePolicy() }),
  }),

  route({
    method: 'PUT',
    path: '/admin/settings/care',
    // Admins only, never marketers: the pause protects people in crisis from being sold to.
    auth: ['admin'],
    body: CarePolicySchema,
    handle: async ({ body, caller }) => ({ status: 200, body: await putCarePolicy(body, caller.id) }),
  }),

  // ---------- CSAT ----------
  route({
    method: 'POST',
    path: '/bookings/{id}/csat',
    auth: ['client'],
    params: BookingParamsSchema,
    body: CsatBodySchema,
    handle: async ({ params, body, caller }) => {
      const b = await getBooking(params.id);
      if (!b || b.clientId !== caller.id) throw notFound('booking');
      if (b.status !== 'attended') throw conflict('not_attended', 'You can rate a consult after attending it');
      const ok = await putCsat({ bookingId: b.id, userId: caller.id, counselorId: b.counselorId, score: body.score, comment: body.comment || undefined, createdAt: now().toISOString() });
      if (!ok) throw conflict('already_answered', 'You have already rated this consult');
      return { status: 201, body: { bookingId: b.id, recorded: true } };
    },
  }),

  route({
    method: 'GET',
    path: '/me/ratings',
    auth: ['client'],
    // The client's attended consults and whether each is rated yet (CSAT and NPS).
    handle: async ({ caller }) => {
      const attended = (await listClientBookings(caller.id)).filter((b) => b.status === 'attended').sort((a, b) => b.start.localeCompare(a.start));
      const answers = await answersOfBookings(attended.map((b) => b.id));
      const names = new Map<string, string>();
      for (const b of attended) if (!names.has(b.counselorId)) names.set(b.counselorId, (await getUser(b.counselorId))?.name ?? '');
      return {
        status: 200,
        body: {
          items: attended.map((b) => ({
            bookingId: b.id,
            kind: b.kind,
            start: b.start,
            counselorName: names.get(b.counselorId),
            csat: answers.get(b.id)?.csat ?? null,
            npsAnswered: answers.get(b.id)?.nps !== undefined,
          })),
        },
      };
    },
  }),

  // ---------- complaints (client) ----------
  route({
    method: 'POST',
    path: '/me/complaints',
    auth: ['client'],
    body: ComplaintBodySchema,
    handle: async ({ body, caller }) => {
      let counselorId: string | undefined;
      if (body.bookingId) {
        const b = await getBooking(body.bookingId);
        if (!b || b.clientId !== caller.id) throw badRequest('bookingId', 'not one of your bookings');
        counselorId = b.counselorId;
      }
      const c = await createComplaint({
        clientId: caller.id,
        clientName: caller.name,
        category: body.category,
        text: body.text,
        bookingId: body.bookingId,
        counselorId,
        shareWithCounselor: body.category === 'counselor' ? Boolean(body.shareWithCounselor) : false,
        createdAt: now().toISOString(),
      });
      return { status: 201, body: { id: c.id, status: c.status } };
    },
  }),

  route({
    method: 'GET',
    path: '/me/complaints',
    auth: ['client'],
    handle: async ({ caller }) => {
      const items = (await listClientComplaints(caller.id)).map(forClient);
      return { status: 200, body: { items, unread: items.filter((i) => i.unread).length, templateId: complaintTemplateId() } };
    },
  }),

  route({
    method: 'GET',
    path: '/me/complaints/{id}',
    auth: ['client'],
    params: ComplaintParamsSchema,
    handle: async ({ params, caller }) => {
      const c = await getComplaint(params.id);
      if (!c || c.clientId !== caller.id) throw notFound('complaint');
      if (c.clientUnread) await markRead(c.id, caller.id);
      return { status: 200, body: { ...forClient(c), unread: false } };
    },
  }),

  route({
    method: 'POST',
    path: '/me/complaints/{id}/replies',
    auth: ['client'],
    params: ComplaintParamsSchema,
    body: ReplyBodySchema,
    handle: async ({ params, body, caller }) => {
      const c = await getComplaint(params.id);
      if (!c || c.clientId !== caller.id) throw notFound('complaint');
      const out = await addClientReply(c.id, caller.id, { id: ulid(), by: 'client', authorName: caller.name, text: body.text, at: now().toISOString() });
      if (!out) throw conflict('resolved', 'This complaint is resolved; please file a new one');
      return { status: 201, body: forClient(out) };
    },
  }),

  // ---------- complaints (admin) ----------
  route({
    method: 'GET',
    path: '/admin/complaints',
    auth: ['admin'],
    query: ComplaintQuerySchema,
    handle: async ({ query }) => {
      const [all, policy, admins] = await Promise.all([listComplaints(), getComplaintPolicy(), listUsersByRole('admin')]);
      const at = now();
      const items = all
        .map((c) => forAdmin(c, policy, at))
        .filter((c) => !query.status || (query.status === 'overdue' ? c.sla.overdue : c.status === query.status))
        // Overdue first, then the nearest deadline first; resolved last, newest first.
        .sort((a, b) => Number(b.sla.overdue) - Number(a.sla.overdue) || (a.sla.msLeft ?? Infinity) - (b.sla.msLeft ?? Infinity) || b.createdAt.localeCompare(a.createdAt));
      return {
        status: 200,
        body: {
          items,
          policy,
          now: at.toISOString(),
          overdue: items.filter((c) => c.sla.overdue).length,
          assignees: admins.map((a) => ({ id: a.id, name: a.name })),
          goodwill: { month: monthOf(inShanghai(at)), budget: policy.goodwillMonthlyBudget, ...(await goodwillSpent(monthOf(inShanghai(at)))) },
        },
      };
    },
  }),

  route({
    method: 'GET',
    path: '/admin/complaints/{id}',
    auth: ['admin'],
    params: ComplaintParamsSchema,
    handle: async ({ params }) => ({ status: 200, body: forAdmin(await adminComplaint(params.id), await getComplaintPolicy(), now()) }),
  }),

  route({
    method: 'POST',
    path: '/admin/complaints/{id}/assign',
    auth: ['admin'],
    params: ComplaintParamsSchema,
    body: AssignBodySchema,
    handle: async ({ params, body }) => {
      await adminComplaint(params.id);
      const assignee = await getUser(body.assigneeId);
      if (!assignee || assignee.role !== 'admin') throw badRequest('assigneeId', 'not an admin');
      const out = await assignComplaint(params.id, body.assigneeId);
      if (!out) throw conflict('resolved', 'This complaint is already resolved');
      return { status: 200, body: forAdmin(out, await getComplaintPolicy(), now()) };
    },
  }),

  route({
    method: 'POST',
    path: '/admin/complaints/{id}/replies',
    auth: ['admin'],
    params: ComplaintParamsSchema,
    body: ReplyBodySchema,
    handle: async ({ params, body, caller }) => {
      await adminComplaint(params.id);
      const out = await addStaffReply(params.id, { id: ulid(), by: 'staff', authorName: caller.name, text: body.text, at: now().toISOString() });
      if (!out) throw conflict('resolved', 'This complaint is already resolved');
      const notified = await notifyReply(out, 'replied');
      return { status: 201, body: { ...forAdmin(out, await getComplaintPolicy(), now()), notified } };
    },
  }),

  route({
    method: 'POST',
    path: '/admin/complaints/{id}/resolve',
    auth: ['admin'],
    params: ComplaintParamsSchema,
    body: ResolveBodySchema,
    handle: async ({ params, body, caller }) => {
      const c = await adminComplaint(params.id);
      if (c.status === 'resolved') throw conflict('already_resolved', 'This complaint is already resolved');
      if ((body.outcome === 'voucher' || body.outcome === 'refund') && body.amount === undefined) throw badRequest('amount', 'required for a voucher or a refund');
      const at = now();
      const iso = at.toISOString();
      const policy = await getComplaintPolicy();
      const reply = body.note ? { id: ulid(), by: 'staff' as const, authorName: caller.name, text: body.note, at: iso } : undefined;
      const month = monthOf(inShanghai(at));
      const voucher =
        body.outcome === 'voucher'
          ? { id: `gw-${c.id}`, ownerId: c.clientId, status: 'issued' as const, value: body.amount!, expiresAt: expiresAtFor(at, body.voucherValidDays ?? 90), campaignId: 'goodwill', reason: 'goodwill' as const, createdAt: iso }
          : undefined;
      // A refund goes back through WeChat Pay: checked and prepared before anything is written (4xx naming the field).
      const refund = body.outcome === 'refund' ? await prepareComplaintRefund(c, body.bookingId ?? c.bookingId, body.amount!) : undefined;
      const outcome: ComplaintOutcome = {
        kind: body.outcome,
        ...(body.note ? { note: body.note } : {}),
        ...(body.amount !== undefined && body.outcome !== 'apology' && body.outcome !== 'none' ? { amount: body.amount } : {}),
        ...(voucher ? { voucherId: voucher.id } : {}),
        ...(refund ? { refundStatus: 'pending' as const, bookingId: refund.bookingId, outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo } : {}),
      };
      const out = await resolveComplaint(c, outcome, iso, { voucher, budget: policy.goodwillMonthlyBudget, month, reply, refundItems: refund?.items });
      if (!out.ok && out.reason === 'not_found') throw notFound('complaint');
      if (!out.ok && out.reason === 'already_resolved') throw conflict('already_resolved', 'This complaint is already resolved');
      if (!out.ok && out.reason === 'refund_unavailable') throw new HttpError(409, 'refund_unavailable', 'bookingId: this consult’s payment has just been refunded or changed', 'bookingId');
      if (!out.ok) throw conflict('budget_exhausted', 'The goodwill budget for this month cannot cover this voucher', { budget: policy.goodwillMonthlyBudget, ...(await goodwillSpent(month)) });
      // Only the resolve that won asks WeChat Pay; a lost request or notice is caught up by reconciliation.
      if (refund) {
        await startComplaintRefund(refund.outTradeNo);
        out.complaint = (await getComplaint(c.id)) ?? out.complaint;
      }
      const notified = await notifyReply(out.complaint, 'resolved');
      return { status: 200, body: { ...forAdmin(out.complaint, policy, now()), notified } };
    },
  }),

  route({
    method: 'GET',
    path: '/admin/settings/complaints',
    auth: ['admin'],
    handle: async () => ({ status: 200, body: await getComplaintPolicy() }),
  }),

  route({
    method: 'PUT',
    path: '/admin/settings/complaints',
    auth: ['admin'],
    body: ComplaintPolicySchema,
    handle: async ({ body, caller }) => {
      if (body.resolutionHours < body.firstResponseHours) throw badRequest('resolutionHours', 'must not be shorter than the first response');
      return { status: 200, body: await putComplaintPolicy(body, caller.id, now()) };
    },
  }),

  // ---------- consent ----------
  route({
    method: 'GET',
    path: '/me/consents',
    auth: ROLES,
    handle: async ({ caller }) => {
      const consents = await getConsents(caller.id);
      if (!consents) throw notFound('user');
      return { status: 200, body: { consents, templateId: campaignTemplateId() } };
    },
  }),

  route({
    method: 'PUT',
    path: '/me/consents',
    auth: ROLES,
    body: ConsentsUpdateSchema,
    handle: async ({ caller, body }) => {
      const out = await setConsents(caller.id, body, now());
      if (!out) throw notFound('user');
      return { status: 200, body: out };
    },
  }),

  route({
    method: 'POST',
    path: '/me/message-grants',
    auth: ROLES,
    body: GrantBodySchema,
    // The client allowed one subscription message of this template (wx.requestSubscribeMessage): one grant, one message.
    // Also the quarterly check-in reminder's template (我的权益 → 开启季度关心提醒).
    handle: async ({ caller, body }) => {
      if (![campaignTemplateId(), complaintTemplateId(), checkinTemplateId()].filter(Boolean).includes(body.templateId)) throw badRequest('templateId', 'not a template Ripple sends');
      return { status: 201, body: { templateId: body.templateId, grants: await addGrant(caller.id, body.templateId, now()) } };
    },
  }),

  // ---------- message campaigns ----------
  route({
    method: 'POST',
    path: '/messages/campaigns',
    auth: ['marketer'],
    body: MessageCampaignInputSchema,
    handle: async ({ body, caller }) => {
      const c: MessageCampaign = { ...body, id: ulid(), createdBy: caller.id, createdAt: now().toISOString(), status: 'queued' };
      await createMessageCampaign(c);
      // The scheduled sender (every 5 minutes) picks it up; quiet hours make it wait for 09:00 Beijing.
      return { status: 201, body: campaignView(c, {}) };
    },
  }),

  route({
    method: 'GET',
    path: '/messages/campaigns',
    auth: ['marketer'],
    handle: async () => {
      const list = await listMessageCampaigns();
      const items = await Promise.all(list.map(async (c) => campaignView(c, await getCampaignStats(c.id))));
      return { status: 200, body: { items, defaultTemplateId: campaignTemplateId() } };
    },
  }),

  route({
    method: 'GET',
    path: '/messages/campaigns/{id}',
    auth: ['marketer'],
    params: MessageCampaignParamsSchema,
    handle: async ({ params }) => {
      const c = await getMessageCampaign(params.id);
      if (!c) throw notFound('campaign');
      return { status: 200, body: campaignView(c, await getCampaignStats(c.id)) };
    },
  }),

  route({
    method: 'POST',
    path: '/messages/campaigns/{id}/open',
    auth: ['client'],
    params: MessageCampaignParamsSchema,
    handle: async ({ params, caller }) => {
      const c = await getMessageCampaign(params.id);
      if (!c) throw notFound('campaign');
      await markOnce(c.id, caller.id, 'openedAt', now());
      return { status: 200, body: { id: c.id, title: c.title, body: c.body, purpose: c.segment.purpose } };
    },
  }),

  route({
    method: 'POST',
    path: '/messages/campaigns/{id}/unsubscribe',
    auth: ['client'],
    params: MessageCampaignParamsSchema,
    // One tap: the purpose this message was sent for is withdrawn at once (and counted once for the campaign).
    handle: async ({ params, caller }) => {
      const c = await getMessageCampaign(params.id);
      if (!c) throw notFound('campaign');
      const out = await setConsents(caller.id, { [c.segment.purpose]: false }, now());
      await markOnce(c.id, caller.id, 'unsubscribedAt', now());
      return { status: 200, body: { consents: out?.consents } };
    },
  }),

  // ---------- timeline, audit, owner's dashboard ----------
  route({
    method: 'GET',
    path: '/staff/clients/{id}/timeline',
    auth: ['counselor', 'admin'],
    params: ClientIdParams,
    handle: async ({ params, caller }) => {
      const { bookings, clientName } = await assertCareRelationship(caller, params.id);
      // Written before anything is shown: no view without its audit entry.
      await appendAudit({ clientId: params.id, viewerId: caller.id, viewerName: caller.name, viewerRole: caller.role, action: 'timeline_view', at: now().toISOString() });
      return { status: 200, body: { client: { id: params.id, name: clientName }, entries: await buildTimeline(caller, params.id, bookings) } };
    },
  }),

  route({
    method: 'GET',
    path: '/admin/audit',
    auth: ['admin'],
    query: AuditQuery,
    handle: async ({ query }) => ({ status: 200, body: { items: await listAudit(query.clientId) } }),
  }),

  route({
    method: 'GET',
    path: '/care/dashboard',
    auth: ['marketer'],
    handle: async () => ({ status: 200, body: await buildOwnerDashboard(now()) }),
  }),
];
