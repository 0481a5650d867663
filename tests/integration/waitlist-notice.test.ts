import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { addGrant, grantKey } from '../../functions/db/grants';
import { getRegistration, registrationKey } from '../../functions/db/gathering';
import { waitNoticeKey } from '../../functions/db/waitlist-notices';
import { getUser } from '../../functions/db/users';
import type { ChangeRecord } from '../../functions/db/changes';
import { forgetCachedGatherings } from '../../functions/gathering/service';
import { waitlistTemplateId } from '../../functions/gathering/waitlist-notice';
import { drainStreams } from '../../functions/local/streams';
import { reconcilePayments } from '../../functions/payment/service';
import { processReferralRecord } from '../../functions/referral/stream';
import { setWechat } from '../../functions/wechat';
import { HttpWechatApi } from '../../functions/wechat/http';
import { LocalWechatApi } from '../../functions/wechat/local';
import { startFakeWechat } from '../setup/fake-wechat';
import { useApiTestBed } from '../setup/testbed';

/**
 * 「候补转正通知」: a waitlisted client who granted the message is told, once, when a seat becomes theirs — whatever
 * freed it. Real DynamoDB Local, the real local API, the table's stream as `npm start` reads it, and the local
 * WeChat stand-in's outbox (or the HTTP adapter against a loopback fake of WeChat for refusals).
 */
const api = useApiTestBed();
const HOUR = 3_600_000;
type Login = Awaited<ReturnType<typeof api.login>>;

let wechat: LocalWechatApi;
beforeEach(() => {
  wechat = new LocalWechatApi('http://127.0.0.1');
  setWechat(wechat);
});
afterEach(() => setWechat(undefined));

async function gathering(body: Record<string, unknown> = {}) {
  const marketer = await api.login('活动运营', 'marketer');
  const start = Date.now() + 3 * 86_400_000;
  const input = { kind: 'talk', title: '睡个好觉：关于失眠的十个误会与一个温和的开始', mode: 'offline', address: '涟漪中心 3 层', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), capacity: 1, price: 0, ...body };
  const created = await api.call('POST', '/gatherings', { token: marketer.token, body: input });
  expect(created.status).toBe(201);
  await api.call('POST', `/gatherings/${created.body.id}/publish`, { token: marketer.token, body: {} });
  forgetCachedGatherings();
  return { id: created.body.id as string, marketer, input };
}

const register = (who: Login, id: string) => api.call('POST', `/gatherings/${id}/registrations`, { token: who.token, body: {} });
const grant = (who: Login, id: string, templateId = waitlistTemplateId()) => api.call('POST', `/gatherings/${id}/waitlist-notices`, { token: who.token, body: { templateId } });
const openidOf = async (who: Login) => (await getUser(who.user.id))!.deviceId;
const messagesTo = async (who: Login) => {
  const openid = await openidOf(who);
  return wechat.outbox.filter((m) => m.openid === openid);
};
const grantsLeft = async (who: Login) => Number((await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: grantKey(who.user.id, waitlistTemplateId()), ConsistentRead: true }))).Item?.count ?? 0);

/** The change the stream carried for this promotion, rebuilt from the item: what a replayed record looks like. */
async function promotionRecord(id: string, who: Login): Promise<ChangeRecord> {
  const item = (await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: registrationKey(id, who.user.id), ConsistentRead: true }))).Item!;
  return { eventName: 'MODIFY', sequenceNumber: 'replay', keys: registrationKey(id, who.user.id), oldImage: { ...item, status: 'waitlisted' }, newImage: item };
}

/** A full gathering (one seat) with a registered client and one waitlisted behind them. */
async function fullWithWaitlister(names: [string, string], body: Record<string, unknown> = {}) {
  const g = await gathering(body);
  const [seated, waiting] = await Promise.all(names.map((n) => api.login(n)));
  expect((await register(seated, g.id)).body.status).toBe(body.price ? 'pending_payment' : 'registered');
  expect((await register(waiting, g.id)).body).toMatchObject({ status: 'waitlisted', position: 1 });
  return { ...g, seated, waiting };
}

describe('the waitlist promotion message', () => {
  it('a free seat freed by a cancellation: the waitlister is registered and told exactly once, with the right data; a replay sends nothing', async () => {
    const { id, seated, waiting, input } = await fullWithWaitlister(['先报名的人', '候补的人']);
    const page = await api.call('GET', `/gatherings/${id}`, { token: waiting.token });
    expect(page.body).toMatchObject({ waitlistTemplateId: waitlistTemplateId(), myRegistration: { status: 'waitlisted', position: 1 } });
    expect(await grant(waiting, id)).toMatchObject({ status: 201, body: { gatheringId: id, templateId: waitlistTemplateId() } });
    await drainStreams();
    expect(wechat.outbox).toHaveLength(0);

    expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: seated.token })).status).toBe(200);
    expect((await getRegistration(id, waiting.user.id))?.status).toBe('registered');
    await drainStreams();
    const sent = await messagesTo(waiting);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      templateId: waitlistTemplateId(),
      page: `pages/gathering/detail?id=${id}`,
      data: {
        thing1: { value: '睡个好觉：关于失眠的十个误会与一个温和…' },
        phrase3: { value: '已转正' },
        amount4: { value: '¥0' },
        thing5: { value: '候补成功：你已获得这场活动的名额' },
      },
    });
    // The start in Beijing time, as the client reads it.
    const beijing = new Date(Date.parse(input.startsAt) + 8 * HOUR);
    expect(sent[0].data.time2.value).toBe(`${beijing.getUTCFullYear()}年${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${String(beijing.getUTCHours()).padStart(2, '0')}:${String(beijing.getUTCMinutes()).padStart(2, '0')}`);
    expect(await grantsLeft(waiting)).toBe(0);

    // The same record again (a retried batch, twice at once) and the stream read again: nothing more.
    const record = await promotionRecord(id, waiting);
    await Promise.all([processReferralRecord(record), processReferralRecord(record)]);
    await drainStreams();
    expect(await messagesTo(waiting)).toHaveLength(1);

    // The promoted client opening the page sees that the seat is theirs now.
    const after = await api.call('GET', `/gatherings/${id}`, { token: waiting.token });
    expect(after.body.myRegistration).toMatchObject({ status: 'registered', promotedAt: expect.any(String) });
  });

  it('without a grant nothing is sent (the in-app state moves as before); a grant is only taken while waitlisted, for this template', async () => {
    const { id, seated, waiting } = await fullWithWaitlister(['坐着的人', '没有授权的候补']);
    expect(await grant(seated, id)).toMatchObject({ status: 404 });
    expect(await grant(waiting, id, 'some-other-template')).toMatchObject({ status: 400, body: { field: 'templateId' } });
    expect(await grantsLeft(seated)).toBe(0);

    await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: seated.token });
    await drainStreams();
    expect((await getRegistration(id, waiting.user.id))?.status).toBe('registered');
    expect(await messagesTo(waiting)).toHaveLength(0);
    expect((await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: waitNoticeKey(waiting.user.id, id, (await getRegistration(id, waiting.user.id))!.promotedAt!) }))).Item).toBeUndefined();
  });

  it('a priced seat whose unpaid hold runs out: the next in line gets a hold and is told the amount and the pay-by time', async () => {
    const { id, waiting } = await fullWithWaitlister(['没付款的人', '候补付费的人'], { price: 68, title: '情绪觉察工作坊' });
    expect((await grant(waiting, id)).status).toBe(201);
    const at = new Date(Date.now() + 16 * 60_000);
    expect((await reconcilePayments(at)).expired).toBeGreaterThanOrEqual(1);
    const reg = (await getRegistration(id, waiting.user.id))!;
    expect(reg).toMatchObject({ status: 'pending_payment', amountDue: 68 });
    // The stream's step gets the change moments after the promotion, as in AWS: on the reconciliation's clock. (The
    // local poll would word it 16 minutes before the promotion, and after 23:44 Beijing "tomorrow" would be a day off.)
    await processReferralRecord(await promotionRecord(id, waiting), at);
    await drainStreams(); // the same change from the table's stream: still one message
    const sent = await messagesTo(waiting);
    expect(sent).toHaveLength(1);
    const payBy = new Date(Date.parse(reg.holdExpiresAt!) + 8 * HOUR);
    const clock = `${String(payBy.getUTCHours()).padStart(2, '0')}:${String(payBy.getUTCMinutes()).padStart(2, '0')}`;
    expect(sent[0].data).toMatchObject({ thing1: { value: '情绪觉察工作坊' }, phrase3: { value: '待支付' }, amount4: { value: '¥68' } });
    // 24 hours to pay (the gathering is days away): tomorrow at this time, Beijing.
    expect(sent[0].data.thing5.value).toBe(`请在明天${clock}前支付，否则名额将顺延`);
    const page = await api.call('GET', `/gatherings/${id}`, { token: waiting.token });
    expect(page.body.myRegistration).toMatchObject({ status: 'pending_payment', amountDue: 68, holdExpiresAt: reg.holdExpiresAt, promotedAt: reg.promotedAt });
  });

  it('a marketer raising the capacity moves the waitlist up: each promoted client who granted is told once', async () => {
    const { id, marketer, input, waiting } = await fullWithWaitlister(['第一位', '候补一']);
    const second = await api.login('候补二');
    expect((await register(second, id)).body).toMatchObject({ status: 'waitlisted', position: 2 });
    for (const w of [waiting, second]) expect((await grant(w, id)).status).toBe(201);
    const raised = await api.call('PUT', `/gatherings/${id}`, { token: marketer.token, body: { ...input, capacity: 3 } });
    expect(raised).toMatchObject({ status: 200, body: { registered: 3 } });
    await drainStreams();
    await drainStreams();
    for (const w of [waiting, second]) expect((await messagesTo(w)).map((m) => m.data.phrase3.value)).toEqual(['已转正']);
  });

  it('a deleted account gets nothing, even with a grant recorded after the deletion', async () => {
    const { id, seated, waiting } = await fullWithWaitlister(['会取消的人', '注销的候补']);
    const openid = await openidOf(waiting);
    expect((await grant(waiting, id)).status).toBe(201);
    expect((await api.call('DELETE', '/me/data', { token: waiting.token })).status).toBe(200);
    // A grant tap racing the deletion: the profile's erasure still stops the message.
    await addGrant(waiting.user.id, waitlistTemplateId(), new Date());
    await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: seated.token });
    await drainStreams();
    // Nothing to anyone (the erased profile has no openid left, so a message would not even carry theirs).
    expect(openid).not.toBe('');
    expect(wechat.outbox).toHaveLength(0);
    expect(await grantsLeft(waiting)).toBe(1);
  });

  it('deleting an account gives up its waitlist places (the seat goes to the next real person) and is refused while it holds a seat ahead', async () => {
    const { id, seated, waiting } = await fullWithWaitlister(['还在座位上的人', '先注销的候补']);
    const next = await api.login('后面的候补');
    expect((await register(next, id)).body).toMatchObject({ status: 'waitlisted', position: 2 });
    const refused = await api.call('DELETE', '/me/data', { token: seated.token });
    expect(refused).toMatchObject({ status: 409, body: { error: 'upcoming_gatherings', gatherings: 1 } });
    expect((await getRegistration(id, seated.user.id))!.status).toBe('registered');
    expect((await api.call('DELETE', '/me/data', { token: waiting.token })).status).toBe(200);
    expect((await getRegistration(id, waiting.user.id))!.status).toBe('cancelled');
    expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: seated.token })).status).toBe(200);
    expect((await getRegistration(id, next.user.id))!.status).toBe('registered');
    expect((await getRegistration(id, waiting.user.id))!.status).toBe('cancelled');
    // Now nothing is ahead for the first client: their deletion goes through.
    expect((await api.call('DELETE', '/me/data', { token: seated.token })).status).toBe(200);
  });

  it('WeChat refusing the message is recorded with the grant used, and never retried', async () => {
    const wx = await startFakeWechat();
    try {
      setWechat(new HttpWechatApi({ appId: wx.appId, appSecret: wx.appSecret, baseUrl: wx.baseUrl }));
      const { id, seated, waiting } = await fullWithWaitlister(['取消的人', '拒收的候补']);
      expect((await grant(waiting, id)).status).toBe(201);
      wx.refusedOpenids.add(await openidOf(waiting));
      await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: seated.token });
      await drainStreams();
      const sends = () => wx.requests.filter((r) => r.path === '/cgi-bin/message/subscribe/send' && r.body.touser === wx.refusedOpenids.values().next().value);
      expect(sends()).toHaveLength(1);
      const reg = (await getRegistration(id, waiting.user.id))!;
      const marker = (await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: waitNoticeKey(waiting.user.id, id, reg.promotedAt!), ConsistentRead: true }))).Item;
      expect(marker).toMatchObject({ status: 'failed', error: expect.stringContaining('43101') });
      expect(await grantsLeft(waiting)).toBe(0);
      await processReferralRecord(await promotionRecord(id, waiting));
      await drainStreams();
      expect(sends()).toHaveLength(1);
    } finally {
      await wx.close();
    }
  });
});
