import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { drainStreams } from '../../functions/local/streams';
import { seedReferral } from '../../functions/referral/seed';
import { createPublished } from './campaign-fixtures';
import { useApiTestBed } from '../setup/testbed';

/**
 * Anonymous writes are bounded: visitor ids come from the server (signed), made-up ones are refused on the two
 * public writes (POST /events, POST /invites/{code}/open), and what anonymous traffic leaves behind expires.
 */
const api = useApiTestBed();
let campaignId: string;
let code: string;
const DAY = 86_400;

beforeAll(async () => {
  await seedReferral();
  const marketer = (await api.login('访客-市场', 'marketer')).token;
  campaignId = (await createPublished(api, marketer)).id;
  const inviter = await api.login('访客-邀请人', 'client');
  code = (await api.call('GET', '/me/invite', { token: inviter.token })).body.code;
});

const itemCount = async () => (await db().send(new ScanCommand({ TableName: process.env.TABLE_NAME, Select: 'COUNT' }))).Count ?? 0;
const pageView = (visitorId: string, variant: string, eventId: string) =>
  api.call('POST', '/events', { body: { eventId, type: 'page_view', campaignId, channel: 'douyin', variant, visitorId } });

describe('server-issued visitor ids', () => {
  it('the first page view gets a signed id; a made-up or tampered one is replaced, an issued one kept', async () => {
    const first = (await api.call('GET', `/campaigns/${campaignId}/page?ch=douyin`)).body.visitor as string;
    expect(first).toMatch(/^v[A-Za-z0-9_-]{44}$/);
    expect((await api.call('GET', `/campaigns/${campaignId}/page?visitor=${first}`)).body.visitor).toBe(first);
    const tampered = first.slice(0, 10) + (first[10] === 'A' ? 'B' : 'A') + first.slice(11);
    for (const other of ['visitor-made-up-1', tampered]) {
      const page = (await api.call('GET', `/campaigns/${campaignId}/page?visitor=${other}`)).body;
      expect(page.visitor).not.toBe(other);
      expect(page.visitor).toMatch(/^v[A-Za-z0-9_-]{44}$/);
    }
  });

  it('anonymous events with a made-up visitor id are refused (400 naming it) and write nothing', async () => {
    const page = (await api.call('GET', `/campaigns/${campaignId}/page?ch=douyin`)).body;
    const before = await itemCount();
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => pageView(`made-up-visitor-${i}`, page.variant.id, `evt-made-up-${i}-xx`)));
    expect(made.every((r) => r.status === 400 && r.body.field === 'visitorId')).toBe(true);
    expect(await itemCount()).toBe(before);
    expect((await pageView(page.visitor, page.variant.id, 'evt-issued-visitor-1')).status).toBe(201);
  });

  it('the invite landing hands out an id; an open before sign-in needs one the server issued', async () => {
    const landing = (await api.call('GET', `/invites/${code}`)).body;
    expect(landing.visitorId).toMatch(/^v[A-Za-z0-9_-]{44}$/);
    const bad = await api.call('POST', `/invites/${code}/open`, { body: { visitorId: 'visitor-invented-001' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('visitorId');
    expect((await api.call('POST', `/invites/${code}/open`, { body: { visitorId: landing.visitorId } })).status).toBe(200);
    // The landing page keeps an id it issued.
    expect((await api.call('GET', `/invites/${code}?visitorId=${landing.visitorId}`)).body.visitorId).toBe(landing.visitorId);
  });
});

describe('what anonymous traffic leaves behind expires', () => {
  it('invite opens, first-visit markers and events carry a ttl past the longest attribution window (90 days)', async () => {
    const now = Date.now() / 1000;
    const { visitorId } = (await api.call('GET', `/invites/${code}`)).body;
    await api.call('POST', `/invites/${code}/open`, { body: { visitorId } });
    const open = await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `VISITOR#${visitorId}`, sk: 'INVITEOPEN' } }));
    expect(open.Item!.ttl).toBeGreaterThan(now + 90 * DAY);
    expect(open.Item!.ttl).toBeLessThan(now + 200 * DAY);

    const page = (await api.call('GET', `/campaigns/${campaignId}/page?ch=douyin`)).body;
    expect((await pageView(page.visitor, page.variant.id, 'evt-ttl-visit-001')).status).toBe(201);
    await drainStreams();
    const items = (await db().send(new ScanCommand({ TableName: process.env.TABLE_NAME }))).Items ?? [];
    const visit = items.find((i) => String(i.pk).includes(`VISIT#${campaignId}#${page.visitor}`));
    expect(visit, 'first-visit marker').toBeDefined();
    expect(visit!.ttl).toBeGreaterThan(now + 90 * DAY);
    expect(visit!.ttl).toBeLessThan(now + 200 * DAY);
    const event = items.find((i) => i.pk === 'EVENT#evt-ttl-visit-001');
    expect(event!.ttl).toBeGreaterThan(now);
  });
});
