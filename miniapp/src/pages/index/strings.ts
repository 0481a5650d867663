export const HOME_STRINGS = {
  navTitle: 'Ripple 涟漪',
  brand: 'Ripple 涟漪',
  tagline: '慢一点也没关系。先照顾好自己的心情，再一起往前走。',
  greeting: (name: string) => `你好，${name}`,
  greetingGuest: '你好，欢迎来到涟漪',
  signIn: '登录',
  profile: '个人设置',
  comingSoon: '即将开放',
  privacy: '你的自测答案只属于你：工作人员看不到；除非你预约时主动分享给咨询师。你随时可以删除。',
  comingSoonToast: '这个功能即将开放，敬请期待',
  marketerDesk: '活动与数据',
  marketerDeskHint: '活动页、A/B 版本、渠道转化与客户分层。',
} as const;
