import * as z from 'zod/mini';
import { LEVELS } from '../membership/levels';
import { TIERS } from '../analytics/tiers';

/**
 * Message campaigns: a marketer sends one WeChat subscription message to a segment (tier × level × source ×
 * consent purpose). Rules every send obeys, checked again at the moment of sending:
 * - only clients who consent to the campaign's purpose, and who have a counted one-time grant for the template;
 * - at most one marketing message per client per 7 days (across all campaigns, also under concurrency);
 * - never 21:00–09:00 Beijing time (the run waits for the morning);
 * - never during a crisis pause;
 * - exactly once per client per campaign, however often the run is retried.
 */
export const FREQUENCY_CAP_DAYS = 7;
export const QUIET_FROM_HOUR = 21;
export const QUIET_TO_HOUR = 9;

export const MESSAGE_PURPOSES = ['marketing', 'gatherings'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/** `none` = came without a campaign link; `referral` = accepted a friend's invite (any channel). */
export const SOURCE = /^[a-z0-9_]{1,24}$/;

export const SKIP_REASONS = ['crisis_pause', 'frequency_cap', 'no_grant', 'consent_withdrawn', 'send_failed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SegmentSchema = z.object({
  purpose: z.enum(MESSAGE_PURPOSES),
  tiers: z.optional(z.array(z.enum(TIERS)).check(z.maxLength(4))),
  levels: z.optional(z.array(z.enum(LEVELS)).check(z.maxLength(4))),
  sources: z.optional(z.array(z.string().check(z.regex(SOURCE, 'not a source'))).check(z.maxLength(20))),
});
export type Segment = z.infer<typeof SegmentSchema>;

const Field = z.string().check(z.trim(), z.minLength(1), z.maxLength(20));

export const MessageCampaignInputSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  /** The subscription-message template (its id as registered in the WeChat admin console). */
  templateId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
  /** thing1: title, thing2: a short line (WeChat limits `thing` values to 20 characters). */
  title: Field,
  body: Field,
  segment: SegmentSchema,
  /** Not before this moment (ISO); now when absent. */
  sendAfter: z.optional(z.iso.datetime({ offset: true })),
});
export type MessageCampaignInput = z.infer<typeof MessageCampaignInputSchema>;

export const MessageCampaignParamsSchema = z.object({ id: z.string().check(z.regex(/^[0-9A-Za-z]{1,40}$/, 'not a campaign id')) });
export const GrantBodySchema = z.object({ templateId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)) });

/** The hour of `now` in Beijing (UTC+8, no daylight saving). */
export const beijingHour = (now: Date) => (now.getUTCHours() + 8) % 24;

export function inQuietHours(now: Date): boolean {
  const h = beijingHour(now);
  return h >= QUIET_FROM_HOUR || h < QUIET_TO_HOUR;
}

/** The next 09:00 Beijing at or after `now` (when a waiting run may start). */
export function quietHoursEnd(now: Date): Date {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  d.setUTCHours(QUIET_TO_HOUR, 0, 0, 0);
  let end = new Date(d.getTime() - 8 * 3_600_000);
  if (end.getTime() <= now.getTime() && inQuietHours(now)) end = new Date(end.getTime() + 86_400_000);
  return end;
}

/** A previous marketing message at `last` still blocks one at `now`. */
export function withinCap(last: string | undefined, now: Date): boolean {
  return last !== undefined && now.getTime() - Date.parse(last) < FREQUENCY_CAP_DAYS * 86_400_000;
}
