import type { MembershipSettings } from './benefits';
import type { PointsSettings } from './points';

/** What a practice starts with until a marketer changes the settings. */
export const DEFAULT_MEMBERSHIP_SETTINGS: MembershipSettings = {
  // Off until a marketer sets it: theme days then open to all N days ahead, members earlier.
  themeDayOpensDaysBefore: null,
  benefits: [
    { id: 'early-themeday', kind: 'early_themeday', levels: ['zhiyou', 'zhiji'], tiers: ['core'], hours: 24 },
    { id: 'early-gathering', kind: 'early_gathering', levels: ['tongxing', 'zhiyou', 'zhiji'], tiers: ['core'], hours: 24 },
    { id: 'checkin', kind: 'checkin_reminder', levels: ['zhiyou', 'zhiji'], tiers: ['growth'] },
    { id: 'course', kind: 'course_access', levels: ['tongxing', 'zhiyou', 'zhiji'], tiers: ['basic'], courseId: 'mindfulness-intro', course: '正念练习入门' },
  ],
};

export const DEFAULT_POINTS_SETTINGS: PointsSettings = {
  earn: [
    { cause: 'gathering_attended', points: 20, budget: 100_000 },
    { cause: 'course_finished', points: 30, budget: 100_000 },
    { cause: 'referral_qualified', points: 50, budget: 100_000 },
  ],
  rewards: [
    { id: 'voucher-50', kind: 'consult_voucher', name: '50 元咨询抵用券', points: 100, value: 50, validDays: 90, maxVouchers: 500, maxValue: 25_000 },
    { id: 'course-basic', kind: 'course_access', name: '《情绪自助基础课》', points: 60, courseId: 'emotion-basics', course: '情绪自助基础课' },
  ],
};
