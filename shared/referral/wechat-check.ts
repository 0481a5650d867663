import type { Variant } from '../campaign/blocks';
import type { RewardRules } from './rules';

/**
 * The WeChat platform rules on sharing (小程序平台运营规范 · 滥用分享行为), checked on a campaign as the marketer edits it:
 * rules shown in full before any share, rewards only for the friend's own real action, no luring to Moments, no
 * hidden inducements. `error` blocks publishing; `warn` is advice; `ok` says what already holds.
 */
export interface RulesCheckMessage {
  level: 'ok' | 'warn' | 'error';
  field: string;
  message: string;
}

/** Copy that pressures or lures people to share (the rules forbid inducing shares; the product forbids pressure). */
const LURING = ['转发', '朋友圈', '集赞', '分享即', '分享后即', '不分享', '错过', '最后机会', '仅剩', '赶紧', '马上抢'];

function texts(v: Variant): { text: string; field: string }[] {
  const out: { text: string; field: string }[] = [];
  v.blocks.forEach((b, j) => {
    const at = `blocks.${j}`;
    if (b.kind === 'title') out.push({ text: `${b.text} ${b.subtitle ?? ''}`, field: `${at}.text` });
    if (b.kind === 'richText') b.paragraphs.forEach((p, k) => out.push({ text: p.text, field: `${at}.paragraphs.${k}.text` }));
    if (b.kind === 'cta' || b.kind === 'selftestEntry') out.push({ text: b.label, field: `${at}.label` });
  });
  return out;
}

export function wechatRulesCheck(rules: RewardRules, variants: Variant[]): RulesCheckMessage[] {
  const out: RulesCheckMessage[] = [
    { level: 'ok', field: 'rules.qualifyingAction', message: '奖励只在好友本人完成行动后发放，分享本身不获奖励' },
  ];
  variants.forEach((v, i) => {
    const rulesAt = v.blocks.findIndex((b) => b.kind === 'inviteRules');
    const inviteCta = v.blocks.findIndex((b) => b.kind === 'cta' && b.action === 'invite');
    if (rulesAt < 0) out.push({ level: 'error', field: `variants.${i}.blocks`, message: `版本 ${v.id} 需要「活动规则」区块：分享前必须完整展示规则` });
    else if (inviteCta >= 0 && inviteCta < rulesAt) out.push({ level: 'error', field: `variants.${i}.blocks.${inviteCta}`, message: `版本 ${v.id} 的邀请按钮在活动规则之前，请把规则移到按钮上方` });
    for (const t of texts(v)) {
      const word = LURING.find((w) => t.text.includes(w));
      if (word) out.push({ level: 'error', field: `variants.${i}.${t.field}`, message: `“${word}”属于诱导分享或施压的说法，请换一种说法` });
    }
  });
  if (rules.milestone > 5) out.push({ level: 'warn', field: 'rules.milestone', message: `需要 ${rules.milestone} 位好友才有奖励，门槛较高，邀请人可能感到压力` });
  if (rules.friendReward.validDays < 14 || rules.inviterReward.validDays < 14) out.push({ level: 'warn', field: 'rules.friendReward.validDays', message: '咨询券有效期短于 14 天，客户可能来不及预约' });
  if (rules.attributionWindowDays < 3) out.push({ level: 'warn', field: 'rules.attributionWindowDays', message: '接受邀请的期限短于 3 天，好友可能来不及' });
  if (rules.budget.maxVouchers === undefined && rules.budget.maxValue === undefined) out.push({ level: 'warn', field: 'rules.budget', message: '没有设置预算上限：发放的咨询券数量不受限制' });
  if (!out.some((m) => m.level === 'error')) out.push({ level: 'ok', field: 'rules', message: '规则会在分享按钮之前完整展示' });
  return out;
}
