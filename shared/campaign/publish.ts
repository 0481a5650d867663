import type { Block, Variant } from './blocks';
import type { Campaign } from './schema';
import { wechatRulesCheck } from '../referral/wechat-check';

/**
 * Why a campaign cannot be published as it is: every problem, each naming its field as a path into the campaign
 * (`variants.1.blocks.0.text`), so the editor shows the message next to that field. Messages are for marketers (zh-CN).
 */
export interface PublishProblem {
  field: string;
  message: string;
}

/** The editor's starting texts: a page still showing one of them is unfinished. */
export const PLACEHOLDER_TEXTS = ['标题', '副标题', '图片说明', '一段介绍文字。', '按钮文字', '主题', 'https://example.com/banner.png'];

const isPlaceholder = (t: string | undefined) => t !== undefined && PLACEHOLDER_TEXTS.includes(t.trim());

function textProblems(b: Block, at: string): PublishProblem[] {
  const out: PublishProblem[] = [];
  const need = (value: string | undefined, field: string, optional = false) => {
    if (optional && (value === undefined || value.trim() === '')) return;
    if (!value || !value.trim()) out.push({ field: `${at}.${field}`, message: '不能为空' });
    else if (isPlaceholder(value)) out.push({ field: `${at}.${field}`, message: '还是示例文字，请改成真实内容' });
  };
  switch (b.kind) {
    case 'title':
      need(b.text, 'text');
      need(b.subtitle, 'subtitle', true);
      break;
    case 'image':
      if (!/^https:\/\//.test(b.url) && !b.url.startsWith('/')) out.push({ field: `${at}.url`, message: '图片地址必须以 https:// 开头' });
      else if (b.url.startsWith('http://')) out.push({ field: `${at}.url`, message: '图片地址必须以 https:// 开头' });
      else if (isPlaceholder(b.url)) out.push({ field: `${at}.url`, message: '还是示例图片地址，请换成真实图片' });
      need(b.alt, 'alt');
      break;
    case 'richText':
      b.paragraphs.forEach((p, i) => need(p.text, `paragraphs.${i}.text`));
      break;
    case 'themeDays':
      need(b.title, 'title', true);
      b.items.forEach((it, i) => need(it.theme, `items.${i}.theme`));
      break;
    case 'selftestEntry':
    case 'cta':
      need(b.label, 'label');
      break;
    case 'inviteRules':
      need(b.title, 'title', true);
      break;
  }
  return out;
}

function variantProblems(v: Variant, i: number): PublishProblem[] {
  const at = `variants.${i}`;
  const out: PublishProblem[] = [];
  if (isPlaceholder(v.name) || !v.name.trim()) out.push({ field: `${at}.name`, message: '请填写版本名称' });
  v.blocks.forEach((b, j) => out.push(...textProblems(b, `${at}.blocks.${j}`)));
  // A page needs something to do: a call to action, or the self-test entry (itself a button).
  if (!v.blocks.some((b) => b.kind === 'cta' || b.kind === 'selftestEntry')) out.push({ field: `${at}.blocks`, message: '这个版本没有行动按钮（「按钮」或「自测入口」区块）' });
  return out;
}

export function publishProblems(c: Pick<Campaign, 'status' | 'endsAt' | 'variants' | 'type' | 'rules'>, now: Date): PublishProblem[] {
  const out: PublishProblem[] = [];
  if (Date.parse(c.endsAt) <= now.getTime()) out.push({ field: 'endsAt', message: '结束日期已经过去' });
  if (!c.variants.length) out.push({ field: 'variants', message: '至少需要一个版本' });
  else if (!c.variants.some((v) => v.weight > 0)) out.push({ field: 'variants', message: '所有版本的流量权重都是 0，至少一个版本要大于 0' });
  c.variants.forEach((v, i) => out.push(...variantProblems(v, i)));
  if (c.type === 'invite') {
    if (!c.rules) out.push({ field: 'rules', message: '邀请活动需要奖励规则' });
    else out.push(...wechatRulesCheck(c.rules, c.variants).filter((m) => m.level === 'error').map(({ field, message }) => ({ field, message })));
  }
  return out;
}
