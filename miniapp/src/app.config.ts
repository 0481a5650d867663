/**
 * Pages of the mini-program (SHARED: each capability adds its own lines).
 *
 * - Main package: the pages a client reaches (home, login, self-test, booking, invite). WeChat loads it at
 *   launch, so it stays small (target ≤ 700 KB, limit 2 MB).
 * - Sub-packages: staff pages, loaded only when a counselor or marketer opens them. Add a page to the
 *   matching `pages` list below; a sub-package with no pages yet is left out of the build.
 */
const mainPages = [
  'pages/index/index', // first entry = the launch page
  'pages/auth/login',
  'pages/auth/profile',
  'pages/selftest/index',
  'pages/selftest/quiz',
  'pages/selftest/result',
  'pages/selftest/history',
  'pages/selftest/reading',
  'pages/booking/index',
  'pages/booking/day',
  'pages/booking/confirm',
  'pages/booking/mine',
  'pages/booking/paid',
  'pages/referral/index',
  'pages/referral/landing',
  'pages/voucher/index',
  // Payment: receipts of paid consults (我的 → 订单).
  'pages/payment/orders',
  // Public campaign landing page; outside pages/campaign, which is the marketer sub-package's root.
  'pages/campaign-landing/index',
  // 我的: the hub of one's own pages (entries in pages/me/entries.ts), and export / delete everything of mine.
  'pages/me/index',
  'pages/me/data',
  // Care: 隐私与授权, 我的反馈 (ratings and complaints), a campaign message's page.
  'pages/care/privacy',
  'pages/care/feedback',
  'pages/care/rate',
  'pages/care/complain',
  'pages/care/complaint',
  'pages/care/message',
  // Gatherings (public page + list) and membership (我的权益, 积分).
  'pages/gathering/index',
  'pages/gathering/detail',
  'pages/membership/index',
  'pages/membership/points',
];

const subPackages = [
  // Counselor back office (booking capability). Page paths are relative to the root, e.g. 'index'.
  { root: 'pages/counselor', pages: ['index', 'availability', 'hours'] as string[] },
  // Marketer / admin back office (campaign, analytics).
  { root: 'pages/campaign', pages: ['themedays', 'list', 'editor'] as string[] },
  { root: 'pages/analytics', pages: ['dashboard', 'tiers'] as string[] },
  // Care back office: complaint queue (admin), client timeline (counselor, admin), owner's dashboard and message campaigns (marketer).
  { root: 'pages/care-admin', pages: ['complaints', 'timeline', 'dashboard', 'messages'] as string[] },
  // Gatherings back office (marketer / admin; check-in also for counselors) and the membership desk.
  { root: 'pages/gathering-admin', pages: ['list', 'editor', 'checkin', 'stats', 'members'] as string[] },
  // Self-help courses: a client's list and reader (from 我的 → 我的课程), and the marketer's course desk.
  { root: 'pages/course', pages: ['index', 'reader', 'admin', 'editor'] as string[] },
].filter((p) => p.pages.length > 0);

export default defineAppConfig({
  pages: mainPages,
  subPackages,
  // WeChat review: inject only the components a page renders, and ask for privacy consent before gated APIs
  // (the clipboard, the phone calendar; see components/PrivacyPopup.tsx and docs/wechat-release.md).
  lazyCodeLoading: 'requiredComponents',
  ...({ __usePrivacyCheck__: true } as object),
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f3f7f7',
    navigationBarBackgroundColor: '#f3f7f7',
    navigationBarTitleText: 'Ripple 涟漪',
    navigationBarTextStyle: 'black',
  },
});
