import * as z from 'zod/mini';

/**
 * The reward rules a marketer sets on an invite campaign. The qualifying action is always something the
 * friend really does — never the share itself (WeChat's platform rules).
 */
export const QUALIFYING_ACTIONS = ['signup', 'selftest_completed', 'consult_attended'] as const;
export type QualifyingAction = (typeof QUALIFYING_ACTIONS)[number];

export const RewardSchema = z.object({
  /** Voucher value in whole yuan. */
  value: z.number().check(z.int(), z.gte(1), z.lte(10_000)),
  validDays: z.number().check(z.int(), z.gte(1), z.lte(366)),
});

export const RewardRulesSchema = z.object({
  qualifyingAction: z._default(z.enum(QUALIFYING_ACTIONS), 'selftest_completed'),
  /** Qualified friends per inviter voucher. */
  milestone: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 3),
  /** When true the inviter earns again at 2×, 3×… the milestone. */
  repeatMilestone: z._default(z.boolean(), false),
  inviterReward: z._default(RewardSchema, { value: 100, validDays: 60 }),
  friendReward: z._default(RewardSchema, { value: 50, validDays: 60 }),
  /** Days from the friend's first open of the invite within which they must accept. */
  attributionWindowDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(90)), 7),
  budget: z._default(
    z.object({
      maxVouchers: z.optional(z.number().check(z.int(), z.gte(0))),
      maxValue: z.optional(z.number().check(z.int(), z.gte(0))),
    }),
    {},
  ),
});
export type RewardRules = z.infer<typeof RewardRulesSchema>;

export const DEFAULT_REWARD_RULES: RewardRules = RewardRulesSchema.parse({});
