import type { Block, BlockKind, Variant } from '../../../../shared/campaign/blocks';

/**
 * A starting point for each block kind. Texts a marketer must replace are the shared placeholders
 * (shared/campaign/publish.ts PLACEHOLDER_TEXTS): publishing refuses a page that still shows them.
 */
export const BLOCK_TEMPLATES: Record<BlockKind, Block> = {
  title: { kind: 'title', text: '标题', subtitle: '副标题' },
  image: { kind: 'image', url: 'https://example.com/banner.png', alt: '图片说明' },
  richText: { kind: 'richText', paragraphs: [{ text: '一段介绍文字。', style: 'normal' }] },
  themeDays: { kind: 'themeDays', title: '本月主题日', items: [{ date: '2026-12-05', theme: '主题', note: '免费 15 分钟咨询' }] },
  selftestEntry: { kind: 'selftestEntry', instrument: 'phq9', label: '开始 3 分钟自测' },
  inviteRules: { kind: 'inviteRules', title: '活动规则' },
  cta: { kind: 'cta', label: '立即注册', action: 'signup' },
};

export function newVariant(index: number): Variant {
  const id = String.fromCharCode(65 + index);
  return { id, name: `版本 ${id}`, weight: 50, blocks: [BLOCK_TEMPLATES.title, BLOCK_TEMPLATES.inviteRules, BLOCK_TEMPLATES.selftestEntry] };
}
