import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/db/client';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

async function storedItemsFor(userId: string) {
  const out = await db().send(
    new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `USER#${userId}` } }),
  );
  return (out.Items ?? []).filter((i) => String(i.sk).startsWith('SELFTEST#'));
}

describe('self-test API on DynamoDB Local', () => {
  it('health needs no token', async () => {
    const res = await api.call('GET', '/health');
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('lists both instruments and serves their items and answer options', async () => {
    const { token } = await api.login('小雨');
    const list = await api.call('GET', '/selftests', { token });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(['phq9', 'gad7']);
    const phq = await api.call('GET', '/selftests/phq9', { token });
    expect(phq.body.items).toHaveLength(9);
    expect(phq.body.options.map((o: { label: string }) => o.label)).toEqual(['完全不会', '好几天', '一半以上的天数', '几乎每天']);
    expect((await api.call('GET', '/selftests/bdi', { token })).status).toBe(400);
  });

  it('requires a token', async () => {
    expect((await api.call('GET', '/me/selftests')).status).toBe(401);
    expect((await api.call('POST', '/selftests/phq9/results', { body: { answers: Array(9).fill(0) } })).status).toBe(401);
  });

  it('submits, lists newest first, and deletes the caller’s own results', async () => {
    const { token, user } = await api.login('阿青');
    const mild = await api.call('POST', '/selftests/phq9/results', { token, body: { answers: [1, 1, 1, 1, 1, 1, 0, 0, 0] } });
    expect(mild.status).toBe(201);
    expect(mild.body).toMatchObject({ instrument: 'phq9', score: 6, band: 'mild', crisis: false });
    expect(mild.body.recommendations.length).toBeGreaterThan(0);
    const gad = await api.call('POST', '/selftests/gad7/results', { token, body: { answers: [3, 3, 3, 3, 3, 0, 0] } });
    expect(gad.body).toMatchObject({ score: 15, band: 'severe', crisis: true });

    const list = await api.call('GET', '/me/selftests', { token });
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([gad.body.id, mild.body.id]);
    expect(list.body.items[0]).not.toHaveProperty('answers');

    const exported = await api.call('GET', '/me/selftests/export', { token });
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.body.items.find((r: { id: string }) => r.id === mild.body.id).answers).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0]);

    expect((await api.call('DELETE', `/me/selftests/${mild.body.id}`, { token })).status).toBe(204);
    expect((await api.call('DELETE', `/me/selftests/${mild.body.id}`, { token })).status).toBe(404);
    const after = await api.call('GET', '/me/selftests', { token });
    expect(after.body.items.map((r: { id: string }) => r.id)).toEqual([gad.body.id]);
    expect(await storedItemsFor(user.id)).toHaveLength(1);

    expect((await api.call('DELETE', '/me/selftests', { token })).body).toEqual({ deleted: 1 });
    expect(await storedItemsFor(user.id)).toHaveLength(0);
  });

  it('item 9 above 0 marks the result as crisis with crisis lines first', async () => {
    const { token } = await api.login('夜航');
    const res = await api.call('POST', '/selftests/phq9/results', { token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 2] } });
    expect(res.body).toMatchObject({ band: 'minimal', crisis: true });
    expect(res.body.recommendations[0].target).toBe('tel:12356');
  });

  it('another client cannot read or delete my result: 404', async () => {
    const me = await api.login('甲');
    const other = await api.login('乙');
    const mine = await api.call('POST', '/selftests/gad7/results', { token: me.token, body: { answers: [1, 0, 0, 0, 0, 0, 0] } });
    expect((await api.call('GET', `/me/selftests/${mine.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api.call('DELETE', `/me/selftests/${mine.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api.call('GET', '/me/selftests', { token: other.token })).body.items).toEqual([]);
    expect((await api.call('GET', `/me/selftests/${mine.body.id}`, { token: me.token })).status).toBe(200);
  });

  it.each([
    ['wrong length', { answers: [0, 0, 0] }, 'answers'],
    ['out of range', { answers: [0, 0, 0, 0, 0, 0, 0, 0, 4] }, 'answers.8'],
    ['not an integer', { answers: [0, 0, 0, 0, 1.5, 0, 0, 0, 0] }, 'answers.4'],
    ['a string', { answers: ['0', 0, 0, 0, 0, 0, 0, 0, 0] }, 'answers.0'],
    ['missing', {}, 'answers'],
  ])('bad input (%s) is a 400 naming the field, and nothing is written', async (_label, body, field) => {
    const { token, user } = await api.login(`坏输入-${field}`);
    const res = await api.call('POST', '/selftests/phq9/results', { token, body });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.message).toContain(field);
    expect(await storedItemsFor(user.id)).toHaveLength(0);
  });

  it('malformed JSON is a 400, not a 5xx', async () => {
    const { token } = await api.login('乱码');
    const res = await api.call('POST', '/selftests/phq9/results', { token, rawBody: '{"answers": [' });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('body');
  });
});
