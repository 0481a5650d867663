import { lightFormat } from 'date-fns';
import { inShanghai } from '../time';
import type { QualifyingAction, RewardRules } from './rules';

/**
 * The full rules a client reads before any share button (WeChat's platform rules: how many friends,
 * what each friend must do, what each side gets, and that sharing by itself earns nothing).
 * Generated from the campaign's rules so the text can never drift from what the backend grants.
 */
const ACTION_TEXT: Record<QualifyingAction, string> = {
  signup: '通过邀请注册涟漪',
  selftest_completed: '通过邀请注册，并完成一次情绪自测（PHQ-9 或 GAD-7）',
  consult_attended: '通过邀请注册，并实际参加一次咨询',
};

export const qualifyingActionText = (action: QualifyingAction) => ACTION_TEXT[action];

const localDate = (iso: string) => lightFormat(inShanghai(iso), 'yyyy年M月d日');
/** The last day the campaign runs (it ends at `endsAt`, exclusive). */
const lastDay = (iso: string) => localDate(new Date(Date.parse(iso) - 1).toISOString());

/**
 * `inviter`: the invite page, read before sharing ("你" is the one who shares). `friend`: the landing page a friend
 * opens ("你" is the friend), with the same facts.
 */
export type RulesAudience = 'inviter' | 'friend';

export function rulesText(rules: RewardRules, campaign?: { startsAt: string; endsAt: string }, audience: RulesAudience = 'inviter'): string[] {
  const { milestone, inviterReward, friendReward } = rules;
  const friendSide = audience === 'friend';
  const inviterWho = friendSide ? '邀请人' : '你';
  const task = friendSide
    ? `你需要做的：${ACTION_TEXT[rules.qualifyingAction]}。你需是首次使用涟漪的新朋友，并在首次打开邀请后 ${rules.attributionWindowDays} 天内接受邀请。`
    : `好友需要做的：${ACTION_TEXT[rules.qualifyingAction]}。好友需是首次使用涟漪的新朋友，并在首次打开邀请后 ${rules.attributionWindowDays} 天内接受邀请。`;
  const friendGets = friendSide
    ? `你的奖励：完成上述行动后，你获得 1 张 ¥${friendReward.value} 咨询券。`
    : `好友的奖励：每位完成上述行动的好友获得 1 张 ¥${friendReward.value} 咨询券。`;
  const inviterGets = rules.repeatMilestone
    ? `${inviterWho}的奖励：每有 ${milestone} 位好友完成上述行动，${inviterWho}获得 1 张 ¥${inviterReward.value} 咨询券，可累计获得。`
    : `${inviterWho}的奖励：${milestone} 位好友完成上述行动后，${inviterWho}获得 1 张 ¥${inviterReward.value} 咨询券（本活动每人限 1 张）。`;
  // Each reader first sees what they do and what they get.
  const lines = [
    task,
    ...(friendSide ? [friendGets, inviterGets] : [inviterGets, friendGets]),
    `有效期：邀请人的咨询券自发放起 ${inviterReward.validDays} 天内有效，好友的咨询券自发放起 ${friendReward.validDays} 天内有效；预约付费咨询时抵扣，抵扣后应付金额最低为 0 元，不找零、不兑现。`,
    '仅分享链接或海报不会获得任何奖励，奖励只在好友本人完成上述行动后发放；不会因分享到朋友圈或群聊而额外奖励。',
    '每位好友只能被一位邀请人邀请；不能邀请自己；同一设备或微信账号只能作为新好友参与一次。',
    '奖励只发给直接邀请人，好友再邀请他人不会带来额外奖励。',
  ];
  const { maxVouchers, maxValue } = rules.budget;
  if (maxVouchers !== undefined || maxValue !== undefined) {
    lines.push('本活动的咨询券总量有限，发完即止；未能发放时会在邀请进度中注明原因。');
  }
  if (campaign) lines.unshift(`活动时间：${localDate(campaign.startsAt)} 至 ${lastDay(campaign.endsAt)}（北京时间）。`);
  return lines;
}
