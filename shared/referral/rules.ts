import * as z from 'zod';

/**
 * The reward rules a marketer sets on an invite campaign. The qualifying action is always something the
 * friend really does — never the share itself (WeChat's platform rules).
 */
export const QUALIFYING_ACTIONS = ['signup', 'selftest_completed', 'consult_attended'] as const;
export type QualifyingAction = (typeof QUALIFYING_ACTIONS)[number];

export const RewardSchema = z.object({
  /** Voucher value in whole yuan. */
  value: z.number().int().min(1).max(10_000),
  validDays: z.number().int().min(1).max(366),
});

export const RewardRulesSchema = z.object({
  qualifyingAction: z.enum(QUALIFYING_ACTIONS).default('selftest_completed'),
  /** Qualified friends per inviter voucher. */
  milestone: z.number().int().min(1).max(50).default(3),
  /** When true the inviter earns again at 2×, 3×… the milestone. */
  repeatMilestone: z.boolean().default(false),
  inviterReward: RewardSchema.default({ value: 100, validDays: 60 }),
  friendReward: RewardSchema.default({ value: 50, validDays: 60 }),
  /** Days from the friend's first open of the invite within which they must accept. */
  attributionWindowDays: z.number().int().min(1).max(90).default(7),
  budget: z
    .object({
      maxVouchers: z.number().int().min(0).optional(),
      maxValue: z.number().int().min(0).optional(),
    })
    .default({}),
});
export type RewardRules = z.infer<typeof RewardRulesSchema>;

export const DEFAULT_REWARD_RULES: RewardRules = RewardRulesSchema.parse({});
