import { inShanghai, isoDateOf, monthOf } from '../time';

/**
 * Where a new client came from, decided once — FIRST TOUCH WINS:
 * - a sign-up that carried a campaign attribution (the landing page's channel and variant) is that campaign's channel,
 *   even if the same person later accepts an invite (they are counted once, under the channel);
 * - otherwise an accepted invite makes the client the invite campaign's `invite` source
 *   (accepting needs an account, so the sign-up always comes first; it had no campaign touch);
 * - otherwise `none`.
 * The day is the sign-up's Beijing date; revenue counts paid consults within 90 days of it.
 */
export type Source =
  | { kind: 'channel'; campaignId: string; channel: string }
  | { kind: 'invite'; campaignId: string }
  | { kind: 'none' };

export const REVENUE_WINDOW_DAYS = 90;
export const DAILY_SERIES_DAYS = 90;

/** The series key of a source inside its campaign's daily item: `invite` or `ch:<channel>`; `none` practice-wide. */
export const sourceKey = (s: Source): string => (s.kind === 'invite' ? 'invite' : s.kind === 'channel' ? `ch:${s.channel}` : 'none');

export const beijingDay = (iso: string) => isoDateOf(inShanghai(iso));
export const beijingMonth = (iso: string) => monthOf(inShanghai(iso));

/** True when a payment at `at` falls within the revenue window starting at the sign-up `joinedAt`. */
export function withinRevenueWindow(joinedAt: string, at: string): boolean {
  const d = Date.parse(at) - Date.parse(joinedAt);
  return d >= -60_000 && d <= REVENUE_WINDOW_DAYS * 86_400_000;
}
