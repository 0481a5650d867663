import { addYears, startOfMonth } from 'date-fns';
import { CampaignSchema, type Campaign } from '../../shared/campaign/schema';
import { DEFAULT_REWARD_RULES } from '../../shared/referral/rules';
import { inShanghai, utcIso } from '../../shared/time';
import { getCampaign, putCampaign } from '../db/campaign';

/** The seed invite campaign: the product's "invite 3 friends, get a consult voucher", with the default rules. */
export const SEED_INVITE_CAMPAIGN_ID = 'invite-3-friends';

export async function seedReferral(now = new Date()): Promise<Campaign> {
  const existing = await getCampaign(SEED_INVITE_CAMPAIGN_ID);
  if (existing) return existing;
  const monthStart = startOfMonth(inShanghai(now));
  const campaign = CampaignSchema.parse({
    id: SEED_INVITE_CAMPAIGN_ID,
    name: '邀请三位好友，一起照顾情绪',
    type: 'invite',
    status: 'published',
    startsAt: utcIso(monthStart),
    endsAt: utcIso(addYears(monthStart, 1)),
    channels: ['wechat_share', 'poster'],
    rules: DEFAULT_REWARD_RULES,
    variants: [
      {
        id: 'a',
        name: '默认',
        weight: 100,
        blocks: [
          { kind: 'title', text: '花 3 分钟，照顾一下自己的情绪', subtitle: '匿名自测，结果只有你能看到' },
          {
            kind: 'richText',
            paragraphs: [
              { text: '涟漪是一个陪你照顾情绪的小空间：匿名的情绪自测、按结果推荐的阅读，以及每月四个主题日的 15 分钟免费咨询。' },
              { text: '你的自测答案只属于你自己，邀请你的朋友看不到。', style: 'emphasis' },
            ],
          },
          { kind: 'inviteRules', title: '活动规则' },
        ],
      },
    ],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await putCampaign(campaign);
  return campaign;
}
