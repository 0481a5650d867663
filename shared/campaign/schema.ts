import * as z from 'zod/mini';
import { freeText } from '../text';
import { RewardRulesSchema } from '../referral/rules';
import { MAX_VARIANTS, VariantSchema } from './blocks';
import { OTHER_CHANNEL } from './ids';

// The campaign id and channel helpers live in ./ids so the analytics bundles need not carry the campaign schemas.
export { CampaignIdParamsSchema, normaliseChannel, OTHER_CHANNEL } from './ids';

/**
 * A campaign: an invite programme or a theme-day promotion, with its landing content.
 * The campaign capability owns the landing blocks and variants; the referral capability reads `rules`.
 */
export const CAMPAIGN_TYPES = ['invite', 'theme_day'] as const;
export const CAMPAIGN_STATUSES = ['draft', 'published', 'ended'] as const;

export const CHANNEL = /^[a-z0-9_]{1,24}$/;
/** Events from a channel the campaign does not list are counted here, so counters stay bounded. */

export const VariantsSchema = z
  .array(VariantSchema)
  .check(
    z.maxLength(MAX_VARIANTS, `at most ${MAX_VARIANTS} variants`),
    z.refine((vs) => new Set(vs.map((v) => v.id)).size === vs.length, 'variant ids must be unique'),
  );

export const CampaignSchema = z.object({
  id: z.string(),
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  type: z.enum(CAMPAIGN_TYPES),
  status: z.enum(CAMPAIGN_STATUSES),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  channels: z._default(z.array(z.string().check(z.regex(CHANNEL))), []),
  /** Names of custom channels (`custom_<n>` → the name the marketer typed); known ids have built-in names. */
  channelLabels: z.optional(z.record(z.string(), z.string())),
  /** Reward rules (invite campaigns). */
  rules: z.optional(RewardRulesSchema),
  /** Landing content per A/B variant (shared/campaign/blocks.ts), at most 3, ids unique. */
  variants: z._default(VariantsSchema, []),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

// In its own module so that referral attribution (in most bundles) does not carry the campaign schemas.
export { isLive } from './live';

/** What a marketer sends to create or replace a campaign; the server owns id, status and timestamps. */
export const CampaignInputSchema = z
  .object({
    name: freeText({ max: 60 }),
    type: z.enum(CAMPAIGN_TYPES),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    channels: z._default(
      z
        .array(z.string().check(z.regex(CHANNEL, 'lower-case letters, digits or _, at most 24')))
        .check(
          z.maxLength(12),
          z.refine((cs) => new Set(cs).size === cs.length && !cs.includes(OTHER_CHANNEL), 'channels must be unique and not "other"'),
        ),
      [],
    ),
    channelLabels: z.optional(
      z.record(
        z.string().check(z.regex(CHANNEL, 'not a channel id')),
        z.string().check(z.trim(), z.minLength(1, 'cannot be empty'), z.maxLength(12, 'at most 12 characters')),
      ),
    ),
    rules: z.optional(RewardRulesSchema),
    variants: z._default(VariantsSchema, []),
  })
  .check(
    z.refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), { path: ['endsAt'], message: 'must be after startsAt' }),
    z.superRefine(checkCampaignSize),
  );
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

/**
 * A campaign is one DynamoDB item, and items stop at 400 KB: the whole campaign, serialised, is capped well below
 * that (its keys, index attributes and timestamps still fit), and the refusal names the largest part.
 */
export const MAX_CAMPAIGN_BYTES = 200 * 1024;

function checkCampaignSize(value: object, ctx: { addIssue(issue: { code: 'custom'; input: unknown; path: string[]; message: string }): void }) {
  const size = utf8Length(JSON.stringify(value));
  if (size <= MAX_CAMPAIGN_BYTES) return;
  const parts = Object.entries(value).map(([k, v]) => [k, utf8Length(JSON.stringify(v) ?? '')] as const);
  const largest = parts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  ctx.addIssue({
    code: 'custom',
    input: value,
    path: [largest],
    message: `the campaign is ${Math.ceil(size / 1024)} KB; at most ${MAX_CAMPAIGN_BYTES / 1024} KB — shorten the content`,
  });
}

/** UTF-8 bytes of a string, without TextEncoder (not in every WeChat base library). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}
