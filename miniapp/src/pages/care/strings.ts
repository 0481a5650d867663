import type { Purpose } from '../../../../shared/care/consent';
import type { ComplaintCategory, ComplaintStatus, OutcomeKind, RefundStatus } from '../../../../shared/care/complaint';

/** Every zh-CN string of the care pages a client sees (隐私与授权, 我的反馈, rating, complaints, messages). */
export const CARE_STRINGS = {
  privacyTitle: '隐私与授权',
  privacySubtitle: '每一项都由你决定，随时可以更改，更改立即生效。',
  purposes: {
    marketing: { label: '活动与优惠消息', hint: '偶尔通过微信服务通知告诉你新的活动，每 7 天最多一条，晚上 9 点到早上 9 点不打扰。' },
    gatherings: { label: '线下活动邀请', hint: '读书会、团体小组等线下活动的邀请。' },
    checkins: { label: '回访与打卡提醒', hint: '咨询后的回访问候和自我照顾打卡提醒。' },
    statistics: { label: '匿名汇总统计', hint: '你的数据只以人数不少于 5 人的汇总形式用于改进服务，从不单独查看。' },
  } as Record<Purpose, { label: string; hint: string }>,
  givenOn: (d: string) => `已于 ${d} 同意`,
  withdrawnOn: (d: string) => `已于 ${d} 关闭`,
  byDefault: '默认设置',
  saved: '已保存',
  saveFailed: '没有保存成功，请重试',
  privacyNote: '自测结果只属于你自己：咨询师只能看到你在预约时主动分享的那一次结果，市场人员永远看不到。',

  feedbackTitle: '我的反馈',
  feedbackSubtitle: '你的每一条意见都会有人认真回复。',
  toRate: '待评价的咨询',
  rated: (n: number) => `已评价 ${n} 分`,
  ratedTitle: '已评价的咨询',
  rateAction: '评价这次咨询',
  complaintsTitle: '我的意见与反馈',
  newComplaint: '提出意见或疑虑',
  noComplaints: '还没有提交过意见',
  noComplaintsHint: '如果有任何让你不舒服或不满意的地方，都可以告诉我们。',
  unread: '有新回复',
  statuses: { open: '已提交', in_progress: '处理中', resolved: '已处理' } as Record<ComplaintStatus, string>,
  categories: { booking: '预约', counselor: '咨询师', fees: '费用', privacy: '隐私', other: '其他' } as Record<ComplaintCategory, string>,
  outcomes: { apology: '致歉与改进', voucher: '心意券', refund: '退款', none: '已说明' } as Record<OutcomeKind, string>,
  refundStatusLabel: '状态',
  refundStatuses: { pending: '退款处理中', refunded: '已退款' } as Record<RefundStatus, string>,
  refundPendingNote: (yuan: number) => `¥${yuan} 将原路退回你的微信支付账户，通常几分钟内到账。`,
  refundedNote: (yuan: number, at: string) => `¥${yuan} 已于 ${at} 原路退回你的微信支付账户。`,

  rateTitle: '这次咨询感觉如何？',
  csatQuestion: '你对这次咨询的满意程度',
  csatLabels: ['很不满意', '不太满意', '一般', '比较满意', '非常满意'],
  npsQuestion: '你有多大可能把我们推荐给需要的朋友？',
  npsLow: '完全不会',
  npsHigh: '非常愿意',
  commentLabel: '想说的话（选填）',
  commentPlaceholder: '哪里好、哪里可以更好，都可以写下来',
  submitRating: '提交评价',
  ratingThanks: '谢谢你的评价',
  ratingDone: '这次咨询已经评价过了',
  notAttended: '咨询结束后才能评价',
  pickScore: '请先选一个分数',

  complainTitle: '提出意见或疑虑',
  complainSubtitle: '我们会在 24 小时内回复，72 小时内处理完毕。',
  categoryLabel: '关于哪方面',
  textLabel: '发生了什么',
  textPlaceholder: '请尽量描述经过，方便我们了解和改进',
  bookingLabel: '相关的咨询（选填）',
  noBooking: '不关联咨询',
  shareLabel: '允许这位咨询师看到是我提出的',
  shareHint: '默认不允许：咨询师不会看到你的名字和这条意见。',
  notifyLabel: '有回复时通过微信通知我',
  submitComplaint: '提交',
  complaintSent: '已收到，我们会尽快回复你',
  textTooShort: '请多写几个字，让我们了解发生了什么',

  complaintTitle: '意见详情',
  yourText: '你的意见',
  replies: '回复',
  staff: '涟漪团队',
  you: '我',
  noReplies: '还没有回复，我们会在 24 小时内答复你。',
  followUp: '补充说明',
  followUpPlaceholder: '还有想补充的吗？',
  send: '发送',

  messageTitle: '来自涟漪的消息',
  unsubscribe: '不再接收此类消息',
  unsubscribed: '已为你关闭，之后不会再收到此类消息。',
  manage: '管理全部授权',
  backHome: '回到首页',
};

export const formatDate = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};
export const formatDateTime = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
};
