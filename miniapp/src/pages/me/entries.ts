import type { Role } from '../../../../shared/auth/roles';

/**
 * The entries of 我的, in order. A capability adds its page with ONE line here, e.g.
 *   { key: 'orders', title: '我的订单', description: '付费咨询的订单与支付记录。', url: '/pages/payment/orders', roles: CLIENT },
 * `badge` names a count from `badges.ts` (a small dot with the number shows when it is above 0).
 */
export interface MeEntry {
  key: string;
  title: string;
  description: string;
  url: string;
  /** Who sees it. */
  roles: readonly Role[];
  badge?: 'newVouchers';
  /** An offer (events to sign up for): hidden while the person's offers are paused after a crisis result. */
  offer?: true;
}

export const CLIENT: readonly Role[] = ['client'];
const STAFF: readonly Role[] = ['marketer', 'admin'];
const EVERYONE: readonly Role[] = ['client', 'counselor', 'marketer', 'admin'];

export const ME_ENTRIES: MeEntry[] = [
  { key: 'counselor-desk', title: '咨询师工作台', description: '今天的预约、标记到访、主题日时段、付费咨询时间与活动签到。', url: '/pages/counselor/index', roles: ['counselor'] },
  { key: 'themedays', title: '主题日管理', description: '创建、编辑和发布每月的主题日。', url: '/pages/campaign/themedays', roles: STAFF },
  { key: 'campaigns', title: '活动与数据', description: '活动页、A/B 版本、渠道转化与客户分层。', url: '/pages/campaign/list', roles: STAFF },
  { key: 'bookings', title: '我的预约', description: '即将开始和过去的咨询，取消或再约一次。', url: '/pages/booking/mine', roles: CLIENT },
  { key: 'orders', title: '我的订单', description: '付费咨询的订单、支付与退款记录。', url: '/pages/payment/orders', roles: CLIENT },
  { key: 'vouchers', title: '我的咨询券', description: '邀请好友获得的咨询券，预约付费咨询时抵扣。', url: '/pages/voucher/index', roles: CLIENT, badge: 'newVouchers' },
  { key: 'membership', title: '我的权益', description: '我的等级、可以享有的权益，以及积分和它们的有效期。', url: '/pages/membership/index', roles: CLIENT },
  { key: 'points', title: '我的积分', description: '积分的来处与用途，哪些积分快到期。', url: '/pages/membership/points', roles: CLIENT },
  { key: 'gatherings', title: '讲座与沙龙', description: '报名讲座、工作坊、沙龙和知识竞赛，查看我的签到码。', url: '/pages/gathering/index', roles: CLIENT, offer: true },
  { key: 'courses', title: '我的课程', description: '情绪与心理健康的自助小课，读完一节标记一节。', url: '/pages/course/index', roles: CLIENT },
  { key: 'selftests', title: '自测记录', description: '查看或删除我的情绪自测结果。', url: '/pages/selftest/history', roles: CLIENT },
  { key: 'privacy', title: '隐私与授权', description: '每一种用途单独同意或撤回：活动消息、活动邀请、回访提醒、匿名统计。', url: '/pages/care/privacy', roles: CLIENT },
  { key: 'feedback', title: '我的反馈', description: '为咨询评分，提出意见或投诉，查看回复。', url: '/pages/care/feedback', roles: CLIENT },
  { key: 'my-data', title: '导出或删除我的数据', description: '下载一份我的全部数据，或把它们全部删除。', url: '/pages/me/data', roles: CLIENT },
  { key: 'gathering-desk', title: '活动管理与会员', description: '讲座、沙龙与知识竞赛，现场签到，等级权益与积分规则。', url: '/pages/gathering-admin/list', roles: STAFF },
  { key: 'course-desk', title: '课程管理', description: '编写、发布心理健康自助课程。', url: '/pages/course/admin', roles: STAFF },
  { key: 'complaints-queue', title: '意见与投诉', description: '按时限处理的投诉队列：分派、回复、解决。', url: '/pages/care-admin/complaints', roles: ['admin'] },
  { key: 'care-dashboard', title: '服务质量', description: '复购率、客户价值、满意度与 NPS，推荐来的与其他客户对比。', url: '/pages/care-admin/dashboard', roles: STAFF },
  { key: 'care-messages', title: '消息推送', description: '向已同意的客户分群发送订阅消息（频率上限、免打扰时段）。', url: '/pages/care-admin/messages', roles: STAFF },
  { key: 'settings', title: '个人设置', description: '称呼、身份与退出登录。', url: '/pages/auth/profile', roles: EVERYONE },
];

export const entriesFor = (role: Role, offersPaused = false) => ME_ENTRIES.filter((e) => e.roles.includes(role) && !(offersPaused && e.offer));
