import { beforeAll, describe, expect, it } from 'vitest';
import { drainStreams } from '../../functions/local/streams';
import { SEED_INVITE_CAMPAIGN_ID, seedReferral } from '../../functions/referral/seed';
import { DEFAULT_REWARD_RULES } from '../../shared/referral/rules';
import { beijingDay } from '../../shared/analytics/source';
import { useApiTestBed } from '../setup/testbed';
import { campaignBody } from './campaign-fixtures';

/**
 * The growth loop through the real API and the stream: publishing refuses unfinished pages naming the field; an
 * inviter's shares count once per day per kind; opens, accepts and self-tests of friends move the invite loop,
 * by generation and by share kind; recorded spend lights the paid stage and revenue per new client.
 */
const api = useApiTestBed();
let marketer: string;
let admin: string;

beforeAll(async () => {
  await seedReferral();
  marketer = (await api.login('增长市场部', 'marketer')).token;
  admin = (await api.login('增长管理员', 'admin')).token;
});

const inviteVariant = (blocks: object[]) => ({ id: 'A', name: '温和版', weight: 100, blocks });
const goodInviteBlocks = [
  { kind: 'title', text: '邀请好友一起照顾情绪' },
  { kind: 'inviteRules', title: '活动规则' },
  { kind: 'cta', label: '邀请好友', action: 'invite' },
];

async function publishRefusal(over: Record<string, unknown>) {
  const created = await api.call('POST', '/campaigns', { token: marketer, body: campaignBody(over) });
  expect(created.status, created.text).toBe(201);
  const res = await api.call('POST', `/campaigns/${created.body.id}/publish`, { token: marketer });
  expect(res.status).toBe(400);
  return res.body as { field: string; message: string; problems: { field: string; message: string }[] };
}

describe('publishing refuses, naming the field', () => {
  it.each([
    ['placeholder title text', { variants: [{ ...inviteVariant([{ kind: 'title', text: '标题', subtitle: '副标题' }, { kind: 'cta', label: '立即注册', action: 'signup' }]) }] }, 'variants.0.blocks.0.text'],
    ['empty subtitle is fine, a placeholder paragraph is not', { variants: [inviteVariant([{ kind: 'richText', paragraphs: [{ text: '一段介绍文字。' }] }, { kind: 'cta', label: '立即注册', action: 'signup' }])] }, 'variants.0.blocks.0.paragraphs.0.text'],
    ['a variant without a call to action', { variants: [inviteVariant([{ kind: 'title', text: '真实标题' }])] }, 'variants.0.blocks'],
    ['all weights 0', { variants: [{ ...inviteVariant([{ kind: 'title', text: '真实标题' }, { kind: 'cta', label: '注册', action: 'signup' }]), weight: 0 }] }, 'variants'],
    ['an end date in the past', { startsAt: new Date(Date.now() - 9 * 86_400_000).toISOString(), endsAt: new Date(Date.now() - 86_400_000).toISOString() }, 'endsAt'],
    ['an invite campaign without rules', { type: 'invite', variants: [inviteVariant(goodInviteBlocks)] }, 'rules'],
    ['an invite page that does not show its rules', { type: 'invite', rules: DEFAULT_REWARD_RULES, variants: [inviteVariant([{ kind: 'title', text: '邀请好友' }, { kind: 'cta', label: '邀请好友', action: 'invite' }])] }, 'variants.0.blocks'],
    ['copy that lures people to share', { type: 'invite', rules: DEFAULT_REWARD_RULES, variants: [inviteVariant([{ kind: 'title', text: '转发到朋友圈领好礼' }, ...goodInviteBlocks.slice(1)])] }, 'variants.0.blocks.0.text'],
  ])('%s', async (_label, over, field) => {
    const refusal = await publishRefusal(over);
    expect(refusal.field).toBe(field);
    expect(refusal.problems[0]).toMatchObject({ field });
    expect(refusal.problems[0].message).toMatch(/[\u4e00-\u9fa5]/); // a marketer's sentence
  });

  it('an image that is not https is refused when saving, naming the field', async () => {
    const res = await api.call('POST', '/campaigns', {
      token: marketer,
      body: campaignBody({ variants: [inviteVariant([{ kind: 'image', url: 'http://example.org/a.png', alt: '图' }, { kind: 'cta', label: '注册', action: 'signup' }])] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('variants.0.blocks.0.url');
  });

  it('a finished invite campaign with Chinese-named custom channels publishes', async () => {
    const created = await api.call('POST', '/campaigns', {
      token: marketer,
      body: campaignBody({ type: 'invite', rules: DEFAULT_REWARD_RULES, channels: ['wechat', 'custom_1'], channelLabels: { custom_1: '瑜伽馆' }, variants: [inviteVariant(goodInviteBlocks)] }),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.channelLabels).toEqual({ custom_1: '瑜伽馆' });
    const bad = await api.call('PUT', `/campaigns/${created.body.id}`, { token: marketer, body: campaignBody({ channelLabels: { custom_1: '' } }) });
    expect(bad.body.field).toBe('channelLabels.custom_1');
    expect((await api.call('POST', `/campaigns/${created.body.id}/publish`, { token: marketer })).status).toBe(200);
    // End it straight away, so the seeded invite campaign stays the live one for the loop below.
    expect((await api.call('POST', `/campaigns/${created.body.id}/end`, { token: marketer })).status).toBe(200);
  });
});

describe('the invite loop on the campaign dashboard', () => {
  it('shares once per inviter per day per kind → opens → accepts → qualified → paid, by generation and share kind', async () => {
    const inviter = await api.login('增长邀请人', 'client', 'dev-growth-inviter');
    const code = (await api.call('GET', '/me/invite', { token: inviter.token })).body.code as string;
    const share = (kind: string) => api.call('POST', '/me/invite/shares', { token: inviter.token, body: { kind } });
    expect((await share('card')).body).toEqual({ kind: 'card', recorded: true });
    expect((await share('card')).body).toEqual({ kind: 'card', recorded: false }); // same day, same kind
    expect((await share('link')).status).toBe(201);
    expect((await share('poster')).status).toBe(201);
    expect((await share('moments')).body.field).toBe('kind');

    // 6 people open the invite (a shared card); 5 of them sign up, accept and take the self-test.
    const landing = (await api.call('GET', `/invites/${code}`)).body;
    // Each friend's phone gets its visitor id from the server (the invite page's first answer), as in the app.
    const visitors: string[] = [landing.visitorId];
    for (let i = 1; i < 8; i++) visitors.push((await api.call('GET', `/invites/${code}`)).body.visitorId);
    const variant = landing.campaign.variantId as string;
    for (let i = 0; i < 6; i++) {
      const visitorId = visitors[i];
      const opened = await api.call('POST', '/events', { body: { eventId: `growth-open-${i}`, type: 'share_opened', campaignId: SEED_INVITE_CAMPAIGN_ID, variant, visitorId, via: 'card' } });
      expect(opened.status).toBe(201);
      // a second open by the same visitor is not a new one
      await api.call('POST', '/events', { body: { eventId: `growth-open-${i}-again`, type: 'share_opened', campaignId: SEED_INVITE_CAMPAIGN_ID, variant, visitorId, via: 'card' } });
    }
    const friends = [];
    const dayBefore = beijingDay(new Date().toISOString());
    for (let i = 0; i < 5; i++) {
      const f = await api.login(`增长好友${i}`, 'client', `dev-growth-friend-${i}`);
      await api.call('POST', `/invites/${code}/open`, { token: f.token, body: {} });
      const acc = await api.call('POST', `/invites/${code}/accept`, { token: f.token, body: { visitorId: visitors[i], via: 'card' } });
      expect(acc.status, acc.text).toBe(200);
      expect((await api.call('POST', '/selftests/phq9/results', { token: f.token, body: { answers: [1, 1, 0, 0, 0, 0, 0, 0, 0] } })).status).toBe(201);
      friends.push(f);
    }
    await drainStreams();

    const d = (await api.call('GET', `/analytics/campaigns/${SEED_INVITE_CAMPAIGN_ID}`, { token: marketer })).body;
    const stages = Object.fromEntries(d.inviteLoop.stages.map((s: { stage: string; count: unknown }) => [s.stage, s.count]));
    expect(stages).toEqual({ shared: '<5', opened: 6, accepted: 5, qualified: 5, booked: 0, attended: 0, paid: null });
    expect(d.inviteLoop.paymentsLive).toBe(false);
    expect(d.inviteLoop.byGeneration.map((g: { accepted: unknown }) => g.accepted)).toEqual([5, 0, 0]);
    expect(d.inviteLoop.byGeneration[0].k).toBe(0); // none of the 5 friends invited anyone yet
    const card = d.inviteLoop.byShareKind.find((r: { via: string }) => r.via === 'card');
    expect(card).toMatchObject({ shared: '<5', opened: 6, accepted: 5, qualified: 5 });
    // first touch: these friends had no campaign page, so the invite is their source, today (Beijing)
    const invite = d.daily.series.find((s: { source: string }) => s.source === 'invite');
    const today = beijingDay(new Date().toISOString());
    expect(d.daily.days.at(-1)).toBe(today);
    // Should Beijing midnight pass while the five arrive, they are split over the two days on either side of it.
    expect(dayBefore === today ? invite.values.at(-1) : invite.values.at(-1) + invite.values.at(-2)).toBe(5);
    expect(d.returns).toMatchObject({ newClients: 5, revenuePerNewClient: null });

    // An admin records a paid consult (¥300) for each friend: the paid stage lights up, with revenue per new client.
    for (const f of friends) {
      expect((await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: f.user.id, amount: 300 } })).status).toBe(201);
    }
    await drainStreams();
    const after = (await api.call('GET', `/analytics/campaigns/${SEED_INVITE_CAMPAIGN_ID}`, { token: marketer })).body;
    expect(after.inviteLoop.paymentsLive).toBe(true);
    expect(after.inviteLoop.stages.find((s: { stage: string }) => s.stage === 'paid').count).toBe(5);
    expect(after.returns).toMatchObject({ newClients: 5, payingClients: 5, revenue: 1500, revenuePerNewClient: 300 });
    // the loop table in CSV, in Chinese
    const csv = await api.call('GET', `/analytics/campaigns/${SEED_INVITE_CAMPAIGN_ID}/export.csv?table=loop`, { token: marketer });
    expect(csv.text).toContain('接受邀请（新客户）,5');
    expect(csv.text).toContain('付费,5');
  });
});
