import { addMonths, startOfMonth } from 'date-fns';
import type { Variant } from '../../shared/campaign/blocks';
import { CampaignSchema, type Campaign } from '../../shared/campaign/schema';
import { chooseVariant } from '../../shared/campaign/variants';
import { DEFAULT_THEMES, themeDayDates } from '../../shared/booking/themes';
import { inShanghai, monthOf, utcIso } from '../../shared/time';
import { getCampaign, putCampaign, putCampaignEvent, updateCampaignContent } from '../db/campaign';
import { saveResult } from '../db/selftest';
import { findOrCreateUser } from '../db/users';

/**
 * Campaign demo data for `npm start` (idempotent): a second landing variant and more channels on the referral
 * capability's invite campaign (its rules stay theirs), a published theme-day campaign with two variants, and a
 * few dozen demo visitors and sign-ups so the marketer's dashboard has figures above the "<5" threshold.
 */
export const SEED_THEME_CAMPAIGN_ID = 'theme-days-sample';
const INVITE_CAMPAIGN_ID = 'invite-3-friends';

const inviteVariantB: Variant = {
  id: 'b',
  name: '自测先行',
  weight: 50,
  blocks: [
    { kind: 'title', text: '朋友邀你做一次情绪自测', subtitle: '3 分钟，只有你能看到结果' },
    { kind: 'selftestEntry', instrument: 'phq9', label: '开始 PHQ-9 自测' },
    { kind: 'inviteRules', title: '活动规则' },
    { kind: 'cta', label: '注册并领取体验券', action: 'signup' },
  ],
};

export async function seedCampaign(now = new Date()): Promise<void> {
  const invite = await getCampaign(INVITE_CAMPAIGN_ID);
  if (invite && invite.variants.length < 2) {
    const variants = [...invite.variants.map((v) => ({ ...v, weight: 50 })), inviteVariantB];
    const channels = [...new Set([...invite.channels, 'douyin', 'partner_gym'])];
    await updateCampaignContent(invite.id, { name: invite.name, type: invite.type, startsAt: invite.startsAt, endsAt: invite.endsAt, channels, rules: invite.rules, variants }, now);
  }
  const theme = (await getCampaign(SEED_THEME_CAMPAIGN_ID)) ?? (await putThemeCampaign(now));
  await seedDemoTraffic(theme);
}

async function putThemeCampaign(now: Date): Promise<Campaign> {
  const month = startOfMonth(inShanghai(now));
  // The very days and themes the booking seed opens (shared/booking/themes.ts), so the page advertises bookable days.
  const themeDays = {
    kind: 'themeDays' as const,
    title: '本月主题日',
    items: themeDayDates(monthOf(month)).map((date, i) => ({
      date,
      theme: DEFAULT_THEMES[i % DEFAULT_THEMES.length].theme,
      ...(i === 0 ? { note: '免费 15 分钟咨询' } : {}),
    })),
  };
  const c = CampaignSchema.parse({
    id: SEED_THEME_CAMPAIGN_ID,
    name: '本月主题日：免费 15 分钟咨询',
    type: 'theme_day',
    status: 'published',
    startsAt: utcIso(month),
    endsAt: utcIso(addMonths(month, 2)),
    channels: ['wechat', 'douyin', 'poster', 'partner_gym'],
    variants: [
      {
        id: 'A',
        name: '温和版',
        weight: 50,
        blocks: [
          { kind: 'title', text: '给情绪留一点时间', subtitle: '每月四个主题日，免费 15 分钟咨询' },
          { kind: 'richText', paragraphs: [{ text: '不需要等到“很严重”才来聊一聊。选一个和你有关的主题，和咨询师安静地谈 15 分钟。' }] },
          themeDays,
          { kind: 'cta', label: '预约免费咨询', action: 'booking' },
        ],
      },
      {
        id: 'B',
        name: '自测版',
        weight: 50,
        blocks: [
          { kind: 'title', text: '最近睡得好吗？', subtitle: '先做 3 分钟自测，再决定要不要聊聊' },
          { kind: 'selftestEntry', instrument: 'gad7', label: '开始 GAD-7 自测' },
          themeDays,
          { kind: 'richText', paragraphs: [{ text: '你的自测结果只属于你自己，咨询师和工作人员都看不到。', style: 'emphasis' }] },
        ],
      },
    ],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await putCampaign(c);
  return c;
}

/** 80 visitors over four channels, 20 of whom signed up and 10 took a self-test: deterministic ids, so re-seeding adds nothing. */
async function seedDemoTraffic(c: Campaign): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < 80; i++) {
    const visitorId = `seed-visitor-${String(i).padStart(3, '0')}`;
    const channel = c.channels[i % c.channels.length];
    const variant = chooseVariant(c.variants, c.id, visitorId)!.id;
    await putCampaignEvent({ eventId: `seed-pv-${c.id}-${i}`, eventType: 'page_view', campaignId: c.id, channel, variant, visitorId, at });
    if (i % 4 !== 0) continue;
    const name = `示例访客${String(i).padStart(2, '0')}`;
    const user = await findOrCreateUser(`dev#client#${name}`, { name, role: 'client', deviceId: `seed:${visitorId}`, attribution: { campaignId: c.id, channel, variant, visitorId } });
    if (i % 8 === 0) {
      await saveResult(user.id, { id: `SEED${String(i).padStart(22, '0')}`, instrument: 'phq9', answers: [1, 1, 0, 1, 0, 1, 0, 0, 0], score: 4, band: 'minimal', crisis: false, createdAt: at });
    }
  }
}
