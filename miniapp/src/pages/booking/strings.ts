import type { BookingStatus } from './api';

/** Every string of the client booking pages, in one place. */
export const BOOKING_STRINGS = {
  // index
  title: '免费 15 分钟咨询',
  subtitle: '每月四个主题日，和专业咨询师安心聊 15 分钟。每人每个自然月可预约一次。',
  thisMonth: '本月主题日',
  nextMonth: '下月主题日',
  noThemeDays: '这个月还没有开放的主题日',
  noThemeDaysHint: '新的主题日发布后会出现在这里。',
  dayFull: '已约满',
  dayPast: '已结束',
  slotsLeft: (n: number) => `剩余 ${n} 个时段`,
  counselorsLine: (names: string[]) => `咨询师：${names.join('、')}`,
  seeSlots: '选择时段 ›',
  myBookings: '我的预约',
  paidConsults: '付费咨询（50 分钟）',
  paidConsultsHint: '想多聊一些？按咨询师或时间挑选正式咨询。',
  counselorDesk: '咨询师工作台',
  counselorDeskHint: '查看我的预约、标记到访、设置主题日时段。',
  staffDesk: '管理主题日',
  staffDeskHint: '创建、编辑和发布每月的主题日。',
  timezoneNote: '所有时间均为北京时间。',

  // monthly free consult, shown before a slot is picked
  monthlyUsed: '本月的免费咨询已预约',
  monthlyUsedNext: '下月的免费咨询已预约',
  monthlyUsedHint: (when: string) => `你已预约 ${when} 的免费咨询。每人每个自然月可预约一次；取消那次预约后，可以重新选择。`,
  viewThatBooking: '查看这次预约',

  // day
  dayTitle: (theme: string) => `主题日 · ${theme}`,
  pickSlot: '选择一个时段',
  withCounselor: (name: string) => `与 ${name}`,
  noSlots: '这一天没有可预约的时段',
  noSlotsHint: '可以看看其他主题日，或选择付费咨询。',
  taken: '已约',
  rules: (notice: string, cancel: string) => `预约最晚在开始前 ${notice}完成；开始前 ${cancel}以上可以免费取消。`,

  // book panel
  confirmTitle: '确认预约',
  free: '免费',
  price: (yuan: number) => `¥${yuan}`,
  amountDue: '应付金额',
  amountDueNote: '到店或线上咨询时支付，微信支付即将开放。',
  shareToggle: '把我最近一次自测结果分享给这位咨询师',
  shareHint: '只分享这一次结果的分级和得分，不包含任何具体答案；只有这位咨询师能看到。默认不分享。',
  shareNone: '你还没有自测结果，可以不分享。',
  shareLatest: (title: string, band: string) => `将分享：${title} · ${band}`,
  book: '确认预约',
  booking: '正在预约…',
  cancelPick: '再想想',

  // errors by API code
  errors: {
    slot_taken: '这个时段刚刚被别人约走了，请换一个时段。',
    monthly_limit: '你本月的免费咨询已经预约过了。每人每个自然月可预约一次免费咨询，下个月再来吧。',
    too_late: '距离开始太近了，这个时段已停止预约。',
    slot_past: '这个时段已经过去了。',
    slot_unavailable: '这个时段暂不开放预约。',
    price_changed: '咨询师刚刚调整了价格，请重新查看时段。',
    voucher_not_found: '没有找到这张券。',
    voucher_not_yours: '这张券不属于你。',
    voucher_not_issued: '这张券已被使用或已失效。',
    voucher_expired: '这张券已经过期。',
    too_late_to_cancel: '距离开始不足规定时间，已无法在线取消。如有需要，请联系咨询机构。',
    not_booked: '这个预约已经取消或已结束。',
  } as Record<string, string>,

  // confirmation
  confirmedTitle: '预约成功',
  confirmedSubtitle: '我们已为你留好这个时段。',
  bookingTitle: '预约详情',
  when: '时间',
  counselor: '咨询师',
  kind: '类型',
  kindFree: '免费咨询 · 15 分钟',
  kindPaid: '心理咨询 · 50 分钟',
  theme: '主题',
  status: '状态',
  addToCalendar: '添加到日历',
  calendarSaved: '日历文件已下载',
  calendarFailed: '日历文件没有下载成功，请重试',
  cancelBooking: '取消预约',
  cancelConfirmTitle: '取消这个预约？',
  cancelConfirmContent: '取消后这个时段会立即释放给其他人；免费咨询的本月名额也会退回给你。',
  cancelYes: '取消预约',
  cancelNo: '保留',
  cancelled: '已取消预约',
  cancelRule: (cancel: string) => `开始前 ${cancel}以上可以取消。`,
  reminderOn: '已开启开始前 1 小时的微信提醒。',
  cancelledNote: (kind: 'free' | 'paid') =>
    kind === 'free' ? '这个预约已取消，时段已释放；那个月的免费咨询名额已退回给你。' : '这个预约已取消，时段已释放；用过的咨询券已退回。',
  bookAgain: '重新预约',
  backToList: '返回主题日',
  viewMine: '查看我的预约',

  // mine
  mineTitle: '我的预约',
  mineEmpty: '还没有预约',
  mineEmptyHint: '从一次 15 分钟的免费咨询开始吧。',
  browseThemeDays: '看看主题日',
  upcoming: '即将开始',
  past: '历史',

  // paid
  paidTitle: '付费咨询',
  paidSubtitle: '50 分钟的正式咨询，由咨询师自定价格。',
  byTime: '按时间',
  byCounselor: '按咨询师',
  allCounselors: '全部',
  noPaidSlots: '近两周没有可预约的时段',
  noPaidSlotsHint: '可以换一位咨询师看看，或稍后再来。',
  perSession: (yuan: number) => `¥${yuan} / 次`,

  loginNeeded: '请先登录',
  /** 120 → “2 小时”, 30 → “30 分钟”. */
  duration: (minutes: number) => (minutes % 60 === 0 && minutes > 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`),
} as const;

export const STATUS_TEXT: Record<BookingStatus, string> = {
  booked: '已预约',
  cancelled: '已取消',
  attended: '已到访',
  no_show: '未到访',
};
