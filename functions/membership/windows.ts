import { isOffersPaused } from '../../shared/care/crisis-pause';
import { shanghaiDate } from '../../shared/booking/slots';
import type { BenefitRule } from '../../shared/membership/benefits';
import { benefitsFor, earlyHours, windowRefusal } from '../../shared/membership/benefit-rules';
import type { Level } from '../../shared/membership/levels';
import type { GatheringRecord } from '../db/gathering';
import { getMembershipSettings, levelAndTier } from '../db/membership';
import { conflict, type HttpError } from '../http/errors';

// The early windows, kept apart from the rest of membership: the booking Lambda calls them on every free booking.

/** The benefits that apply to this client (their level, or their internal tier — which is never shown). */
export async function benefitsOf(userId: string): Promise<{ level: Level; rules: BenefitRule[]; paused: boolean; name?: string }> {
  const [{ level, tier, name, crisisPauseUntil }, settings] = await Promise.all([levelAndTier(userId), getMembershipSettings()]);
  return { level, rules: benefitsFor(settings, level, tier), paused: isOffersPaused(crisisPauseUntil), name };
}

/**
 * The early windows. Theme-day free slots open to everyone `themeDayOpensDaysBefore` days before the day
 * (Shanghai midnight); members with the `early_themeday` benefit that many hours earlier. Zero reads unless the
 * request falls inside an early window (settings are cached in a warm Lambda).
 */
export async function themeDayEarlyRefusal(userId: string, slotStart: string, now: Date): Promise<{ refusal?: HttpError; early: boolean }> {
  const settings = await getMembershipSettings();
  if (!settings.themeDayOpensDaysBefore) return { early: false };
  // Shanghai has no daylight saving: midnight there is always 16:00 UTC the day before.
  const dayStart = new Date(`${shanghaiDate(slotStart)}T00:00:00+08:00`);
  const generalOpen = new Date(dayStart.getTime() - settings.themeDayOpensDaysBefore * 86_400_000);
  if (now >= generalOpen) return { early: false };
  const { rules } = await benefitsOf(userId);
  const hours = earlyHours(rules, 'early_themeday');
  const refusal = windowRefusal(generalOpen, hours, now);
  if (!refusal) return { early: true };
  return {
    early: false,
    refusal: conflict(
    'booking_not_open',
    hours > 0
      ? `你享有提前 ${hours} 小时预约的权益，这一天将于 ${fmt(refusal.opensAt)}（北京时间）向你开放预约。`
      : `这一天的预约将于 ${fmt(refusal.opensAt)}（北京时间）开放。`,
    { opensAt: refusal.opensAt, benefit: hours > 0 ? 'early_themeday' : null },
    ),
  };
}

/** Gatherings: everyone from `registrationOpensAt` (or publishing); listed levels / tiers or the benefit earlier. */
export async function gatheringEarlyRefusal(g: GatheringRecord, userId: string, now: Date): Promise<{ refusal?: HttpError; early: boolean }> {
  const generalOpen = new Date(g.registrationOpensAt ?? g.publishedAt ?? g.createdAt);
  if (now >= generalOpen) return { early: false };
  const [{ level, tier }, settings] = await Promise.all([levelAndTier(userId), getMembershipSettings()]);
  const listed = g.earlyLevels.includes(level) || (tier !== undefined && g.earlyTiers.includes(tier)) ? g.earlyHours : 0;
  const hours = Math.max(listed, earlyHours(benefitsFor(settings, level, tier), 'early_gathering'));
  const refusal = windowRefusal(generalOpen, hours, now);
  if (!refusal) return { early: true };
  return {
    early: false,
    refusal: conflict(
      'registration_not_open',
      hours > 0 ? `你享有提前 ${hours} 小时报名的权益，报名将于 ${fmt(refusal.opensAt)}（北京时间）向你开放。` : `报名将于 ${fmt(refusal.opensAt)}（北京时间）开放。`,
      { opensAt: refusal.opensAt, benefit: hours > 0 ? 'early_gathering' : null },
    ),
  };
}

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

