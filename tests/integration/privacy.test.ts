import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/db/client';
import { drainStreams } from '../../functions/local/streams';
import { allRoutes } from '../../functions/routes';
import { routeKey, type AnyRoute } from '../../functions/http/route';
import { useApiTestBed } from '../setup/testbed';
import { beijingDay } from '../../shared/analytics/source';
import { createPublished, view, visitorFor } from './campaign-fixtures';
import { referralEdge } from './referral-fixtures';

/**
 * Marketers see aggregates only. This calls EVERY route a marketer may call (all of `allRoutes()` whose roles
 * include `marketer`, so a new route is checked the day it is added) as a marketer, over seeded clients who
 * took self-tests, booked, answered NPS and opted in, and checks each answer for:
 * - any individual's self-test fields (answers, score, band) or the seeded values themselves;
 * - client names, ids or phone numbers;
 * - aggregate cells covering 1–4 clients that are not shown as "<5".
 */
const api = useApiTestBed();
let marketer: string;
let campaignId: string;
/** The Beijing day the clients below arrived: every route is called before the daily series is read, and midnight may pass meanwhile. */
let seededOn: string;
const clients: { id: string; name: string; resultId: string }[] = [];
const PHONE = '13912345678';
/** A pattern of answers no instrument's defaults produce, so finding it anywhere means a leak. */
const ANSWERS = [3, 2, 3, 1, 2, 3, 1, 2, 0];

/** Routes that show the caller's OWN data (a marketer's own profile or own self-tests), not anyone else's. */
const OWN_DATA = new Set(['POST /selftests/{id}/results', 'GET /me/selftests', 'GET /me/selftests/export', 'GET /me/selftests/{resultId}']);

/**
 * Issue 4's chain view is looked up by a client id and answers with the pseudonymous ids of the ancestors
 * (never names, contact details or self-test data): ids are allowed there and nowhere else.
 */
const ID_LOOKUP_ROUTES = new Set(['GET /referrals/{clientId}/chain']);

/** Count-like fields: every one in a marketer's answer must be 0, 5 or more, or "<5". */
const COUNT_KEYS = new Set([
  'visitors', 'signups', 'selftests', 'booked', 'attended', 'redeemed', 'clients', 'reachable', 'granted', 'expired', 'revoked',
  'responses', 'promoters', 'passives', 'detractors', 'inviters', 'invitesSent', 'accepted', 'pageViews', 'count',
  // the invite loop, its generation and share-kind breakdowns, the daily series and returns (issue 8)
  'shared', 'opened', 'qualified', 'paid', 'newClients', 'payingClients', 'total',
]);
/** Friends of the invite loop seeded below: 3 in generation 1 (one via a poster), 1 in generation 2; 1 client with no source. */
const FRIENDS = [
  { depth: 1, via: 'card' },
  { depth: 1, via: 'card' },
  { depth: 1, via: 'poster' },
  { depth: 2, via: 'link' },
];

beforeAll(async () => {
  marketer = (await api.login('隐私检查市场部', 'marketer')).token;
  campaignId = (await createPublished(api, marketer)).id;
  const T = process.env.TABLE_NAME!;
  for (let i = 0; i < 6; i++) {
    const visitor = await visitorFor(api, campaignId, 'A');
    await view(api, campaignId, visitor, 'A', 'douyin');
    const name = `隐私客户${i}号 ${PHONE}`;
    const login = await api.call('POST', '/auth/dev-login', {
      body: { name, role: 'client', attribution: { campaignId, channel: 'douyin', variant: 'A', visitorId: visitor } },
    });
    const token = login.body.token;
    const result = await api.call('POST', '/selftests/phq9/results', { token, body: { answers: ANSWERS } });
    if (i < 3) await api.call('PATCH', '/me', { token, body: { marketingOptIn: true } });
    const bookingId = `pv-bk-${i}`;
    await db().send(
      new PutCommand({
        TableName: T,
        Item: { pk: `BOOKING#${bookingId}`, sk: 'BOOKING', type: 'booking', id: bookingId, clientId: login.body.user.id, clientName: name, counselorId: 'c1', status: 'booked', price: 0, amountDue: 0, start: '2026-01-01T02:00:00.000Z', end: '2026-01-01T02:15:00.000Z', slotId: 'x', kind: 'free', createdAt: new Date().toISOString() },
      }),
    );
    if (i < 2) {
      await db().send(new UpdateCommand({ TableName: T, Key: { pk: `BOOKING#${bookingId}`, sk: 'BOOKING' }, UpdateExpression: 'SET #s = :a', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':a': 'attended' } }));
      await api.call('POST', `/bookings/${bookingId}/nps`, { token, body: { score: 3 } });
    }
    clients.push({ id: login.body.user.id, name, resultId: result.body.id });
  }
  // A few invite friends of this campaign, with no campaign touch of their own: small cells in every breakdown.
  for (const [i, f] of FRIENDS.entries()) {
    const name = `隐私好友${i}号 ${PHONE}`;
    const login = await api.call('POST', '/auth/dev-login', { body: { name, role: 'client' } });
    const friendId = login.body.user.id;
    await referralEdge(friendId, clients[0].id, { campaignId, depth: f.depth, via: f.via, qualifiedAt: new Date().toISOString() });
    clients.push({ id: friendId, name, resultId: clients[0].resultId });
  }
  await api.call('POST', '/auth/dev-login', { body: { name: `隐私无来源客户 ${PHONE}`, role: 'client' } });
  seededOn = beijingDay(new Date().toISOString());
  await drainStreams();
}, 120_000);

const marketerRoutes = allRoutes().filter((r) => Array.isArray(r.auth) && r.auth.includes('marketer'));

/** A concrete path for a template: campaign routes get the seeded campaign, others a client's ids (to probe for leaks). */
function pathFor(r: AnyRoute): string {
  const values: Record<string, string> = {
    resultId: clients[0].resultId,
    clientId: clients[0].id,
  };
  let path = r.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'id') {
      if (r.path.startsWith('/campaigns') || r.path.startsWith('/analytics')) return campaignId;
      if (r.path.startsWith('/selftests')) return 'phq9';
      if (r.path.startsWith('/bookings')) return 'pv-bk-0';
      return '2026-01-15';
    }
    return values[name] ?? clients[0].id;
  });
  const month = new Date().toISOString().slice(0, 7);
  const queries: Record<string, string> = {
    'GET /themedays': `month=${month}`,
    'GET /consults/slots': `from=${new Date().toISOString()}&to=${new Date(Date.now() + 7 * 86_400_000).toISOString()}`,
    'GET /referrals/rejections': `campaignId=${campaignId}`,
  };
  const q = queries[routeKey(r)];
  if (q) path += `?${q}`;
  return path;
}

function smallCells(value: unknown, at = ''): string[] {
  // a series of counts (the daily chart): every number in it is a cell
  if (Array.isArray(value) && /\.values$/.test(at)) return value.flatMap((v, i) => (typeof v === 'number' && v > 0 && v < 5 ? [`${at}[${i}] = ${v}`] : []));
  if (Array.isArray(value)) return value.flatMap((v, i) => smallCells(v, `${at}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${at}.${k}`;
    // rates (fractions) share the stage names but are not counts
    const isCount = (COUNT_KEYS.has(k) && !/Rates$/.test(at)) || /\.counts$/.test(at);
    if (isCount && typeof v === 'number' && v > 0 && v < 5) return [`${here} = ${v}`];
    return smallCells(v, here);
  });
}

describe('privacy: every marketer route, called as a marketer', () => {
  it('covers the routes a marketer actually manages', () => {
    const keys = marketerRoutes.map(routeKey);
    expect(keys).toEqual(expect.arrayContaining(['GET /analytics/campaigns/{id}', 'GET /analytics/tiers', 'GET /campaigns', 'POST /campaigns']));
  });

  const cases = marketerRoutes.map((r) => [routeKey(r), r] as const);
  const check = async (key: string, r: AnyRoute) => {
    const res = await api.call(r.method, pathFor(r), { token: marketer, body: r.body ? {} : undefined });
    expect(res.status, `${key} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
    const text = res.text;
    for (const c of clients) {
      expect(text, `${key} shows a client's name`).not.toContain(c.name.split(' ')[0]);
      if (!ID_LOOKUP_ROUTES.has(key)) expect(text, `${key} shows a client's id`).not.toContain(c.id);
    }
    expect(text, `${key} shows a phone number`).not.toContain(PHONE);
    expect(text.replace(/\s/g, ''), `${key} shows self-test answers`).not.toContain(ANSWERS.join(','));
    if (!OWN_DATA.has(key)) expect(text, `${key} has an individual's self-test field`).not.toMatch(/"(answers|score|band)"\s*:/);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined; // CSV or calendar: checked as text above
    }
    expect(smallCells(body), `${key} shows a cell under 5: ${smallCells(body).join('; ')}`).toEqual([]);
  };
  it.each(cases)('%s reveals no individual', check);

  it('the small cells of the seeded campaign are "<5" on the dashboard, in CSV too', async () => {
    const d = (await api.call('GET', `/analytics/campaigns/${campaignId}`, { token: marketer })).body;
    expect(d.funnel.total.counts).toMatchObject({ visitors: 6, signups: 6, selftests: 6, booked: 6, attended: '<5' });
    expect(d.reachable).toBe('<5');
    expect(d.nps).toMatchObject({ responses: '<5', nps: null });
    const csv = await api.call('GET', `/analytics/campaigns/${campaignId}?format=csv&table=channels`, { token: marketer });
    expect(csv.text).toContain('douyin,6,6,6,6,<5,0');
    const tiers = (await api.call('GET', '/analytics/tiers', { token: marketer })).body;
    expect(tiers.tiers.find((t: { tier: string }) => t.tier === 'basic')).toMatchObject({ clients: 11, reachable: '<5' }); // 6 + 4 friends + 1 with no source
  });

  it('the invite loop, its generations, share kinds and the daily series show small cells as "<5", never a person', async () => {
    const d = (await api.call('GET', `/analytics/campaigns/${campaignId}`, { token: marketer })).body;
    const stage = (s: string) => d.inviteLoop.stages.find((x: { stage: string }) => x.stage === s).count;
    expect(stage('accepted')).toBe('<5');
    expect(stage('qualified')).toBe('<5');
    expect(d.inviteLoop.byGeneration.map((g: { accepted: unknown }) => g.accepted)).toEqual(['<5', '<5', 0]);
    expect(d.inviteLoop.byGeneration[0].k).toBeNull(); // 1 of 3: not shown
    expect(d.inviteLoop.byShareKind.find((v: { via: string }) => v.via === 'poster').accepted).toBe('<5');
    const series = (src: string) => d.daily.series.find((x: { source: string }) => x.source === src);
    const day = d.daily.days.indexOf(seededOn);
    expect(day).toBeGreaterThanOrEqual(0);
    expect(series('ch:douyin').values[day]).toBe(6);
    expect(series('none').values[day]).toBe('<5'); // the one client with no source
    expect(series('invite').values[day]).toBe('<5'); // the 4 friends: first touch is the invite
    for (const table of ['loop', 'generations', 'daily']) {
      const csv = await api.call('GET', `/analytics/campaigns/${campaignId}/export.csv?table=${table}`, { token: marketer });
      expect(csv.status).toBe(200);
      expect(csv.text).not.toMatch(/,[1-4](\r\n|,)/);
      expect(csv.text).not.toContain('隐私好友');
    }
  });
});
