import * as z from 'zod/mini';
import { freeText } from '../text';
import { INSTRUMENT_IDS } from '../selftest/instruments';

/**
 * The building blocks of a campaign's landing page. Plain data (no HTML), so a marketer's content can never
 * inject markup into the mini-program, and the same JSON renders in weapp and H5.
 */
const text = (max: number, multiline = false) => freeText({ max, multiline });
const optionalText = (max: number) => z.optional(freeText({ min: 0, max }));

export const TitleBlockSchema = z.object({
  kind: z.literal('title'),
  text: text(60),
  subtitle: optionalText(120),
});

export const ImageBlockSchema = z.object({
  kind: z.literal('image'),
  /** https URL or a path inside the mini-program's own assets. */
  url: freeText({ min: 0, max: 500 }).check(z.regex(/^(https:\/\/|\/)/, 'must be an https URL or a /path')),
  alt: text(80),
});

export const RichTextBlockSchema = z.object({
  kind: z.literal('richText'),
  paragraphs: z
    .array(z.object({ text: text(1000, true), style: z._default(z.enum(['normal', 'emphasis', 'quote']), 'normal') }))
    .check(z.minLength(1), z.maxLength(20)),
});

export const ThemeDaysBlockSchema = z.object({
  kind: z.literal('themeDays'),
  title: optionalText(40),
  items: z
    .array(
      z.object({
        date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')),
        theme: text(30),
        note: optionalText(120),
      }),
    )
    .check(z.minLength(1), z.maxLength(12)),
});

export const SelftestEntryBlockSchema = z.object({
  kind: z.literal('selftestEntry'),
  instrument: z.enum(INSTRUMENT_IDS),
  label: text(40),
});

/** Renders the campaign's full reward rules (WeChat requires them before any sharing). */
export const InviteRulesBlockSchema = z.object({
  kind: z.literal('inviteRules'),
  title: optionalText(40),
});

export const CTA_ACTIONS = ['signup', 'selftest', 'booking', 'invite', 'gathering'] as const;
export type CtaAction = (typeof CTA_ACTIONS)[number];
export const CtaBlockSchema = z
  .object({
    kind: z.literal('cta'),
    label: text(24),
    action: z.enum(CTA_ACTIONS),
    /** action `gathering`: the gathering (talk, salon…) the button opens. */
    gatheringId: z.optional(z.string().check(z.regex(/^[0-9A-Z]{26}$/, 'not a gathering id'))),
  })
  .check(z.refine((b) => b.action !== 'gathering' || !!b.gatheringId, { message: 'a gathering button names its gathering', path: ['gatheringId'] }));

export const BlockSchema = z.discriminatedUnion('kind', [
  TitleBlockSchema,
  ImageBlockSchema,
  RichTextBlockSchema,
  ThemeDaysBlockSchema,
  SelftestEntryBlockSchema,
  InviteRulesBlockSchema,
  CtaBlockSchema,
]);
export type Block = z.infer<typeof BlockSchema>;
export type BlockKind = Block['kind'];
export const BLOCK_KINDS: BlockKind[] = ['title', 'image', 'richText', 'themeDays', 'selftestEntry', 'inviteRules', 'cta'];

export const VARIANT_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** One A/B variant of the landing content with its share of the traffic. */
export const VariantSchema = z.object({
  id: z.string().check(z.regex(VARIANT_ID, 'letters, digits, _ or -, at most 16')),
  name: text(30),
  /** Relative traffic weight; 0 takes a variant out of rotation without deleting it. */
  weight: z.number().check(z.int(), z.gte(0), z.lte(100)),
  blocks: z.array(BlockSchema).check(z.minLength(1), z.maxLength(30)),
});
export type Variant = z.infer<typeof VariantSchema>;

export const MAX_VARIANTS = 3;
