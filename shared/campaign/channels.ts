/**
 * Channel ids a marketer ticks in the editor, with their Chinese names. A channel id is what travels in public links
 * (`?ch=<id>`) and counter names; a custom channel gets an id `custom_<n>` and the name the marketer typed, kept in
 * the campaign's `channelLabels`.
 */
export const KNOWN_CHANNELS: { id: string; name: string }[] = [
  { id: 'wechat', name: '微信分享' },
  { id: 'poster', name: '海报' },
  { id: 'moments', name: '朋友圈' },
  { id: 'official', name: '公众号' },
  { id: 'douyin', name: '抖音' },
  { id: 'xiaohongshu', name: '小红书' },
  { id: 'partner', name: '合作门店' },
  { id: 'weibo', name: '微博' },
  { id: 'sms', name: '短信' },
];
const KNOWN = new Map(KNOWN_CHANNELS.map((c) => [c.id, c.name]));

/** Historical ids from before the catalogue (seed data, old campaigns). */
const LEGACY: Record<string, string> = { partner_gym: '合作健身房', other: '其他', preview: '预览' };

export const isCustomChannel = (id: string) => /^custom_\d+$/.test(id);

/** The Chinese name of a channel id; the id itself when nobody named it. */
export function channelName(id: string, labels?: Record<string, string>): string {
  return labels?.[id] ?? KNOWN.get(id) ?? LEGACY[id] ?? id;
}
