import { beforeAll, describe, expect, it } from 'vitest';
import { readCampaignCounters } from '../../functions/db/analytics';
import { drainStreams } from '../../functions/local/streams';
import { useApiTestBed } from '../setup/testbed';
import { createPublished } from './campaign-fixtures';
import { attendedConsult } from './care-fixtures';
import { referralEdge } from './referral-fixtures';

/**
 * Consent to aggregate statistics, honoured by the marketer's counters from then on: a client withdraws through
 * PUT /me/consents, then takes a self-test, books, pays, attends, answers NPS and shares an invite — through the
 * real API, the payment stand-in and DynamoDB Local's stream — and neither the campaign dashboard nor the tiers
 * move; five other clients doing the same still move them; after consenting again the client counts again.
 */
const api = useApiTestBed();
type Login = { id: string; token: string };
let marketer: string;
let admin: string;
let counselor: Awaited<ReturnType<typeof api.login>>;
let campaignId: string;
const controls: Login[] = [];
let withdrawn: Login;

async function signUp(name: string, i: number): Promise<Login> {
  const res = await api.call('POST', '/auth/dev-login', {
    body: { name, role: 'client', attribution: { campaignId, channel: 'douyin', variant: 'A', visitorId: `visitor-consent-${i}` } },
  });
  return { id: res.body.user.id, token: res.body.token };
}

/** Everything a client does after signing up that the marketer's figures count. */
async function activity(c: Login, i: number) {
  expect((await api.call('POST', '/selftests/phq9/results', { token: c.token, body: { answers: [1, 1, 0, 0, 1, 0, 0, 0, 0] } })).status).toBe(201);
  const booking = await attendedConsult(api, c.token, counselor);
  expect((await api.call('POST', `/bookings/${booking}/nps`, { token: c.token, body: { score: 10 } })).status).toBe(201);
  const share = await api.call('POST', '/events', { token: c.token, body: { eventId: `consent-share-${i}-x`, type: 'invite_shared', campaignId, channel: 'wechat', variant: 'A', visitorId: `visitor-consent-${i}` } });
  expect(share.status).toBeLessThan(300);
  expect((await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: c.id, amount: 2500, sessions: 4 } })).status).toBe(201);
}

/** The figures as the marketer reads them (without the moment they were read). */
const figures = async (path: string) => {
  const { generatedAt, ...rest } = (await api.call('GET', path, { token: marketer })).body;
  void generatedAt;
  return rest;
};
const dashboard = () => figures(`/analytics/campaigns/${campaignId}`);
const tiers = () => figures('/analytics/tiers');
const tier = (t: { tiers: { tier: string; clients: unknown }[] }, name: string) => t.tiers.find((r) => r.tier === name)!.clients;

/** A friend's acceptance of an invite, in the referral capability's item shape (functions/db/referral.ts). */
const acceptInvite = (friendId: string, inviterId: string) => referralEdge(friendId, inviterId, { campaignId });

beforeAll(async () => {
  marketer = (await api.login('市场部', 'marketer')).token;
  admin = (await api.login('管理员', 'admin')).token;
  counselor = await api.login('林静', 'counselor');
  campaignId = (await createPublished(api, marketer)).id;
  for (let i = 0; i < 5; i++) controls.push(await signUp(`客户${i}`, i));
  withdrawn = await signUp('不参与统计的客户', 5);
  await drainStreams();
});

describe('withdrawing consent to aggregate statistics', () => {
  it('stops the client’s later events from moving the campaign dashboard and the tiers; others still move them', async () => {
    const w = await api.call('PUT', '/me/consents', { token: withdrawn.token, body: { statistics: false } });
    expect(w.status).toBe(200);
    expect(w.body.consents.statistics.granted).toBe(false);
    await drainStreams();
    const [counters0, dash0, tiers0] = [await readCampaignCounters(campaignId), await dashboard(), await tiers()];
    // counted before the withdrawal, and staying: the sign-up
    expect(dash0.funnel.total.counts).toMatchObject({ signups: 6, selftests: 0, booked: 0 });
    expect(tiers0.clients).toBe(6);

    await activity(withdrawn, 5);
    await drainStreams();
    expect(await readCampaignCounters(campaignId)).toEqual(counters0);
    expect(await dashboard()).toEqual(dash0);
    expect(await tiers()).toEqual(tiers0);

    for (const [i, c] of controls.entries()) await activity(c, i);
    await drainStreams();
    const dash1 = await dashboard();
    // five, not six: the withdrawn client's self-test, booking, attendance, NPS and share are not in any figure
    expect(dash1.funnel.total.counts).toMatchObject({ signups: 6, selftests: 5, booked: 5, attended: 5 });
    expect(dash1.nps).toMatchObject({ responses: 5, nps: 100 });
    expect(dash1.kFactor).toMatchObject({ inviters: 5, invitesSent: 5 });
    const tiers1 = await tiers();
    expect(tiers1.clients).toBe(6);
    // ¥300 paid consult + ¥2,500 in 4 sessions at the desk puts each of the five in the core tier; not the sixth
    expect(tier(tiers1, 'core')).toBe(5);
  });

  it('a friend invited by the withdrawn client still counts for the campaign (their own consent)', async () => {
    const friend = await api.login('被邀请的朋友');
    await acceptInvite(friend.user.id, withdrawn.id);
    await drainStreams();
    const counters = await readCampaignCounters(campaignId);
    expect(counters['k|accepted']).toBe(1);
    expect(counters['il|accepted|g1']).toBe(1);
  });

  it('after consenting again, the client’s later events count again (not those made while withdrawn)', async () => {
    const back = await api.call('PUT', '/me/consents', { token: withdrawn.token, body: { statistics: true } });
    expect(back.body.consents.statistics.granted).toBe(true);
    await drainStreams();
    expect((await dashboard()).funnel.total.counts).toMatchObject({ selftests: 5, booked: 5 });

    await api.call('POST', '/selftests/gad7/results', { token: withdrawn.token, body: { answers: [1, 0, 0, 1, 0, 0, 0] } });
    await api.call('POST', '/events', { token: withdrawn.token, body: { eventId: 'consent-share-back-x', type: 'invite_shared', campaignId, channel: 'wechat', variant: 'A', visitorId: 'visitor-consent-5' } });
    await drainStreams();
    const d = await dashboard();
    expect(d.funnel.total.counts).toMatchObject({ selftests: 6, booked: 5 });
    expect(d.kFactor).toMatchObject({ inviters: 6, invitesSent: 6 });
    // the withdrawn period's ¥2,800 is not counted for this client: new spend alone decides their tier
    await api.call('POST', '/analytics/spend', { token: admin, body: { clientId: withdrawn.id, amount: 100, sessions: 1 } });
    await drainStreams();
    expect(tier(await tiers(), 'core')).toBe(5);
  });
});
