import * as z from 'zod/mini';
import { freeText } from '../text';
import { REJECTION_REASONS } from './attribution';
import { normalizeCode } from './codes';
import { RewardRulesSchema } from './rules';

/** Requests and responses of the referral routes (docs/api.md § referral). */
export const InviteCodeParamsSchema = z.object({
  code: z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      const code = normalizeCode(s);
      // zod/mini's transform gets the parse payload, which has no addIssue: push the issue as addIssue would.
      if (!code) ctx.issues.push({ code: 'custom', message: 'not an invite code', input: s });
      return code ?? '';
    }),
  ),
});

/**
 * The id the H5/weapp client keeps before sign-in, so an open before sign-in still starts the window. Its shape
 * only; whether this server issued it (functions/auth/visitor.ts) is checked where it is used.
 */
export const VisitorIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'visitorId: 8–64 letters, digits, _ or -'));

export const OpenInviteBodySchema = z.object({ visitorId: z.optional(VisitorIdSchema) });
export const AcceptInviteBodySchema = z.object({
  visitorId: z.optional(VisitorIdSchema),
  /** How the invite reached the friend (share card, copied link, poster): kept on the edge for the dashboard. */
  via: z.optional(z.enum(['card', 'link', 'poster'])),
});

export const ProgressSchema = z.object({
  qualified: z.number().check(z.int()),
  /** Qualified friends the current milestone needs (the rule's milestone). */
  needed: z.number().check(z.int()),
  /** Qualified friends still missing for the next inviter voucher (0 when none can be earned any more). */
  remaining: z.number().check(z.int()),
  accepted: z.number().check(z.int()),
  vouchersGranted: z.number().check(z.int()),
  /** Milestones reached while the campaign budget was used up: "not granted: budget". */
  notGranted: z.optional(z.array(z.object({ milestoneIndex: z.number().check(z.int()), reason: z.literal('budget'), at: z.string() }))),
});

export const MyInviteResponseSchema = z.object({
  code: z.string(),
  sharePath: z.string(),
  scene: z.string(),
  campaignId: z.nullable(z.string()),
  campaignName: z.nullable(z.string()),
  rules: z.nullable(RewardRulesSchema),
  rulesText: z.array(z.string()),
  progress: ProgressSchema,
});

export const InviteLandingResponseSchema = z.object({
  code: z.string(),
  inviterName: z.string(),
  campaign: z.nullable(z.object({ id: z.string(), name: z.string(), landing: z.nullable(z.record(z.string(), z.unknown())) })),
  rules: z.nullable(RewardRulesSchema),
  rulesText: z.array(z.string()),
  /** The visitor id the server issued (or kept): the open before sign-in sends it. */
  visitorId: z.string(),
});

export const AcceptInviteResponseSchema = z.object({ inviterName: z.string(), campaignId: z.string() });
export const RejectionReasonSchema = z.enum(REJECTION_REASONS);

export const ChainParamsSchema = z.object({ clientId: z.string().check(z.regex(/^[0-9A-Za-z]{10,40}$/, 'not a client id')) });

export const ChainResponseSchema = z.object({
  client: z.object({ id: z.string() }),
  depth: z.number().check(z.int()),
  /** Nearest first: the direct inviter, then theirs, up to the root. Ids and depths only: no names, no self-test data. */
  ancestors: z.array(z.object({ id: z.string(), depth: z.number().check(z.int()) })),
  directInvites: z.number().check(z.int()),
  /** Everyone below this client, counted from the children index (bounded; `subtreeTruncated` when capped). */
  subtreeSize: z.number().check(z.int()),
  subtreeTruncated: z.boolean(),
});

export const RejectionsQuerySchema = z.object({ campaignId: freeText({ max: 64 }) });
export const RejectionsResponseSchema = z.object({
  campaignId: z.string(),
  counts: z.record(RejectionReasonSchema, z.number().check(z.int())),
});

export const CampaignRulesParamsSchema = z.object({ id: freeText({ max: 64 }) });
