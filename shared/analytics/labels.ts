import { channelName } from '../campaign/channels';
import type { FunnelStage } from './funnel';
import type { LoopStage, Via } from './loop';

/** Chinese names shared by the dashboard API's CSV exports and the pages (one place, so they cannot drift). */
export const STAGE_NAMES: Record<FunnelStage, string> = {
  visitors: '访问',
  signups: '注册',
  selftests: '完成自测',
  booked: '预约咨询',
  attended: '到场',
  redeemed: '用券',
};
export const LOOP_STAGE_NAMES: Record<'shared' | 'opened' | LoopStage, string> = {
  shared: '分享邀请',
  opened: '打开邀请',
  accepted: '接受邀请（新客户）',
  qualified: '达成条件',
  booked: '预约咨询',
  attended: '到场',
  paid: '付费',
};
export const VIA_NAMES: Record<Via, string> = { card: '分享卡片', link: '复制链接', poster: '海报', unknown: '未注明' };
export const TIER_NAMES: Record<string, string> = { basic: '基础客户', growth: '成长客户', core: '核心客户', potential: '潜力客户' };

/** A daily-series source key (`invite`, `ch:<channel>`, `none`) in Chinese. */
export function sourceName(key: string, labels?: Record<string, string>): string {
  if (key === 'invite') return '邀请好友';
  if (key === 'none') return '无来源（自然到访）';
  return channelName(key.replace(/^ch:/, ''), labels);
}
