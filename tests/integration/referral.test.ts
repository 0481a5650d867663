import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, dbStats } from '../../functions/db/client';
import { budgetKey, qualifyFriend } from '../../functions/db/referral';
import { forgetCachedCampaign, onQualifyingAction } from '../../functions/referral/service';
import { processReferralRecord, qualifyingFactOf } from '../../functions/referral/stream';
import { drainStreams } from '../../functions/local/streams';
import { saveResult } from '../../functions/db/selftest';
import { SEED_INVITE_CAMPAIGN_ID, seedReferral } from '../../functions/referral/seed';
import { DEFAULT_REWARD_RULES, type RewardRules } from '../../shared/referral/rules';
import { friendVoucherId } from '../../shared/referral/rewards';
import type { TestApi } from '../setup/api';
import { useApiTestBed } from '../setup/testbed';
import { paidSlotAt } from './booking-fixtures';

const api = useApiTestBed();
let marketer: string;
let admin: string;
const CAMPAIGN = SEED_INVITE_CAMPAIGN_ID;
const PHQ_MILD = [1, 1, 0, 0, 0, 0, 0, 0, 0];

beforeAll(async () => {
  await seedReferral();
  marketer = (await api.login('市场部', 'marketer')).token;
  admin = (await api.login('管理员', 'admin')).token;
});

type Login = Awaited<ReturnType<TestApi['login']>>;
let seq = 0;
/** A brand-new client on their own device. */
const newClient = (label: string, device?: string) => api.login(`${label}-${++seq}`, 'client', device);

/** Makes a client look as if they signed up `ms` ago. */
async function backdateSignup(who: Login, ms: number) {
  await db().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: `USER#${who.user.id}`, sk: 'PROFILE' },
      UpdateExpression: 'SET createdAt = :c',
      ExpressionAttributeValues: { ':c': new Date(Date.now() - ms).toISOString() },
    }),
  );
}

async function codeOf(who: Login): Promise<string> {
  const res = await api.call('GET', '/me/invite', { token: who.token });
  expect(res.status).toBe(200);
  return res.body.code;
}
const accept = (who: Login, code: string, body: object = {}) => api.call('POST', `/invites/${code}/accept`, { token: who.token, body });
const selftest = (who: Login) => api.call('POST', '/selftests/phq9/results', { token: who.token, body: { answers: PHQ_MILD } });
const wallet = async (who: Login) => (await api.call('GET', '/me/vouchers', { token: who.token })).body.items as WalletItem[];
const progress = async (who: Login) => (await api.call('GET', '/me/invite', { token: who.token })).body.progress;
interface WalletItem {
  id: string;
  status: string;
  value: number;
  expiresAt: string;
  campaignId: string;
  reason: string;
}

async function setRules(patch: Partial<RewardRules>) {
  const res = await api.call('PUT', `/campaigns/${CAMPAIGN}/rules`, { token: marketer, body: { ...DEFAULT_REWARD_RULES, ...patch } });
  expect(res.status).toBe(200);
}

/** An inviter with `n` friends who accepted (not yet qualified). */
async function inviterWithFriends(n: number, label: string) {
  const inviter = await newClient(`${label}邀请人`);
  const code = await codeOf(inviter);
  const friends: Login[] = [];
  for (let i = 0; i < n; i++) {
    const f = await newClient(`${label}好友`);
    expect((await accept(f, code)).status).toBe(200);
    friends.push(f);
  }
  return { inviter, code, friends };
}

describe('invite page', () => {
  it('gives a short code, a share path, the full rules and progress 0 / 3', async () => {
    const a = await newClient('甲');
    const res = await api.call('GET', '/me/invite', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(res.body.sharePath).toBe(`/pages/referral/landing?code=${res.body.code}`);
    expect(res.body.scene).toBe(`i=${res.body.code}`);
    expect(res.body.rules).toMatchObject({ qualifyingAction: 'selftest_completed', milestone: 3 });
    expect(res.body.rulesText.join('\n')).toContain('仅分享链接或海报不会获得任何奖励');
    expect(res.body.progress).toMatchObject({ qualified: 0, needed: 3 });
    // The same code every time.
    expect((await api.call('GET', '/me/invite', { token: a.token })).body.code).toBe(res.body.code);
  });

  it('the landing page is public and shows only the inviter’s display name', async () => {
    const a = await newClient('落地页');
    const code = await codeOf(a);
    const res = await api.call('GET', `/invites/${code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.inviterName).toBe(a.user.name);
    expect(res.body.campaign).toMatchObject({ id: CAMPAIGN });
    expect(res.body.rulesText.length).toBeGreaterThan(3);
    expect(JSON.stringify(res.body)).not.toContain(a.user.id);
    expect((await api.call('GET', '/invites/ZZZZZZZZ')).status).toBe(404);
    expect((await api.call('GET', '/invites/bad!')).body.field).toBe('code');
  });

  it('the poster is a PNG', async () => {
    const a = await newClient('海报');
    const res = await fetch(`${api.url}/me/invite/poster`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('full flow: A invites B, C and D, who each complete a self-test', () => {
  it('A gets exactly one ¥100 voucher and each friend one ¥50 voucher', async () => {
    const a = await newClient('A');
    const code = await codeOf(a);
    const friends: Login[] = [];
    for (const name of ['B', 'C', 'D']) {
      // The landing page hands out a signed visitor id; the open before sign-in carries it.
      const { visitorId } = (await api.call('GET', `/invites/${code}`)).body;
      expect((await api.call('POST', `/invites/${code}/open`, { body: { visitorId } })).status).toBe(200);
      const f = await newClient(name);
      const res = await accept(f, code, { visitorId });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ inviterName: a.user.name, campaignId: CAMPAIGN });
      friends.push(f);
    }
    expect(await progress(a)).toMatchObject({ accepted: 3, qualified: 0, vouchersGranted: 0 });
    expect(await wallet(a)).toEqual([]);

    await selftest(friends[0]);
    await selftest(friends[1]);
    expect(await progress(a)).toMatchObject({ qualified: 2, needed: 3, remaining: 1 });
    expect(await wallet(a)).toEqual([]);
    await selftest(friends[2]);
    // A second self-test by the same friend changes nothing.
    await selftest(friends[2]);

    const mine = await wallet(a);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'issued', value: 100, campaignId: CAMPAIGN, reason: 'inviter_milestone' });
    const days = (Date.parse(mine[0].expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59.9);
    expect(days).toBeLessThan(61.1);
    for (const f of friends) {
      const theirs = await wallet(f);
      expect(theirs).toHaveLength(1);
      expect(theirs[0]).toMatchObject({ status: 'issued', value: 50, reason: 'invited_friend' });
    }
    expect(await progress(a)).toMatchObject({ qualified: 3, vouchersGranted: 1, remaining: 0 });
  });

  it('without repeat, a 4th to 6th friend earn the inviter nothing more (friends still get theirs)', async () => {
    const { inviter, friends } = await inviterWithFriends(6, '不重复');
    for (const f of friends) await selftest(f);
    expect(await wallet(inviter)).toHaveLength(1);
    for (const f of friends) expect(await wallet(f)).toHaveLength(1);
  });
});

describe('rejections, each with its reason code', () => {
  it('self_invite', async () => {
    const a = await newClient('自邀');
    const res = await accept(a, await codeOf(a));
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('self_invite');
    expect(res.body.message).toBeTruthy();
  });

  it('already_invited: at most one inviter, ever (the same invite again answers as before)', async () => {
    const a = await newClient('先来');
    const b = await newClient('后到');
    const f = await newClient('被邀');
    expect((await accept(f, await codeOf(a))).status).toBe(200);
    expect((await accept(f, await codeOf(a))).status).toBe(200);
    const res = await accept(f, await codeOf(b));
    expect(res).toMatchObject({ status: 409, body: { error: 'already_invited' } });
  });

  it('existing_client: already completed a self-test', async () => {
    const a = await newClient('老客邀请');
    const f = await newClient('做过自测');
    await selftest(f);
    expect((await accept(f, await codeOf(a))).body.error).toBe('existing_client');
  });

  it('existing_client: signed up more than 24 hours before opening the invite', async () => {
    const a = await newClient('老账号邀请');
    const f = await newClient('老账号');
    await backdateSignup(f, 25 * 3600_000);
    expect((await accept(f, await codeOf(a))).body.error).toBe('existing_client');
  });

  it('existing_client: a booking', async () => {
    const a = await newClient('预约过邀请');
    const f = await newClient('预约过');
    const counselor = await api.login('咨询师甲', 'counselor');
    const slotId = await paidSlotAt(counselor.user.id, new Date(Date.now() + 3 * 86_400_000));
    expect((await api.call('POST', '/bookings', { token: f.token, body: { slotId } })).status).toBe(201);
    expect((await accept(f, await codeOf(a))).body.error).toBe('existing_client');
  });

  it('cycle: B, invited by A, cannot invite A', async () => {
    const a = await newClient('环A');
    const b = await newClient('环B');
    expect((await accept(b, await codeOf(a))).status).toBe(200);
    expect((await accept(a, await codeOf(b))).body.error).toBe('cycle');
  });

  it('cycle cannot form even when A and B accept each other at the same instant', async () => {
    for (let i = 0; i < 5; i++) {
      const a = await newClient('同时A');
      const b = await newClient('同时B');
      const [ca, cb] = [await codeOf(a), await codeOf(b)];
      const [r1, r2] = await Promise.all([accept(b, ca), accept(a, cb)]);
      expect([r1.status, r2.status].sort()).toEqual([200, 409]);
      expect([r1, r2].find((r) => r.status === 409)!.body.error).toMatch(/^(cycle|existing_client)$/);
    }
  });

  it('window_expired: more than 7 days after the first open', async () => {
    const a = await newClient('过期邀请');
    const f = await newClient('过期');
    await db().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { pk: `USER#${f.user.id}`, sk: 'INVITEOPEN', code: 'X', openedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() },
      }),
    );
    // The profile must look newer than the open, or it is an existing client instead.
    await backdateSignup(f, 8.5 * 86_400_000);
    expect((await accept(f, await codeOf(a))).body.error).toBe('window_expired');
  });

  it('the first open is kept: opening again later does not restart the window', async () => {
    const a = await newClient('首开');
    const code = await codeOf(a);
    const f = await newClient('首开好友');
    const first = await api.call('POST', `/invites/${code}/open`, { token: f.token, body: {} });
    const again = await api.call('POST', `/invites/${code}/open`, { token: f.token, body: {} });
    expect(again.body.firstOpenedAt).toBe(first.body.firstOpenedAt);
    expect((await api.call('POST', `/invites/${code}/open`, { body: {} })).body.field).toBe('visitorId');
  });

  it('device_reused: the same device is a new friend once', async () => {
    const a = await newClient('设备邀请');
    const code = await codeOf(a);
    const first = await newClient('手机主人', 'phone-shared-1');
    const second = await newClient('换号', 'phone-shared-1');
    expect((await accept(first, code)).status).toBe(200);
    expect((await accept(second, code)).body.error).toBe('device_reused');
  });

  it('marketers see the rejections counted per reason, once per friend', async () => {
    const a = await newClient('计数');
    const code = await codeOf(a);
    for (let i = 0; i < 3; i++) await accept(a, code);
    const res = await api.call('GET', `/referrals/rejections?campaignId=${CAMPAIGN}`, { token: marketer });
    expect(res.status).toBe(200);
    for (const reason of ['self_invite', 'already_invited', 'existing_client', 'cycle', 'window_expired', 'device_reused']) {
      expect(res.body.counts[reason]).toBeGreaterThanOrEqual(1);
    }
    // Five self_invite taps above (the earlier test and this one, three times) are two distinct friends.
    expect(res.body.counts.self_invite).toBe(2);
    const client = await newClient('偷看');
    expect((await api.call('GET', `/referrals/rejections?campaignId=${CAMPAIGN}`, { token: client.token })).status).toBe(403);
    expect((await api.call('GET', '/referrals/rejections', { token: marketer })).body.field).toBe('campaignId');
  });
});

describe('exactly once', () => {
  it('10 friends qualifying at the same instant: exactly floor(10 / 3) inviter vouchers with repeat', async () => {
    await setRules({ repeatMilestone: true });
    try {
      const { inviter, friends } = await inviterWithFriends(10, '并发');
      const results = await Promise.all(friends.map(selftest));
      expect(results.every((r) => r.status === 201)).toBe(true);
      const mine = await wallet(inviter);
      expect(mine).toHaveLength(3);
      expect(new Set(mine.map((v) => v.id)).size).toBe(3);
      expect(await progress(inviter)).toMatchObject({ qualified: 10, vouchersGranted: 3, remaining: 2 });
      for (const f of friends) expect(await wallet(f)).toHaveLength(1);
    } finally {
      await setRules({});
    }
  });

  it('the same qualifying call retried (in parallel and later) issues nothing twice', async () => {
    const { inviter, friends } = await inviterWithFriends(3, '重试');
    await Promise.all(friends.slice(0, 2).map(selftest));
    const f = friends[2];
    const calls = await Promise.all(Array.from({ length: 8 }, () => onQualifyingAction(f.user.id, 'selftest_completed', 'same-result', new Date())));
    expect(calls.filter((c) => c.status === 'qualified')).toHaveLength(1);
    await onQualifyingAction(f.user.id, 'selftest_completed', 'same-result', new Date());
    expect(await wallet(f)).toHaveLength(1);
    expect(await wallet(inviter)).toHaveLength(1);
    expect(await progress(inviter)).toMatchObject({ qualified: 3, vouchersGranted: 1 });
  });

  it('a crash between the qualification and the milestone grant is repaired by the retry', async () => {
    const { inviter, friends } = await inviterWithFriends(3, '崩溃');
    await selftest(friends[0]);
    await selftest(friends[1]);
    const f = friends[2];
    const now = new Date();
    // The first invocation wrote the qualification, then died before deciding the milestone.
    await qualifyFriend({
      friendId: f.user.id,
      inviterId: inviter.user.id,
      campaignId: CAMPAIGN,
      sourceId: 'selftest_completed:r1',
      voucher: {
        id: friendVoucherId(f.user.id, CAMPAIGN),
        ownerId: f.user.id,
        status: 'issued',
        value: 50,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        campaignId: CAMPAIGN,
        reason: 'invited_friend',
        createdAt: now.toISOString(),
      },
      budget: {},
      now,
    });
    expect(await wallet(inviter)).toHaveLength(0);
    // Lambda retries the invocation.
    const retry = await onQualifyingAction(f.user.id, 'selftest_completed', 'r1', new Date());
    expect(retry).toMatchObject({ status: 'already_qualified', milestones: ['granted'] });
    expect(await wallet(inviter)).toHaveLength(1);
    expect(await wallet(f)).toHaveLength(1);
  });

  it('only the direct inviter is rewarded: no multi-level rewards', async () => {
    const { inviter: top, friends } = await inviterWithFriends(1, '上级');
    const mid = friends[0];
    const midCode = await codeOf(mid);
    const below: Login[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await newClient('下级');
      expect((await accept(f, midCode)).status).toBe(200);
      below.push(f);
    }
    for (const f of below) await selftest(f);
    expect(await wallet(mid)).toHaveLength(1);
    expect((await wallet(mid))[0].reason).toBe('inviter_milestone');
    expect(await wallet(top)).toHaveLength(0);
    expect(await progress(top)).toMatchObject({ qualified: 0 });
  });
});

describe('qualifying actions other than the self-test', () => {
  it('signup: accepting the invite is the new friend’s qualifying sign-up', async () => {
    await setRules({ qualifyingAction: 'signup', milestone: 1 });
    try {
      const { inviter, friends } = await inviterWithFriends(1, '注册即算');
      expect(await wallet(friends[0])).toHaveLength(1);
      expect(await wallet(inviter)).toHaveLength(1);
    } finally {
      await setRules({});
    }
  });

  it('consult_attended: a self-test does not count, the attended consult does', async () => {
    await setRules({ qualifyingAction: 'consult_attended', milestone: 1 });
    try {
      const { inviter, friends } = await inviterWithFriends(1, '到场');
      await selftest(friends[0]);
      expect(await wallet(friends[0])).toHaveLength(0);
      const out = await onQualifyingAction(friends[0].user.id, 'consult_attended', 'booking-1', new Date());
      expect(out.status).toBe('qualified');
      expect(await wallet(friends[0])).toHaveLength(1);
      expect(await wallet(inviter)).toHaveLength(1);
    } finally {
      await setRules({});
    }
  });
});

describe('budget', () => {
  it('racing grants never pass the budget; the inviter sees "not granted: budget"', async () => {
    const used = await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: budgetKey(CAMPAIGN), ConsistentRead: true }));
    const before = Number(used.Item?.vouchers ?? 0);
    await setRules({ milestone: 1, repeatMilestone: true, budget: { maxVouchers: before + 5 } });
    try {
      const { inviter, friends } = await inviterWithFriends(6, '预算');
      await Promise.all(friends.map(selftest));
      const after = await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: budgetKey(CAMPAIGN), ConsistentRead: true }));
      expect(Number(after.Item!.vouchers)).toBe(before + 5);
      const friendVouchers = (await Promise.all(friends.map(wallet))).flat();
      const inviterVouchers = await wallet(inviter);
      // 6 friend vouchers + 6 inviter vouchers wanted, 5 fit.
      expect(friendVouchers.length + inviterVouchers.length).toBe(5);
      const p = await progress(inviter);
      expect(p.qualified).toBe(6);
      expect(p.vouchersGranted + p.notGranted.length).toBe(6);
      expect(p.notGranted.every((n: { reason: string }) => n.reason === 'budget')).toBe(true);
    } finally {
      await setRules({});
    }
  });
});

describe('wallet', () => {
  it('an admin revokes an unused voucher, once; clients cannot', async () => {
    const { friends } = await inviterWithFriends(1, '撤销');
    await selftest(friends[0]);
    const [v] = await wallet(friends[0]);
    expect((await api.call('POST', `/vouchers/${v.id}/revoke`, { token: friends[0].token, body: {} })).status).toBe(403);
    const res = await api.call('POST', `/vouchers/${v.id}/revoke`, { token: admin, body: { note: '测试' } });
    expect(res).toMatchObject({ status: 200, body: { id: v.id, status: 'revoked' } });
    expect((await wallet(friends[0]))[0].status).toBe('revoked');
    expect((await api.call('POST', `/vouchers/${v.id}/revoke`, { token: admin, body: {} })).body.error).toBe('not_revocable');
    expect((await api.call('POST', '/vouchers/nope/revoke', { token: admin, body: {} })).status).toBe(404);
  });

  it('an issued voucher past its expiry is listed as expired', async () => {
    const { friends } = await inviterWithFriends(1, '到期');
    await selftest(friends[0]);
    const [v] = await wallet(friends[0]);
    await db().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: `VOUCHER#${v.id}`, sk: 'VOUCHER' },
        UpdateExpression: 'SET expiresAt = :e',
        ExpressionAttributeValues: { ':e': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    expect((await wallet(friends[0]))[0].status).toBe('expired');
  });
});

describe('redemption with a paid consult', () => {
  it('a voucher lowers the amount due; cancelling gives it back; others’, used and expired ones are refused', async () => {
    const { inviter, friends } = await inviterWithFriends(3, '兑换');
    for (const f of friends) await selftest(f);
    const [v] = await wallet(inviter);
    const counselor = await api.login('咨询师乙', 'counselor');
    const slot1 = await paidSlotAt(counselor.user.id, new Date(Date.now() + 4 * 86_400_000), 300);
    const slot2 = await paidSlotAt(counselor.user.id, new Date(Date.now() + 5 * 86_400_000), 300);

    // Not the caller's.
    expect((await api.call('POST', '/bookings', { token: friends[0].token, body: { slotId: slot1, voucherId: v.id } })).status).toBeGreaterThanOrEqual(400);

    const booked = await api.call('POST', '/bookings', { token: inviter.token, body: { slotId: slot1, voucherId: v.id } });
    expect(booked.status).toBe(201);
    expect(booked.body.amountDue).toBe(200);
    expect((await wallet(inviter))[0].status).toBe('redeemed');
    // Already used.
    const twice = await api.call('POST', '/bookings', { token: inviter.token, body: { slotId: slot2, voucherId: v.id } });
    expect(twice.status).toBeGreaterThanOrEqual(400);
    expect(twice.status).toBeLessThan(500);

    expect((await api.call('POST', `/bookings/${booked.body.id}/cancel`, { token: inviter.token })).status).toBe(200);
    expect((await wallet(inviter))[0].status).toBe('issued');

    // Expired.
    await db().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: `VOUCHER#${v.id}`, sk: 'VOUCHER' },
        UpdateExpression: 'SET expiresAt = :e',
        ExpressionAttributeValues: { ':e': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const late = await api.call('POST', '/bookings', { token: inviter.token, body: { slotId: slot2, voucherId: v.id } });
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect(late.status).toBeLessThan(500);
  });
});

describe('chains', () => {
  it('ancestors to the root with names only, depth and subtree size', async () => {
    const root = await newClient('根');
    const mid = await newClient('中');
    const leaf = await newClient('叶');
    const sibling = await newClient('旁');
    expect((await accept(mid, await codeOf(root))).status).toBe(200);
    expect((await accept(sibling, await codeOf(root))).status).toBe(200);
    expect((await accept(leaf, await codeOf(mid))).status).toBe(200);
    await selftest(leaf);

    const res = await api.call('GET', `/referrals/${leaf.user.id}/chain`, { token: marketer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      client: { id: leaf.user.id },
      depth: 2,
      ancestors: [
        { id: mid.user.id, depth: 1 },
        { id: root.user.id, depth: 0 },
      ],
      subtreeSize: 0,
    });
    // No self-test data and no names in a marketer's view.
    expect(res.text).not.toMatch(/phq9|score|band|answers/);
    for (const person of [root, mid, leaf]) expect(res.text).not.toContain(person.user.name);
    const top = await api.call('GET', `/referrals/${root.user.id}/chain`, { token: marketer });
    expect(top.body).toMatchObject({ depth: 0, ancestors: [], directInvites: 2, subtreeSize: 3, subtreeTruncated: false });
    expect((await api.call('GET', `/referrals/${root.user.id}/chain`, { token: root.token })).status).toBe(403);
    expect((await api.call('GET', '/referrals/01HZZZZZZZZZZZZZZZZZZZZZZZ/chain', { token: marketer })).status).toBe(404);
  });
});

describe('qualifications the request path missed', () => {
  const missedSelftest = (who: Login, id: string) =>
    saveResult(who.user.id, { id, instrument: 'phq9', score: 2, band: 'minimal', crisis: false, answers: PHQ_MILD, createdAt: new Date().toISOString() });

  it('are made up from the table stream, once, however often the change is seen', async () => {
    await setRules({});
    const { inviter, friends } = await inviterWithFriends(1, '漏记');
    const [friend] = friends;
    // The result is stored but its hook never ran, as when DynamoDB failed the qualification during the request.
    await missedSelftest(friend, 'MISSED0000000000000000001');
    expect(await wallet(friend)).toEqual([]);
    expect((await progress(inviter)).qualified).toBe(0);

    await drainStreams();
    expect((await wallet(friend)).map((v) => [v.reason, v.value])).toEqual([['invited_friend', 50]]);
    expect((await progress(inviter)).qualified).toBe(1);

    // The same change again (a retried batch): nothing more.
    await processReferralRecord({ eventName: 'INSERT', sequenceNumber: 'retry', keys: { pk: `USER#${friend.user.id}`, sk: 'SELFTEST#MISSED0000000000000000001' } });
    await drainStreams();
    expect(await wallet(friend)).toHaveLength(1);
    expect((await progress(inviter)).qualified).toBe(1);
  });

  it('a self-test the hook already counted is not counted again from the stream; three friends still make one inviter voucher', async () => {
    await setRules({});
    const { inviter, friends } = await inviterWithFriends(3, '双记');
    for (const f of friends) expect((await selftest(f)).status).toBe(201);
    await drainStreams();
    await drainStreams();
    expect((await wallet(inviter)).map((v) => v.reason)).toEqual(['inviter_milestone']);
    for (const f of friends) expect(await wallet(f)).toHaveLength(1);
  });

  it('reads only sign-ups, self-test results and consults newly attended', () => {
    const change = (eventName: 'INSERT' | 'MODIFY', pk: string, sk: string, oldImage?: Record<string, unknown>, newImage?: Record<string, unknown>) => ({ eventName, sequenceNumber: '1', keys: { pk, sk }, oldImage, newImage });
    expect(qualifyingFactOf(change('INSERT', 'USER#U1', 'PROFILE'))).toEqual({ userId: 'U1', action: 'signup', sourceId: 'U1' });
    expect(qualifyingFactOf(change('INSERT', 'USER#U1', 'SELFTEST#R1'))).toEqual({ userId: 'U1', action: 'selftest_completed', sourceId: 'R1' });
    expect(qualifyingFactOf(change('MODIFY', 'BOOKING#B1', 'BOOKING', { status: 'booked' }, { status: 'attended', clientId: 'U1' }))).toEqual({ userId: 'U1', action: 'consult_attended', sourceId: 'B1' });
    expect(qualifyingFactOf(change('MODIFY', 'BOOKING#B1', 'BOOKING', { status: 'attended' }, { status: 'attended', clientId: 'U1' }))).toBeUndefined();
    expect(qualifyingFactOf(change('MODIFY', 'USER#U1', 'PROFILE'))).toBeUndefined();
    expect(qualifyingFactOf(change('INSERT', 'USER#U1', 'REFERRAL'))).toBeUndefined();
  });
});

describe('campaign rules and state', () => {
  it('rules are validated JSON; bad input names the field', async () => {
    const res = await api.call('PUT', `/campaigns/${CAMPAIGN}/rules`, { token: marketer, body: { ...DEFAULT_REWARD_RULES, milestone: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('milestone');
    expect((await api.call('PUT', '/campaigns/none/rules', { token: marketer, body: DEFAULT_REWARD_RULES })).status).toBe(404);
  });

  it('DynamoDB requests: an accept costs 2, a qualifying self-test 1 + 2, the milestone one included', async () => {
    await setRules({});
    const a = await newClient('计请求');
    const code = await codeOf(a);
    const [f1, f2, f3] = [await newClient('计请求好友'), await newClient('计请求好友'), await newClient('计请求好友')];
    const cost = async (f: () => Promise<unknown>) => {
      const before = dbStats.requests;
      await f();
      return dbStats.requests - before;
    };
    // The first accept and self-test also look up what a warm instance keeps for a second (the live campaign).
    expect((await accept(f1, code)).status).toBe(200);
    // One BatchGet of both people (the booking mark included), one transaction.
    expect(await cost(async () => expect((await accept(f2, code)).status).toBe(200))).toBeLessThanOrEqual(2);
    expect((await accept(f3, code)).status).toBe(200);
    await selftest(f1);
    // The result's own write, then: the referral item (updated and returned) and one transaction.
    expect(await cost(() => selftest(f2))).toBeLessThanOrEqual(3);
    // The third friend completes the inviter's milestone: still one transaction, voucher included.
    expect(await cost(() => selftest(f3))).toBeLessThanOrEqual(3);
    expect((await wallet(a)).map((v) => v.reason)).toEqual(['inviter_milestone']);
    expect(await progress(a)).toMatchObject({ qualified: 3, vouchersGranted: 1 });
  });

  it('campaign_inactive: no live invite campaign', async () => {
    const a = await newClient('停活动');
    const code = await codeOf(a);
    const f = await newClient('停活动好友');
    await db().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: `CAMPAIGN#${CAMPAIGN}`, sk: 'CAMPAIGN' },
        UpdateExpression: 'SET #s = :d',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':d': 'draft' },
      }),
    );
    forgetCachedCampaign(); // what a second's wait would do
    expect((await accept(f, code)).body.error).toBe('campaign_inactive');
    const stats = await db().send(new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `USER#${f.user.id}` },
    }));
    expect((stats.Items ?? []).some((i) => i.sk === 'REFERRAL')).toBe(false);
  });
});
