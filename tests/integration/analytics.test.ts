import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, dbStats } from '../../functions/db/client';
import { drainStreams } from '../../functions/local/streams';
import { rollTierWindows } from '../../functions/analytics/roll';
import { useApiTestBed } from '../setup/testbed';
import { createPublished } from './campaign-fixtures';
import { referralEdge } from './referral-fixtures';

/**
 * The dashboard's figures after real item changes, drained from DynamoDB Local's stream. Bookings, vouchers and
 * invite acceptances are written here in the booking and referral capabilities' own item shapes
 * (functions/db/booking.ts, voucher.ts, referral.ts), as those capabilities write them.
 */
const api = useApiTestBed();
let marketer: string;
let admin: string;
let campaignId: string;
const clients: { id: string; token: string }[] = [];
const T = () => process.env.TABLE_NAME!;

beforeAll(async () => {
  marketer = (await api.login('市场部', 'marketer')).token;
  admin = (await api.login('管理员', 'admin')).token;
  campaignId = (await createPublished(api, marketer)).id;
  for (let i = 0; i < 7; i++) {
    const res = await api.call('POST', '/auth/dev-login', {
      body: { name: `客户${i}`, role: 'client', attribution: { campaignId, channel: 'douyin', variant: 'A', visitorId: `visitor-an-${i}` } },
    });
    clients.push({ id: res.body.user.id, token: res.body.token });
  }
});

const putBooking = (id: string, clientId: string, status: string) =>
  db().send(
    new PutCommand({
      TableName: T(),
      Item: { pk: `BOOKING#${id}`, sk: 'BOOKING', type: 'booking', id, clientId, clientName: 'x', counselorId: 'c1', status, price: 0, amountDue: 0, start: '2026-01-01T02:00:00.000Z' },
    }),
  );
const setBookingStatus = (id: string, status: string) =>
  db().send(
    new UpdateCommand({ TableName: T(), Key: { pk: `BOOKING#${id}`, sk: 'BOOKING' }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status } }),
  );
const putVoucher = (id: string, ownerId: string, value: number, expiresAt: string) =>
  db().send(
    new PutCommand({
      TableName: T(),
      Item: { pk: `VOUCHER#${id}`, sk: 'VOUCHER', type: 'voucher', id, ownerId, status: 'issued', value, expiresAt, campaignId, reason: 'invited_friend', createdAt: new Date().toISOString() },
    }),
  );
const setVoucherStatus = (id: string, status: string) =>
  db().send(
    new UpdateCommand({ TableName: T(), Key: { pk: `VOUCHER#${id}`, sk: 'VOUCHER' }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status } }),
  );
const acceptInvite = (friendId: string, inviterId: string, depth: number) => referralEdge(friendId, inviterId, { campaignId, depth });

describe('campaign dashboard from stream counters', () => {
  it('bookings, attendance, vouchers, invites, NPS and marketing consent', async () => {
    // 6 of 7 clients book; 5 attend; 5 opt in to marketing (one opts in and back out)
    for (const [i, c] of clients.slice(0, 6).entries()) await putBooking(`bk${i}`, c.id, 'booked');
    for (let i = 0; i < 5; i++) await setBookingStatus(`bk${i}`, 'attended');
    for (const c of clients.slice(0, 6)) await api.call('PATCH', '/me', { token: c.token, body: { marketingOptIn: true } });
    await api.call('PATCH', '/me', { token: clients[5].token, body: { marketingOptIn: false } });

    // vouchers: 7 granted (¥50); 5 redeemed, one of them rolled back by a cancelled booking; 1 expired; 1 revoked
    const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (let i = 0; i < 7; i++) await putVoucher(`v${i}`, clients[i].id, 50, i === 6 ? past : future);
    for (let i = 0; i < 5; i++) await setVoucherStatus(`v${i}`, 'redeemed');
    await setVoucherStatus('v0', 'issued'); // rollback
    await setVoucherStatus('v0', 'redeemed'); // and used again
    await setVoucherStatus('v5', 'revoked');

    // invites: 5 inviters share 10 times; 5 friends accept, chain depth up to 3
    for (const [i, c] of clients.slice(0, 5).entries()) {
      for (let k = 0; k < 2; k++) {
        await api.call('POST', '/events', { token: c.token, body: { eventId: `share-${i}-${k}-x`, type: 'invite_shared', campaignId, channel: 'wechat', variant: 'A', visitorId: `visitor-an-${i}` } });
      }
    }
    for (const [friend, inviter, depth] of [[1, 0, 1], [2, 0, 1], [3, 1, 2], [4, 3, 3], [6, 5, 1]] as const) {
      await acceptInvite(clients[friend].id, clients[inviter].id, depth);
    }

    // NPS after attended consults: 10, 10, 9, 7, 3 → 3 promoters, 1 passive, 1 detractor → NPS 40
    for (const [i, score] of [10, 10, 9, 7, 3].entries()) {
      expect((await api.call('POST', `/bookings/bk${i}/nps`, { token: clients[i].token, body: { score } })).status).toBe(201);
    }
    expect((await api.call('POST', '/bookings/bk0/nps', { token: clients[0].token, body: { score: 1 } })).body.error).toBe('already_answered');
    expect((await api.call('POST', '/bookings/bk5/nps', { token: clients[5].token, body: { score: 9 } })).body.error).toBe('not_attended');
    expect((await api.call('POST', '/bookings/bk1/nps', { token: clients[2].token, body: { score: 9 } })).status).toBe(404);
    expect((await api.call('POST', '/bookings/bk1/nps', { token: clients[1].token, body: { score: 11 } })).body.field).toBe('score');

    await drainStreams();
    const d = (await api.call('GET', `/analytics/campaigns/${campaignId}`, { token: marketer })).body;
    // Each stage counts the clients who reached it or a later one (6 booked without a self-test count there too).
    expect(d.funnel.total.counts).toEqual({ visitors: 0, signups: 7, selftests: 6, booked: 6, attended: 5, redeemed: 5 });
    expect(d.reachable).toBe(5);
    expect(d.vouchers).toMatchObject({ granted: 7, grantedValue: 350, redeemed: 5, redeemedValue: 250, expired: '<5', expiredValue: null, revoked: '<5' });
    // ¥250 redeemed for 7 new clients
    expect(d.vouchers.rewardCostPerNewClient).toBe(35.71);
    expect(d.kFactor).toMatchObject({ inviters: 5, invitesSent: 10, accepted: 5, invitesPerInviter: 2, conversion: 0.5, k: 1, maxCascadeDepth: 3 });
    expect(d.nps).toMatchObject({ responses: 5, promoters: '<5', nps: 40 });
  });

  it('the dashboard is one DynamoDB request and the tiers view two, whatever the data', async () => {
    const before = dbStats.requests;
    await api.call('GET', `/analytics/campaigns/${campaignId}`, { token: marketer });
    expect(dbStats.requests - before).toBe(1);
    const mid = dbStats.requests;
    await api.call('GET', '/analytics/tiers', { token: marketer });
    expect(dbStats.requests - mid).toBe(2);
  });

  it('CSV export of each dashboard table', async () => {
    const res = await api.call('GET', `/analytics/campaigns/${campaignId}?format=csv&table=variants`, { token: marketer });
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = res.text.replace(/^\ufeff/, '').trim().split('\r\n');
    // UTF-8 with a BOM (EF BB BF), so Excel opens the Chinese correctly (fetch's text() drops the BOM: read the bytes)
    const raw = await fetch(`${api.url}/analytics/campaigns/${campaignId}/export.csv?table=variants`, { headers: { authorization: `Bearer ${marketer}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lines[0]).toMatch(/^版本,版本名称,访问,注册,完成自测,预约咨询,到场,用券/);
    expect(lines[1]).toMatch(/^A,温和版,0,7,6,6,5,5/);
    const alias = await api.call('GET', `/analytics/campaigns/${campaignId}/export.csv?table=summary`, { token: marketer });
    expect(alias.text).toContain('每位新客户的奖励成本（元）,35.71');
    // dates in Beijing time, with the year
    expect(alias.text).toMatch(/开始日期（北京时间）,\d{4}-\d{2}-\d{2}/);
    const channels = await api.call('GET', `/analytics/campaigns/${campaignId}/export.csv?table=channels`, { token: marketer });
    expect(channels.text).toContain('\r\n抖音,douyin,0,7');
    const daily = await api.call('GET', `/analytics/campaigns/${campaignId}/export.csv?table=daily`, { token: marketer });
    const dailyLines = daily.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(dailyLines[0]).toBe('日期（北京时间）,抖音,微信分享,无来源（自然到访）');
    expect(dailyLines).toHaveLength(91);
  });
});

describe('client tiers', () => {
  it('spend recorded by an admin moves clients between tiers; thresholds are the marketer’s', async () => {
    // clients 0–4: 5 sessions, ¥2,500 each (core); client 5: 1 session ¥3,000 (potential); client 6: nothing (basic)
    for (const c of clients.slice(0, 5)) {
      for (let k = 0; k < 5; k++) {
        const r = await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: c.id, amount: 500, bookingId: `paid-${c.id}-${k}` } });
        expect(r.status).toBe(201);
      }
    }
    // the same paid consult sent twice is recorded once
    expect((await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: clients[0].id, amount: 500, bookingId: `paid-${clients[0].id}-0` } })).body.recorded).toBe(false);
    await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: clients[5].id, amount: 3000 } });
    expect((await api.call('POST', '/analytics/spend', { token: marketer, body: { clientId: clients[5].id, amount: 1 } })).status).toBe(403);
    expect((await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: 'nobody', amount: 1 } })).status).toBe(404);
    await drainStreams();

    const tiers = (await api.call('GET', '/analytics/tiers', { token: marketer })).body;
    const row = (t: string) => tiers.tiers.find((r: { tier: string }) => r.tier === t);
    expect(tiers.clients).toBe(7);
    expect(row('core')).toMatchObject({ clients: 5, reachable: 5, repeatRate: 1, clv: 7500 });
    expect(row('potential').clients).toBe('<5');
    expect(row('basic').clients).toBe('<5');
    expect(row('basic').offers.length).toBeGreaterThan(0);
    expect(row('basic').campaigns.map((c: { id: string }) => c.id)).toContain(campaignId);

    const put = await api.call('PUT', '/analytics/tiers/thresholds', { token: marketer, body: { minSessions: 6, minSpend: 2000, clvYears: 2 } });
    expect(put.status).toBe(200);
    const after = (await api.call('GET', '/analytics/tiers', { token: marketer })).body;
    // with "high frequency" from 6 sessions the five become potential (low frequency, high spend):
    // CLV = (5 × 2,500 + 3,000) / 6 clients × 2 years = 5,167
    expect(after.tiers.find((r: { tier: string }) => r.tier === 'potential')).toMatchObject({ clients: 6, clv: 5167 });
    expect((await api.call('PUT', '/analytics/tiers/thresholds', { token: marketer, body: { minSessions: 6, minSpend: 2050, clvYears: 2 } })).body.field).toBe('minSpend');

    const csv = await api.call('GET', '/analytics/tiers?format=csv', { token: marketer });
    expect(csv.text).toContain('客户分层,客户数,可触达客户,复购率,客户终身价值（元）');
  });

  it('a client who stops paying leaves the high tiers when the spend is older than 12 months (daily roll)', async () => {
    const res = await api.call('POST', '/auth/dev-login', { body: { name: '一年前的客户', role: 'client' } });
    const elevenMonthsAgo = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 11, 2)).toISOString();
    await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: res.body.user.id, amount: 9000, sessions: 9, at: elevenMonthsAgo } });
    await drainStreams();
    const core = async () => (await api.call('GET', '/analytics/tiers', { token: marketer })).body.tiers.find((t: { tier: string }) => t.tier === 'core').clients;
    await api.call('PUT', '/analytics/tiers/thresholds', { token: marketer, body: { minSessions: 4, minSpend: 2000, clvYears: 3 } });
    expect(await core()).toBe(6);
    const inTwoMonths = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 2, 1));
    expect(await rollTierWindows(new Date())).toBe(0); // nothing is due yet
    expect(await rollTierWindows(inTwoMonths)).toBe(1);
    expect(await rollTierWindows(inTwoMonths)).toBe(0); // rolled once: no longer listed
    expect(await core()).toBe(5);
  });
});
