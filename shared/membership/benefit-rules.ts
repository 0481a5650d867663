import type { Tier } from '../analytics/tiers';
import type { BenefitRule, MembershipSettings } from './benefits';
import type { Level } from './levels';

/**
 * Member benefits are rules a marketer sets per client tier (internal) and per level (visible). A client sees
 * what they get and when it applies, never their tier. The booking and gathering routes enforce the windows.
 * The settings' schemas are in ./benefits.
 */
export const BENEFIT_KINDS = ['early_themeday', 'early_gathering', 'checkin_reminder', 'recommended_counselor', 'course_access'] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];

/** The rules that apply to a client: their level or their tier is listed. */
export function benefitsFor(settings: MembershipSettings, level: Level, tier: Tier | undefined): BenefitRule[] {
  return settings.benefits.filter((b) => b.levels.includes(level) || (tier !== undefined && b.tiers.includes(tier)));
}

/** The longest early window of a kind this client has, in hours (0: none). */
export function earlyHours(rules: BenefitRule[], kind: 'early_themeday' | 'early_gathering'): number {
  return Math.max(0, ...rules.filter((b) => b.kind === kind).map((b) => b.hours ?? 0));
}

/** What the client reads in 我的权益: calm, factual, no urgency. Never names a tier. */
export function describeBenefit(b: BenefitRule, counselorName?: string): { title: string; detail: string } {
  switch (b.kind) {
    case 'early_themeday':
      return { title: '主题日提前预约', detail: `免费主题日咨询比其他人提前 ${b.hours} 小时开放预约。` };
    case 'early_gathering':
      return { title: '活动提前报名', detail: `讲座、工作坊等活动比其他人提前 ${b.hours} 小时开放报名。` };
    case 'checkin_reminder':
      return { title: '每季度关心提醒', detail: '每季度一次，邀请你做一次情绪自测，看看最近的自己（需你同意接收提醒）。' };
    case 'recommended_counselor':
      return { title: '推荐咨询师', detail: counselorName ? `为你推荐熟悉你情况的咨询师：${counselorName}。` : '为你推荐一位合适的咨询师。' };
    case 'course_access':
      // `course` is the title a marketer's settings carry; a rule naming only the course's id stays general.
      return { title: '课程学习', detail: b.course ? `可免费学习课程《${b.course}》。` : '可免费学习一门自助课程，在「我的课程」中打开。' };
  }
}

/**
 * When an offer-like window opens for a client: everyone at `generalOpen`, members with the benefit
 * `hours` earlier. Returns the refusal, if any, for a request at `now`.
 */
export function windowRefusal(generalOpen: Date, hours: number, now: Date): { opensAt: string; early: boolean } | null {
  const mine = new Date(generalOpen.getTime() - hours * 3_600_000);
  if (now.getTime() >= mine.getTime()) return null;
  return { opensAt: mine.toISOString(), early: hours > 0 };
}
