import { expect, it } from 'vitest';
import { SEED_THEME_CAMPAIGN_ID, seedCampaign } from '../../functions/campaign/seed';
import { getCampaign } from '../../functions/db/campaign';
import { drainStreams } from '../../functions/local/streams';
import { seedReferral } from '../../functions/referral/seed';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

it('seeds landing variants on the invite campaign and a theme-day campaign with demo traffic, once however often it runs', async () => {
  const before = await seedReferral();
  await seedCampaign();
  await seedCampaign();
  await drainStreams();

  const invite = (await getCampaign(before.id))!;
  expect(invite.variants.map((v) => v.id)).toEqual(['a', 'b']);
  expect(invite.rules).toEqual(before.rules); // the referral capability's rules untouched
  expect(invite.status).toBe('published');

  const { token } = await api.login('市场部小李', 'marketer');
  const d = (await api.call('GET', `/analytics/campaigns/${SEED_THEME_CAMPAIGN_ID}`, { token })).body;
  expect(d.funnel.total.counts).toMatchObject({ visitors: 80, signups: 20, selftests: 10 });
  expect(d.funnel.byChannel.map((r: { channel: string }) => r.channel)).toEqual(['wechat', 'douyin', 'poster', 'partner_gym']);
  const page = await api.call('GET', `/campaigns/${SEED_THEME_CAMPAIGN_ID}/page?ch=douyin&visitor=seed-visitor-000`);
  expect(page.status).toBe(200);
}, 120_000);
