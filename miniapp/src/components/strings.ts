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
} as const;
