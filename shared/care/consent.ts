import * as z from 'zod/mini';

/**
 * Consent per purpose (我的 → 隐私与授权). Each purpose is on or off with the moment it was last changed; a change is
 * effective at once everywhere (segments, sends, aggregates from then on).
 *
 * - marketing:  marketing messages (message campaigns). Off until the client turns it on. The legacy
 *               `marketingOptIn` profile flag mirrors it (PATCH /me { marketingOptIn } is an alias).
 * - gatherings: invitations to events and gatherings. Off until turned on.
 * - checkins:   check-in reminders (回访/打卡提醒). Off until turned on.
 * - statistics: use of my data in aggregate statistics (always aggregated, small cells shown as "<5"). On unless
 *               the client withdraws it: the practice needs its own counts to run, and nothing identifies anyone.
 */
export const PURPOSES = ['marketing', 'gatherings', 'checkins', 'statistics'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const DEFAULT_GRANTED: Record<Purpose, boolean> = { marketing: false, gatherings: false, checkins: false, statistics: true };

export interface ConsentState {
  granted: boolean;
  /** When it was last given or withdrawn; undefined while still at its default. */
  at?: string;
}
export type Consents = Record<Purpose, ConsentState>;

/** The profile attribute that holds one purpose's consent (flat, so a single conditional SET changes it). */
export const consentAttr = (p: Purpose) => `consent_${p}`;

export const ConsentsUpdateSchema = z
  .object({
    marketing: z.optional(z.boolean()),
    gatherings: z.optional(z.boolean()),
    checkins: z.optional(z.boolean()),
    statistics: z.optional(z.boolean()),
  })
  .check(z.refine((b) => PURPOSES.some((p) => b[p] !== undefined), { message: 'name at least one purpose', path: ['marketing'] }));
export type ConsentsUpdate = z.infer<typeof ConsentsUpdateSchema>;

/** The consents stored on a profile item, defaults filled in (legacy `marketingOptIn` counts for marketing). */
export function consentsOf(item: Record<string, unknown>): Consents {
  const out = {} as Consents;
  for (const p of PURPOSES) {
    const stored = item[consentAttr(p)] as { granted?: boolean; at?: string } | undefined;
    if (stored && typeof stored.granted === 'boolean') out[p] = { granted: stored.granted, at: stored.at };
    else if (p === 'marketing' && item.marketingOptIn === true) out[p] = { granted: true };
    else out[p] = { granted: DEFAULT_GRANTED[p] };
  }
  return out;
}

export const PURPOSE_LABELS: Record<Purpose, string> = {
  marketing: '活动与优惠消息',
  gatherings: '线下活动邀请',
  checkins: '回访与打卡提醒',
  statistics: '匿名汇总统计',
};
