/**
 * The quarterly check-in reminder (a member benefit): one WeChat subscription message a quarter inviting the
 * client to a self-test. Sent only with the client's `checkins` consent and a counted one-time grant, never during
 * a crisis pause, never 21:00–09:00 Beijing, at most once per client per calendar quarter (Beijing) and never
 * sooner than `CHECKIN_MIN_GAP_DAYS` after the previous one (so 31 Dec and 1 Jan are not both reminders).
 */
export const CHECKIN_MIN_GAP_DAYS = 85;

/** Why a client holding the benefit got no reminder this time (counted once per client, quarter and reason). */
export const CHECKIN_SKIP_REASONS = ['no_consent', 'consent_withdrawn', 'crisis_pause', 'no_grant', 'send_failed'] as const;
export type CheckinSkipReason = (typeof CHECKIN_SKIP_REASONS)[number];

/** The calendar quarter of `now` in Beijing (UTC+8, no daylight saving), e.g. `2026Q4`. */
export function quarterOf(now: Date): string {
  const b = new Date(now.getTime() + 8 * 3_600_000);
  return `${b.getUTCFullYear()}Q${Math.floor(b.getUTCMonth() / 3) + 1}`;
}

/** The page the message opens: the self-test list, marked so the app knows where the visit came from. */
export const CHECKIN_PAGE = 'pages/selftest/index?from=checkin';

/**
 * The message itself: an invitation, no score, no urgency (WeChat `thing` values hold at most 20 characters).
 * Nothing in it says anything about the person's past results.
 */
export const CHECKIN_MESSAGE = {
  thing1: { value: '季度关心提醒' },
  thing2: { value: '有空时做个情绪自测，看看最近的自己' },
  thing3: { value: '不做也没关系，可随时关闭提醒' },
} as const;
