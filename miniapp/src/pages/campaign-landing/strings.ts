/** zh-CN strings of the public campaign page. */
export const LANDING_STRINGS = {
  paused: '这段时间我们暂停了各类活动推荐。照顾好自己最重要，需要帮助时随时可以找我们。',
  nav: '活动',
  missing: '没有找到这个活动',
  missingHint: '链接可能不完整，或活动还没有发布。',
  ended: '这个活动已经结束',
  endedHint: '感谢关注。你仍然可以做情绪自测，或预约主题日的免费咨询。',
  goHome: '回到首页',
  rulesTitle: '活动规则',
  qualifying: {
    signup: '好友注册',
    selftest_completed: '好友完成一次情绪自测',
    consult_attended: '好友完成一次咨询',
  } as Record<string, string>,
  rulesLines: (r: { qualifyingAction: string; milestone: number; inviterReward: { value: number; validDays: number }; friendReward: { value: number; validDays: number }; attributionWindowDays: number }, action: string) => [
    `好友需要：${action}（仅分享不计入）。`,
    `每有 ${r.milestone} 位好友完成，你获得 ¥${r.inviterReward.value} 咨询券，${r.inviterReward.validDays} 天内有效。`,
    `完成的好友获得 ¥${r.friendReward.value} 咨询券，${r.friendReward.validDays} 天内有效。`,
    `好友需在首次打开邀请后 ${r.attributionWindowDays} 天内注册；每位好友只能被邀请一次。`,
    '奖励只给直接邀请人，不设多级奖励。',
  ],
  themeDaysTitle: '主题日',
  privacy: '你的自测答案只属于你自己，工作人员看不到。',
  ctaSignup: '注册 / 登录',
} as const;
