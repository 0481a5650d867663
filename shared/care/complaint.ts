import * as z from 'zod/mini';

/** Complaints and concerns: 预约 / 咨询师 / 费用 / 隐私 / 其他. */
export const COMPLAINT_CATEGORIES = ['booking', 'counselor', 'fees', 'privacy', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<ComplaintCategory, string> = { booking: '预约', counselor: '咨询师', fees: '费用', privacy: '隐私', other: '其他' };

export const COMPLAINT_STATUSES = ['open', 'in_progress', 'resolved'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const OUTCOMES = ['apology', 'voucher', 'refund', 'none'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

const Id = z.string().check(z.regex(/^[0-9A-Za-z]{1,40}$/, 'not an id'));

export const ComplaintBodySchema = z.object({
  category: z.enum(COMPLAINT_CATEGORIES),
  text: z.string().check(z.trim(), z.minLength(2, 'please describe what happened'), z.maxLength(2000)),
  bookingId: z.optional(Id),
  /** Only for a complaint about a counselor: may that counselor see it with my name? Off unless chosen. */
  shareWithCounselor: z.optional(z.boolean()),
});
export type ComplaintBody = z.infer<typeof ComplaintBodySchema>;

export const ComplaintParamsSchema = z.object({ id: Id });
export const ComplaintQuerySchema = z.object({ status: z.optional(z.enum([...COMPLAINT_STATUSES, 'overdue'])) });
export const ReplyBodySchema = z.object({ text: z.string().check(z.trim(), z.minLength(1, 'write a reply'), z.maxLength(2000)) });
export const AssignBodySchema = z.object({ assigneeId: Id });
export const ResolveBodySchema = z.object({
  outcome: z.enum(OUTCOMES),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  /** Goodwill voucher value or refund amount, whole yuan. */
  amount: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5000))),
  voucherValidDays: z.optional(z.number().check(z.int(), z.gte(7), z.lte(365))),
  /** A refund's paid consult when the complaint names none (or another of the client's consults). */
  bookingId: z.optional(Id),
});
export type ResolveBody = z.infer<typeof ResolveBodySchema>;

/** SLA: first response and resolution, in hours from filing; an admin's setting. Goodwill vouchers: a monthly budget. */
export const ComplaintPolicySchema = z.object({
  firstResponseHours: z.number().check(z.int(), z.gte(1), z.lte(24 * 14)),
  resolutionHours: z.number().check(z.int(), z.gte(1), z.lte(24 * 60)),
  goodwillMonthlyBudget: z.number().check(z.int(), z.gte(0), z.lte(1_000_000)),
});
export type ComplaintPolicy = z.infer<typeof ComplaintPolicySchema>;
export const DEFAULT_COMPLAINT_POLICY: ComplaintPolicy = { firstResponseHours: 24, resolutionHours: 72, goodwillMonthlyBudget: 2000 };

/** A refund outcome is paid back through WeChat Pay: pending until its refund notice (or reconciliation) confirms it. */
export type RefundStatus = 'pending' | 'refunded';

export interface ComplaintOutcome {
  kind: OutcomeKind;
  note?: string;
  /** Whole yuan: the voucher's value or the amount refunded. */
  amount?: number;
  voucherId?: string;
  refundStatus?: RefundStatus;
  /** The refunded consult, its order and the refund's number at WeChat Pay (`RC<complaintId>`). */
  bookingId?: string;
  outTradeNo?: string;
  outRefundNo?: string;
  refundedAt?: string;
}

export interface Reply {
  id: string;
  by: 'staff' | 'client';
  authorName: string;
  text: string;
  at: string;
}

export interface Complaint {
  id: string;
  clientId: string;
  clientName: string;
  category: ComplaintCategory;
  text: string;
  bookingId?: string;
  counselorId?: string;
  shareWithCounselor: boolean;
  status: ComplaintStatus;
  createdAt: string;
  assigneeId?: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  outcome?: ComplaintOutcome;
  replies: Reply[];
  clientUnread: boolean;
}

export interface Sla {
  firstResponseDueAt: string;
  resolutionDueAt: string;
  /** The clock ran out before the event (or it still has not happened and the clock has run out). */
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  overdue: boolean;
  /** Milliseconds left to the next deadline still open; negative when overdue, undefined when resolved. */
  msLeft?: number;
}

const H = 3_600_000;

export function slaOf(c: Pick<Complaint, 'createdAt' | 'firstResponseAt' | 'resolvedAt'>, p: ComplaintPolicy, now: Date): Sla {
  const created = Date.parse(c.createdAt);
  const frDue = created + p.firstResponseHours * H;
  const resDue = created + p.resolutionHours * H;
  const t = now.getTime();
  const firstResponseBreached = c.firstResponseAt ? Date.parse(c.firstResponseAt) > frDue : t > frDue;
  const resolutionBreached = c.resolvedAt ? Date.parse(c.resolvedAt) > resDue : t > resDue;
  const overdue = !c.resolvedAt && (t > resDue || (!c.firstResponseAt && t > frDue));
  const nextDue = c.resolvedAt ? undefined : c.firstResponseAt ? resDue : frDue;
  return {
    firstResponseDueAt: new Date(frDue).toISOString(),
    resolutionDueAt: new Date(resDue).toISOString(),
    firstResponseBreached,
    resolutionBreached,
    overdue,
    msLeft: nextDue === undefined ? undefined : nextDue - t,
  };
}
