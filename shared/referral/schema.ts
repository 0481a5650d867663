import * as z from 'zod';
import { REJECTION_REASONS } from './attribution';
import { normalizeCode } from './codes';
import { RewardRulesSchema } from './rules';

/** Requests and responses of the referral routes (docs/api.md § referral). */
export const InviteCodeParamsSchema = z.object({
  code: z
    .string()
    .transform((s, ctx) => {
      const code = normalizeCode(s);
      if (!code) ctx.addIssue({ code: 'custom', message: 'not an invite code' });
      return code ?? '';
    }),
});

/** A random id the H5/weapp client keeps before sign-in, so an open before sign-in still starts the window. */
export const VisitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'visitorId: 8–64 letters, digits, _ or -');

export const OpenInviteBodySchema = z.object({ visitorId: VisitorIdSchema.optional() });
export const AcceptInviteBodySchema = z.object({ visitorId: VisitorIdSchema.optional() });

export const ProgressSchema = z.object({
  qualified: z.number().int(),
  /** Qualified friends the current milestone needs (the rule's milestone). */
  needed: z.number().int(),
  /** Qualified friends still missing for the next inviter voucher (0 when none can be earned any more). */
  remaining: z.number().int(),
  accepted: z.number().int(),
  vouchersGranted: z.number().int(),
  /** Milestones reached while the campaign budget was used up: "not granted: budget". */
  notGranted: z.array(z.object({ milestoneIndex: z.number().int(), reason: z.literal('budget'), at: z.string() })).optional(),
});

export const MyInviteResponseSchema = z.object({
  code: z.string(),
  sharePath: z.string(),
  scene: z.string(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  rules: RewardRulesSchema.nullable(),
  rulesText: z.array(z.string()),
  progress: ProgressSchema,
});

export const InviteLandingResponseSchema = z.object({
  code: z.string(),
  inviterName: z.string(),
  campaign: z
    .object({ id: z.string(), name: z.string(), landing: z.record(z.string(), z.unknown()).nullable() })
    .nullable(),
  rules: RewardRulesSchema.nullable(),
  rulesText: z.array(z.string()),
});

export const AcceptInviteResponseSchema = z.object({ inviterName: z.string(), campaignId: z.string() });
export const RejectionReasonSchema = z.enum(REJECTION_REASONS);

export const ChainParamsSchema = z.object({ clientId: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'not a client id') });

export const ChainResponseSchema = z.object({
  client: z.object({ id: z.string() }),
  depth: z.number().int(),
  /** Nearest first: the direct inviter, then theirs, up to the root. Ids and depths only: no names, no self-test data. */
  ancestors: z.array(z.object({ id: z.string(), depth: z.number().int() })),
  directInvites: z.number().int(),
  /** Everyone below this client, counted from the children index (bounded; `subtreeTruncated` when capped). */
  subtreeSize: z.number().int(),
  subtreeTruncated: z.boolean(),
});

export const RejectionsQuerySchema = z.object({ campaignId: z.string().min(1).max(64) });
export const RejectionsResponseSchema = z.object({
  campaignId: z.string(),
  counts: z.record(RejectionReasonSchema, z.number().int()),
});

export const CampaignRulesParamsSchema = z.object({ id: z.string().min(1).max(64) });
