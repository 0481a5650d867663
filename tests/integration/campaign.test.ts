import { beforeAll, describe, expect, it } from 'vitest';
import { readCampaignCounters } from '../../functions/db/analytics';
import { drainStreams } from '../../functions/local/streams';
import { useApiTestBed } from '../setup/testbed';
import { campaignBody, createPublished, view, visitorFor } from './campaign-fixtures';

const api = useApiTestBed();
let marketer: string;

beforeAll(async () => {
  marketer = (await api.login('市场部小李', 'marketer')).token;
});

/** The campaign's counter shards, summed as the dashboard sums them. */
const counters = (campaignId: string) => readCampaignCounters(campaignId);

describe('campaigns: create, edit, publish, end', () => {
  it('a marketer creates a draft, edits it, publishes and ends it; the public page follows the status', async () => {
    const created = await api.call('POST', '/campaigns', { token: marketer, body: campaignBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', type: 'theme_day', channels: ['douyin', 'wechat'] });
    const id = created.body.id;

    expect((await api.call('GET', `/campaigns/${id}/page?ch=douyin&visitor=visitor-0001`)).status).toBe(404); // draft: not public

    const edited = await api.call('PUT', `/campaigns/${id}`, { token: marketer, body: campaignBody({ name: '六月主题月' }) });
    expect(edited.body.name).toBe('六月主题月');
    expect((await api.call('GET', '/campaigns', { token: marketer })).body.items.map((c: { id: string }) => c.id)).toContain(id);

    const pub = await api.call('POST', `/campaigns/${id}/publish`, { token: marketer });
    expect(pub).toMatchObject({ status: 200, body: { status: 'published' } });
    expect((await api.call('POST', `/campaigns/${id}/publish`, { token: marketer })).status).toBe(200); // twice: no change
    const page = await api.call('GET', `/campaigns/${id}/page?ch=douyin&visitor=visitor-0001`);
    expect(page.status).toBe(200);
    expect(page.body.channel).toBe('douyin');
    expect(['A', 'B']).toContain(page.body.variant.id);

    expect((await api.call('POST', `/campaigns/${id}/end`, { token: marketer })).body.status).toBe('ended');
    expect((await api.call('GET', `/campaigns/${id}/page?visitor=visitor-0001`)).status).toBe(410);
    const edit = await api.call('PUT', `/campaigns/${id}`, { token: marketer, body: campaignBody() });
    expect(edit).toMatchObject({ status: 409, body: { error: 'campaign_ended' } });
    expect((await api.call('POST', `/campaigns/${id}/publish`, { token: marketer })).status).toBe(409);
  });

  it('only marketers (and admins) manage campaigns', async () => {
    const client = (await api.login('普通用户')).token;
    expect((await api.call('POST', '/campaigns', { token: client, body: campaignBody() })).status).toBe(403);
    expect((await api.call('GET', '/campaigns', { token: client })).status).toBe(403);
    expect((await api.call('GET', '/campaigns')).status).toBe(401);
    const admin = (await api.login('管理员', 'admin')).token;
    expect((await api.call('POST', '/campaigns', { token: admin, body: campaignBody() })).status).toBe(201);
  });

  it.each([
    ['four variants', { variants: ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id, weight: 1, blocks: [{ kind: 'title', text: 't' }] })) }, 'variants'],
    ['a duplicate variant id', { variants: ['a', 'a'].map((id) => ({ id, name: id, weight: 1, blocks: [{ kind: 'title', text: 't' }] })) }, 'variants'],
    ['an unknown block', { variants: [{ id: 'a', name: 'a', weight: 1, blocks: [{ kind: 'video', url: 'x' }] }] }, 'variants.0.blocks.0.kind'],
    ['an http image', { variants: [{ id: 'a', name: 'a', weight: 1, blocks: [{ kind: 'image', url: 'http://x', alt: 'x' }] }] }, 'variants.0.blocks.0.url'],
    ['a bad channel', { channels: ['Douyin!'] }, 'channels.0'],
    ['end before start', { endsAt: '2000-01-01T00:00:00Z' }, 'endsAt'],
    ['a bad type', { type: 'flash_sale' }, 'type'],
  ])('bad input (%s) is a 400 naming the field', async (_label, over, field) => {
    const res = await api.call('POST', '/campaigns', { token: marketer, body: campaignBody(over) });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
  });

  it('publishing needs a variant in rotation, and an invite campaign needs rules', async () => {
    const noWeight = await api.call('POST', '/campaigns', {
      token: marketer,
      body: campaignBody({ variants: [{ id: 'a', name: 'a', weight: 0, blocks: [{ kind: 'title', text: 't' }] }] }),
    });
    expect((await api.call('POST', `/campaigns/${noWeight.body.id}/publish`, { token: marketer })).body.field).toBe('variants');
    const invite = await api.call('POST', '/campaigns', { token: marketer, body: campaignBody({ type: 'invite' }) });
    expect((await api.call('POST', `/campaigns/${invite.body.id}/publish`, { token: marketer })).body.field).toBe('rules');
  });
});

describe('the public page and A/B variants', () => {
  it('the same visitor always gets the same variant; both variants are served; unknown channels count as other', async () => {
    const c = await createPublished(api, marketer);
    const stable = (await api.call('GET', `/campaigns/${c.id}/page?ch=douyin`)).body.visitor;
    const first = await api.call('GET', `/campaigns/${c.id}/page?ch=douyin&visitor=${stable}`);
    expect(first.body.visitor).toBe(stable);
    for (let i = 0; i < 3; i++) {
      expect((await api.call('GET', `/campaigns/${c.id}/page?ch=douyin&visitor=${stable}`)).body.variant.id).toBe(first.body.variant.id);
    }
    await visitorFor(api, c.id, 'A');
    await visitorFor(api, c.id, 'B');
    const unknown = await api.call('GET', `/campaigns/${c.id}/page?ch=tiktok&visitor=${stable}`);
    expect(unknown.body.channel).toBe('other');
    const noVisitor = await api.call('GET', `/campaigns/${c.id}/page`);
    expect(noVisitor.body.visitor).toMatch(/^v[A-Za-z0-9_-]{44}$/); // the server hands out a signed visitor id to keep
    // the page carries only the visitor's variant
    expect(JSON.stringify(first.body)).not.toContain(first.body.variant.id === 'A' ? '直接版' : '温和版');
  });

  it('a marketer previews any variant, even of a draft', async () => {
    const draft = await api.call('POST', '/campaigns', { token: marketer, body: campaignBody() });
    const b = await api.call('GET', `/campaigns/${draft.body.id}/preview?variant=B`, { token: marketer });
    expect(b.body.variant).toMatchObject({ id: 'B', name: '直接版' });
  });
});

describe('events and the dashboard', () => {
  it('a retried event id is recorded once and counted once', async () => {
    const c = await createPublished(api, marketer);
    const visitor = await visitorFor(api, c.id, 'A');
    const first = await view(api, c.id, visitor, 'A', 'douyin', 'evt-retry-0001');
    expect(first).toMatchObject({ status: 201, body: { recorded: true } });
    const again = await view(api, c.id, visitor, 'A', 'douyin', 'evt-retry-0001');
    expect(again).toMatchObject({ status: 200, body: { recorded: false } });
    await drainStreams();
    await drainStreams(); // draining again finds nothing new and changes nothing
    const n = await counters(c.id);
    expect(n['pv|douyin|A']).toBe(1);
    expect(n['f|visitors|douyin|A']).toBe(1);
    // a second view by the same visitor is a page view but not a new visitor
    await view(api, c.id, visitor, 'A', 'douyin', 'evt-retry-0002');
    await drainStreams();
    expect((await counters(c.id))['pv|douyin|A']).toBe(2);
    expect((await counters(c.id))['f|visitors|douyin|A']).toBe(1);
  });

  it('events name a real campaign and one of its variants', async () => {
    const c = await createPublished(api, marketer);
    const bad = await api.call('POST', '/events', { body: { eventId: 'evt-bad-00001', type: 'page_view', campaignId: c.id, variant: 'Z', visitorId: 'visitor-bad-1' } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'variant' } });
    const nope = await api.call('POST', '/events', { body: { eventId: 'evt-bad-00002', type: 'page_view', campaignId: 'nope', variant: 'A', visitorId: 'visitor-bad-1' } });
    expect(nope.status).toBe(404);
    const noId = await api.call('POST', '/events', { body: { type: 'page_view', campaignId: c.id, variant: 'A', visitorId: 'visitor-bad-1' } });
    expect(noId.body.field).toBe('eventId');
  });

  it('the funnel counts visitors, sign-ups and self-tests by channel and variant, and significance once groups are large enough', async () => {
    const c = await createPublished(api, marketer, { variants: campaignBody().variants.map((v) => ({ ...v, weight: 50 })) });
    // 30 visitors per variant on douyin; 6 sign-ups on A (3 take a self-test), 12 on B; 5 visitors on wechat, variant A.
    const signUp = async (visitor: string, variant: string, channel: string, selftest: boolean) => {
      const { token } = await api.call('POST', '/auth/dev-login', {
        body: { name: `访客${visitor.slice(1, 21)}`, role: 'client', attribution: { campaignId: c.id, channel, variant, visitorId: visitor } },
      }).then((r) => r.body);
      if (selftest) await api.call('POST', '/selftests/phq9/results', { token, body: { answers: [1, 1, 1, 1, 1, 1, 0, 0, 0] } });
    };
    for (const [variant, signups, tests] of [['A', 6, 3], ['B', 12, 0]] as const) {
      for (let i = 0; i < 30; i++) {
        const visitor = await visitorFor(api, c.id, variant);
        await view(api, c.id, visitor, variant, 'douyin');
        if (i < signups) await signUp(visitor, variant, 'douyin', i < tests);
      }
    }
    for (let i = 0; i < 5; i++) {
      const visitor = await visitorFor(api, c.id, 'A', 'wechat');
      await view(api, c.id, visitor, 'A', 'wechat');
    }
    await drainStreams();

    const d = (await api.call('GET', `/analytics/campaigns/${c.id}`, { token: marketer })).body;
    expect(d.funnel.total.counts).toMatchObject({ visitors: 65, signups: 18, selftests: '<5', booked: 0 });
    const douyin = d.funnel.byChannel.find((r: { channel: string }) => r.channel === 'douyin');
    const wechat = d.funnel.byChannel.find((r: { channel: string }) => r.channel === 'wechat');
    expect(douyin.counts).toMatchObject({ visitors: 60, signups: 18 });
    expect(wechat.counts).toMatchObject({ visitors: 5, signups: 0 });
    expect(douyin.stepRates.signups).toBe(0.3);
    const [a, b] = d.funnel.byVariant;
    expect(a).toMatchObject({ variant: 'A', name: '温和版', counts: { visitors: 35, signups: 6, selftests: '<5' } });
    expect(a.stepRates.selftests).toBeNull(); // 3 of 6 would reveal the suppressed cell
    expect(b).toMatchObject({ variant: 'B', counts: { visitors: 30, signups: 12 } });
    // 6/35 vs 12/30 by hand: pooled p = 18/65, se = √(p(1−p)(1/35 + 1/30)) = 0.1113, z = (0.4 − 0.1714)/se = 2.05, p = 0.040
    expect(b.test).toMatchObject({ against: 'A', significant: true });
    expect(b.test.z).toBeCloseTo(2.05, 1);
    expect(b.test.pValue).toBeCloseTo(0.040, 2);
    expect(d.pageViews).toBe(65);
  }, 120_000);
});
