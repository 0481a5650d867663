import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMessageCampaign } from '../../functions/care/sender';
import { db } from '../../functions/db/client';
import { claimSend, getMessageCampaign } from '../../functions/db/messages';
import { wechat } from '../../functions/wechat';
import type { LocalWechatApi } from '../../functions/wechat/local';
import { useApiTestBed } from '../setup/testbed';

/**
 * Message campaigns against DynamoDB Local: the segment, consent, the crisis pause, grants, the 7-day cap and
 * quiet hours, each checked again at the moment of sending. Runs use an explicit clock.
 */
const api = useApiTestBed();
const DAY = 86_400_000;
const outbox = () => (wechat() as LocalWechatApi).outbox;
let marketer: string;
let templateId: string;

/** Today (Beijing) at hh:mm Beijing, as a UTC Date. */
const beijing = (hh: number, mm = 0, plusDays = 0) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + plusDays, hh - 8, mm));
};

async function client(name: string, opts: { consent?: boolean; grants?: number; level?: string; channel?: string } = {}) {
  const attribution = opts.channel ? { campaignId: 'c1', channel: opts.channel, variant: 'A', visitorId: `visitor-${name.length}-${Math.random().toString(36).slice(2, 10)}` } : undefined;
  const res = await api.call('POST', '/auth/dev-login', { body: { name, role: 'client', attribution } });
  const c = { token: res.body.token as string, id: res.body.user.id as string, name };
  if (opts.consent ?? true) await api.call('PUT', '/me/consents', { token: c.token, body: { marketing: true } });
  for (let i = 0; i < (opts.grants ?? 1); i++) await api.call('POST', '/me/message-grants', { token: c.token, body: { templateId } });
  if (opts.level) {
    await db().send(new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: { pk: `USER#${c.id}`, sk: 'PROFILE' }, UpdateExpression: 'SET #l = :l', ExpressionAttributeNames: { '#l': 'level' }, ExpressionAttributeValues: { ':l': opts.level } }));
  }
  return c;
}

const campaign = async (name: string, segment: Record<string, unknown> = { purpose: 'marketing' }) => {
  const res = await api.call('POST', '/messages/campaigns', { token: marketer, body: { name, templateId, title: '春季读书会', body: '本周六下午，欢迎参加', segment } });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  return res.body.id as string;
};
const stats = async (id: string) => (await api.call('GET', `/messages/campaigns/${id}`, { token: marketer })).body.stats;
const sentTo = (id: string) => outbox().filter((m) => m.page === `pages/care/message?c=${id}`).map((m) => m.openid);

beforeAll(async () => {
  marketer = (await api.login('市场部小李', 'marketer')).token;
  templateId = (await api.call('GET', '/messages/campaigns', { token: marketer })).body.defaultTemplateId;
});

describe('message campaigns', () => {
  it('validates the campaign and lets only marketers send one', async () => {
    const bad = await api.call('POST', '/messages/campaigns', { token: marketer, body: { name: 'x', templateId, title: '标题', body: '内容', segment: { purpose: 'marketing', levels: ['vip'] } } });
    expect(bad).toMatchObject({ status: 400 });
    expect(bad.body.field).toMatch(/^segment/);
    const long = await api.call('POST', '/messages/campaigns', { token: marketer, body: { name: 'x', templateId, title: '这是一个远远超过二十个字的消息标题，微信不允许这么长', body: '内容', segment: { purpose: 'marketing' } } });
    expect(long.body.field).toBe('title');
    const someone = await api.login('一位来访者');
    expect((await api.call('POST', '/messages/campaigns', { token: someone.token, body: {} })).status).toBe(403);
  });

  it('reaches the segment once each, honours consent withdrawn while queued and the crisis pause, and shows only aggregates', async () => {
    const people = await Promise.all(['甲', '乙', '丙', '丁', '戊', '己'].map((n) => client(`读者${n}`)));
    const noGrant = await client('没有授权的人', { grants: 0 });
    const neverAsked = await client('没同意的人', { consent: false });
    const withdraws = await client('撤回同意的人');
    const inCrisis = await client('正在难过的人');
    await api.call('POST', '/selftests/phq9/results', { token: inCrisis.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });

    const id = await campaign('春季读书会');
    // Queued; then the client withdraws. Effective at once: the queued send never reaches them.
    const w = await api.call('PUT', '/me/consents', { token: withdraws.token, body: { marketing: false } });
    expect(w.body.consents.marketing.granted).toBe(false);

    const at = beijing(10);
    const run = await runMessageCampaign(id, () => at);
    expect(run.state).toBe('done');
    const reached = sentTo(id);
    expect(reached.sort()).toEqual(people.map((p) => `dev:client:${p.name}`).sort());
    expect(reached).not.toContain(`dev:client:${withdraws.name}`);
    expect(reached).not.toContain(`dev:client:${neverAsked.name}`);
    expect(reached).not.toContain(`dev:client:${inCrisis.name}`);
    expect(reached).not.toContain(`dev:client:${noGrant.name}`);

    // A retried run (a Lambda retry, a double trigger) sends nothing more and counts nothing twice.
    await db().send(new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: { pk: `MSGCAMPAIGN#${id}`, sk: 'MSGCAMPAIGN' }, UpdateExpression: 'SET #s = :q', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':q': 'sending' } }));
    await Promise.all([runMessageCampaign(id, () => at), runMessageCampaign(id, () => at)]);
    expect(sentTo(id)).toHaveLength(6);

    expect(await stats(id)).toEqual({
      targeted: 8,
      sent: 6,
      skipped: { crisis_pause: '<5', frequency_cap: 0, no_grant: '<5', consent_withdrawn: 0, send_failed: 0 },
      opened: 0,
      unsubscribed: 0,
    });

    // Opened (the landing page) and one-tap unsubscribe, each counted once per client.
    for (const p of people) await api.call('POST', `/messages/campaigns/${id}/open`, { token: p.token });
    await api.call('POST', `/messages/campaigns/${id}/open`, { token: people[0].token });
    const unsub = await api.call('POST', `/messages/campaigns/${id}/unsubscribe`, { token: people[0].token });
    expect(unsub.body.consents.marketing.granted).toBe(false);
    expect(await stats(id)).toMatchObject({ opened: 6, unsubscribed: '<5' });
    // The marketer never sees who.
    expect(JSON.stringify((await api.call('GET', `/messages/campaigns/${id}`, { token: marketer })).body)).not.toContain(people[1].id);
  });

  it('a consent withdrawn after the client was selected still stops the send (checked in the send itself)', async () => {
    const late = await client('最后一刻撤回的人');
    const id = await campaign('临时通知');
    await api.call('PUT', '/me/consents', { token: late.token, body: { marketing: false } });
    expect(await claimSend((await getMessageCampaign(id))!, late.id, beijing(11))).toBe('consent_withdrawn');
  });

  it('never sends during quiet hours (21:00–09:00 Beijing): the run waits for the morning', async () => {
    const night = await client('夜里的人');
    const id = await campaign('夜间测试', { purpose: 'marketing', sources: ['none'] });
    for (const t of [beijing(21, 0), beijing(23, 30), beijing(8, 59, 1)]) {
      expect((await runMessageCampaign(id, () => t)).state).toBe('quiet_hours');
    }
    expect(sentTo(id)).toEqual([]);
    // Quiet hours can begin in the middle of a run: it stops before the next client.
    let calls = 0;
    const mid = await runMessageCampaign(id, () => (calls++ < 1 ? beijing(20, 59, 1) : beijing(21, 0, 1)));
    expect(mid.state).toBe('paused_midway');
    expect(sentTo(id)).toEqual([]);
    expect((await runMessageCampaign(id, () => beijing(9, 0, 1))).state).toBe('done');
    expect(sentTo(id)).toContain(`dev:client:${night.name}`);
  });

  it('concurrent campaigns never exceed one message per client per 7 days', async () => {
    const crowd = await Promise.all(Array.from({ length: 6 }, (_, i) => client(`并发读者${i}`, { grants: 3, channel: 'douyin' })));
    const ids = await Promise.all(['并发一', '并发二', '并发三'].map((n) => campaign(n, { purpose: 'marketing', sources: ['douyin'] })));
    const at = beijing(15);
    await Promise.all(ids.map((id) => runMessageCampaign(id, () => at)));
    const perClient = new Map<string, number>();
    for (const id of ids) for (const o of sentTo(id)) perClient.set(o, (perClient.get(o) ?? 0) + 1);
    expect(crowd.map((c) => perClient.get(`dev:client:${c.name}`))).toEqual([1, 1, 1, 1, 1, 1]);

    // Eight days later the cap has passed: a new campaign reaches them again (they still hold grants).
    const later = await campaign('一周以后', { purpose: 'marketing', sources: ['douyin'] });
    await runMessageCampaign(later, () => new Date(at.getTime() + 8 * DAY));
    expect(sentTo(later).sort()).toEqual(crowd.map((c) => `dev:client:${c.name}`).sort());
  });

  it('segments by level and source (tier × level × source × consent)', async () => {
    const zhiyou = await client('挚友甲', { level: 'zhiyou', channel: 'xhs' });
    await client('初识甲', { channel: 'xhs' });
    await client('挚友乙', { level: 'zhiyou', channel: 'wechat' });
    // A core-tier client (6 paid sessions, ¥3,000 in 12 months, as the analytics state records it) is not "basic".
    const core = await client('挚友丙', { level: 'zhiyou', channel: 'xhs' });
    await db().send(new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: { pk: `USER#${core.id}`, sk: 'ASTATE' }, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'cell' }, ExpressionAttributeValues: { ':c': '6:30' } }));
    const id = await campaign('挚友专场', { purpose: 'marketing', levels: ['zhiyou'], sources: ['xhs'], tiers: ['basic'] });
    await runMessageCampaign(id, () => beijing(12, 0, 9));
    expect(sentTo(id)).toEqual([`dev:client:${zhiyou.name}`]);
  });
});
