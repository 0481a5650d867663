/** Text used by the shared components (zh-CN). */
export const COMPONENT_STRINGS = {
  back: '返回',
  loading: '正在加载…',
  retry: '重试',
  errorTitle: '出了点小问题',
  errorDefault: '暂时没能加载，请检查网络后重试。',
  emptyTitle: '这里还没有内容',
  crisisTitle: '你不必一个人面对',
  crisisLead: '如果你正感到很难受，或有伤害自己的念头，请现在就联系专业的援助热线，他们会认真倾听。',
  crisisCall: '拨打',
  crisisAvailability: '免费 · 保密 · 有专业人员接听',
  privacyTitle: '用户隐私保护提示',
  privacyText: '这个功能需要用到微信的剪贴板或手机日历（例如复制邀请链接、把预约加入日历）。同意后才会使用；不同意也不影响你继续使用其他功能。',
  privacyGuide: '阅读《涟漪小程序隐私保护指引》',
  privacyAgree: '同意',
  privacyDecline: '不同意',
} as const;
