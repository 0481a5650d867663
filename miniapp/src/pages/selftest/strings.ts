export const SELFTEST_STRINGS = {
  // index
  chooseTitle: '情绪自测',
  chooseSubtitle: '选一个想了解的方面。回答没有对错，按最近两周的真实感受来选就好。',
  minutes: (n: number, items: number) => `${items} 个问题 · 约 ${n} 分钟`,
  start: '开始',
  privacyTitle: '你的答案只属于你',
  privacy: '自测结果只有你自己能看到；只有在预约时你主动选择分享，那一次的结果才会给那位咨询师看。你可以随时在「我的自测记录」里删除。',
  historyLink: '我的自测记录',
  screeningNote: '这些量表（PHQ-9、GAD-7）是国际通用的筛查工具，可以帮助你了解自己，但不能代替专业诊断。',

  // quiz
  progress: (n: number, total: number) => `${n} / ${total}`,
  previous: '上一题',
  next: '下一题',
  seeResult: '查看结果',
  submitting: '正在整理你的结果…',
  submitFailed: '结果没有提交成功，你的回答还在，请重试。',
  unknownInstrument: '没有找到这个自测。',
  backToList: '返回自测列表',

  // result
  resultTitle: '自测结果',
  yourScore: '你的得分',
  crisisReasonItem9: '你提到最近有过不如死掉或伤害自己的念头。无论总分是多少，这都值得马上被认真对待——请先联系上面的热线，或告诉一位你信任的人。',
  nextSteps: '接下来可以做的',
  comingSoon: '即将开放',
  viewHistory: '查看我的自测记录',
  // An invited friend's welcome voucher, earned by taking part (never by what was answered).
  rewardTitle: (value: number) => `感谢你接受朋友的邀请：¥${value} 咨询券已放入「我的咨询券」`,
  rewardHint: (until: string) => `有效期至 ${until}，预约付费咨询时可抵扣。这张券与你的自测结果无关。`,
  rewardLink: '查看我的咨询券',
  backHome: '返回首页',

  // history
  historyTitle: '我的自测记录',
  historySubtitle: '只有你能看到这些记录。',
  emptyTitle: '还没有自测记录',
  emptyDescription: '做一次两分钟的自测，结果会保存在这里，只有你能看到。',
  startSelftest: '去做一次自测',
  scoreOf: (score: number, max: number) => `${score} / ${max} 分`,
  crisisNote: '这次的回答里有需要关注的内容。难受的时候，可以随时拨打 12356 或 400-161-9995。',
  view: '查看',
  delete: '删除',
  deleteTitle: '删除这条记录？',
  deleteContent: '删除后将无法恢复。',
  deleteAll: '删除全部记录',
  deleteAllTitle: '删除全部自测记录？',
  deleteAllContent: '你的所有自测结果都会被永久删除，无法恢复。',
  deleted: '已删除',
  deleteFailed: '删除没有成功，请重试',
  export: '导出我的数据',
  exportHint: '以 JSON 文件下载你的全部自测记录（含每题答案）。',
  exported: '已开始下载',
  exportCopied: '已复制到剪贴板',
  exportFailed: '导出没有成功，请重试',
  cancel: '取消',

  // reading
  readingNotFound: '没有找到这篇内容。',
} as const;
