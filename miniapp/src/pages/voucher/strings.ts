import type { WalletItem } from './api';

/** zh-CN text of the wallet and the voucher picker. */
export const VOUCHER_STRINGS = {
  navTitle: '我的咨询券',
  title: '我的咨询券',
  subtitle: '预约付费咨询时可抵扣，抵扣后最低 0 元。',
  emptyTitle: '还没有咨询券',
  emptyDescription: '好友通过你的邀请完成活动要求后，你和好友都会收到咨询券。',
  invite: '去邀请好友',
  book: '去预约咨询',
  value: (v: number) => `¥${v}`,
  expires: (date: string) => `有效期至 ${date}`,
  expired: (date: string) => `已于 ${date} 过期`,
  reason: { inviter_milestone: '邀请好友奖励', invited_friend: '新朋友奖励', goodwill: '致歉心意券', points_redemption: '积分兑换' } as Record<WalletItem['reason'], string>,
  status: { issued: '可使用', redeemed: '已使用', expired: '已过期', revoked: '已撤回' } as Record<WalletItem['status'], string>,
  usedFor: '已用于一次预约；取消该预约后会退回。',
  arrived: (n: number) => `有 ${n} 张新的咨询券到账。`,

  // picker (booking page)
  pickerTitle: '使用咨询券',
  pickerNone: '不使用',
  pickerEmpty: '暂无可用的咨询券',
  pickerOption: (value: number, date: string) => `¥${value} 咨询券 · ${date} 前有效`,
  pickerLoading: '正在读取咨询券…',
} as const;
