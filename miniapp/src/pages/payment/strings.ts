import type { OrderStatus } from './api';

/** Every string of the payment pages, in one place. */
export const PAYMENT_STRINGS = {
  ordersTitle: '我的订单',
  ordersSubtitle: '付费咨询与活动报名的支付与退款记录。',
  empty: '还没有订单',
  emptyHint: '预约付费咨询并完成支付后，收据会出现在这里。',
  browsePaid: '看看付费咨询',
  consult: '心理咨询 · 50 分钟',
  orderNo: '订单号',
  consultAt: '咨询时间',
  originalPrice: '原价',
  voucherOff: '券抵扣',
  paid: '实付',
  paidAt: '支付时间',
  refundedAt: '退款时间',
  refundAmount: '退款金额',
  complaintRefund: '这是处理你的意见时退还的费用，这次咨询的记录保持不变',
  partlyRefunded: '部分退款',
  partlyRefunding: '部分退款中',
  refundNote: '已原路退回微信支付账户',
  refundPendingNote: '退款处理中，通常几分钟内到账',
  price: (yuan: number) => `¥${yuan}`,
  minus: (yuan: number) => `−¥${yuan}`,
  viewBooking: '查看预约',
  gatheringAt: '活动时间',
  gatheringPrice: '价格',
  viewGathering: '查看活动',
  /** What wx.requestPayment failed with, as the client sees it. */
  payFailed: '支付没有完成，请稍后再试。',
} as const;

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  closed: '已关闭',
  refund_pending: '退款中',
  refunded: '已退款',
};
