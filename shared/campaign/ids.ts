import * as z from 'zod/mini';

export const OTHER_CHANNEL = 'other';

export const CampaignIdParamsSchema = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'not a campaign id')) });

/** The channel an event is counted under: one of the campaign's own, else `other`. */
export function normaliseChannel(channels: readonly string[], ch: string | undefined): string {
  return ch && channels.includes(ch) ? ch : OTHER_CHANNEL;
}
