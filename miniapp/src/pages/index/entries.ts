/**
 * The entries on the home page. A capability opens its entry by setting `url` to its page
 * (one line); `url: null` shows “即将开放”.
 */
export interface HomeEntry {
  key: 'selftest' | 'booking' | 'referral' | 'gathering' | 'history';
  title: string;
  description: string;
  url: string | null;
  /** An offer or a promotion: hidden while offers are paused after a crisis result. */
  offer?: boolean;
}

export const HOME_ENTRIES: HomeEntry[] = [
  {
    key: 'selftest',
    title: '情绪自测',
    description: '2 分钟，了解最近两周的心情与焦虑程度。',
    url: '/pages/selftest/index',
  },
  {
    key: 'booking',
    title: '免费 15 分钟咨询',
    description: '每月主题日，和专业咨询师聊一聊。',
    url: '/pages/booking/index',
  },
  {
    key: 'referral',
    title: '邀请好友',
    description: '把一份温柔的关心分享给在意的人。',
    url: '/pages/referral/index',
    offer: true,
  },
  {
    key: 'gathering',
    title: '活动与讲座',
    description: '讲座、工作坊与沙龙，和大家一起学习照顾自己。',
    url: '/pages/gathering/index',
    offer: true,
  },
  {
    key: 'history',
    title: '我的',
    description: '我的预约、咨询券、自测记录，隐私与数据。',
    url: '/pages/me/index',
  },
];

/** The page a not-yet-open entry will lead to, by the capability's naming convention. */
const futurePage = (e: HomeEntry) => `/pages/${e.key}/index`;

/**
 * Whether a link may be followed yet: a recommendation pointing at a capability whose entry is still closed
 * (e.g. the free consult before booking lands) shows “即将开放” instead of a dead link.
 */
export function isEntryOpen(url: string): boolean {
  const path = url.split('?')[0];
  return !HOME_ENTRIES.some((e) => e.url === null && futurePage(e) === path);
}
