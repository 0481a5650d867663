import { beforeAll, describe, expect, it } from 'vitest';
import { useApiTestBed } from '../setup/testbed';
import { attendedConsult } from './care-fixtures';

const api = useApiTestBed();
type Login = Awaited<ReturnType<typeof api.login>>;
let admin: Login, counselor: Login, otherCounselor: Login, marketer: Login, client: Login;
let shared: string;

beforeAll(async () => {
  [admin, counselor, otherCounselor, marketer, client] = await Promise.all([
    api.login('管理员', 'admin'),
    api.login('林静', 'counselor'),
    api.login('陈晓雨', 'counselor'),
    api.login('市场部小李', 'marketer'),
    api.login('时间线上的人'),
  ]);
  const kept = await api.call('POST', '/selftests/gad7/results', { token: client.token, body: { answers: [1, 1, 1, 0, 0, 0, 0] } });
  await api.call('POST', '/selftests/phq9/results', { token: client.token, body: { answers: [2, 2, 1, 1, 0, 0, 0, 0, 0] } });
  shared = await attendedConsult(api, client.token, counselor, 'attended', kept.body.id);
  await attendedConsult(api, client.token, counselor);
  await api.call('POST', `/bookings/${shared}/csat`, { token: client.token, body: { score: 5, comment: '谢谢' } });
  await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'booking', text: '改约不太方便' } });
  await api.call('PUT', '/me/consents', { token: client.token, body: { gatherings: true } });
});

describe('a client timeline for staff with a care relationship', () => {
  it('shows the client’s own counselor bookings, attendance, CSAT, complaints and consent — never self-test answers', async () => {
    const res = await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: counselor.token });
    expect(res.status).toBe(200);
    const kinds = res.body.entries.map((e: any) => e.kind);
    expect(kinds.filter((k: string) => k === 'booking')).toHaveLength(2);
    expect(kinds).toContain('complaint');
    expect(kinds).toContain('consent');
    const withShare = res.body.entries.find((e: any) => e.bookingId === shared);
    expect(withShare).toMatchObject({ status: 'attended', csat: 5, csatComment: '谢谢', sharedResult: { instrument: 'gad7', score: 3 } });
    // Only the shared GAD-7 result, as band and score: no answers, and not the PHQ-9 result that was not shared.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('answers');
    expect(text).not.toContain('phq9');
  });

  it('another counselor gets 404, a marketer and the client 403; nothing is logged for them', async () => {
    expect((await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: otherCounselor.token })).status).toBe(404);
    expect((await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: marketer.token })).status).toBe(403);
    expect((await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: client.token })).status).toBe(403);
    expect((await api.call('GET', `/staff/clients/NOSUCHCLIENT/timeline`, { token: admin.token })).status).toBe(404);
    expect((await api.call('GET', `/staff/clients/${counselor.user.id}/timeline`, { token: admin.token })).status).toBe(404);
  });

  it('writes every view to an append-only audit log that admins read and marketers cannot', async () => {
    const before = (await api.call('GET', `/admin/audit?clientId=${client.user.id}`, { token: admin.token })).body.items;
    expect(before.map((e: any) => e.viewerId)).toEqual([counselor.user.id]);
    await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: admin.token });
    await api.call('GET', `/staff/clients/${client.user.id}/timeline`, { token: counselor.token });
    const after = (await api.call('GET', `/admin/audit?clientId=${client.user.id}`, { token: admin.token })).body.items;
    expect(after.map((e: any) => [e.viewerName, e.viewerRole, e.action])).toEqual([
      ['林静', 'counselor', 'timeline_view'],
      ['管理员', 'admin', 'timeline_view'],
      ['林静', 'counselor', 'timeline_view'],
    ]);
    // Earlier entries are unchanged: the log only grows.
    expect(after[2]).toEqual(before[0]);
    expect((await api.call('GET', '/admin/audit', { token: admin.token })).body.items).toHaveLength(3);
    expect((await api.call('GET', `/admin/audit?clientId=${client.user.id}`, { token: marketer.token })).status).toBe(403);
    expect((await api.call('GET', `/admin/audit?clientId=${client.user.id}`, { token: counselor.token })).status).toBe(403);
    expect((await api.call('GET', '/admin/audit?clientId=bad id', { token: admin.token })).body.field).toBe('clientId');
  });
});

describe('consent per purpose', () => {
  it('is on/off per purpose with its date, idempotent, and PATCH /me marketingOptIn is the marketing purpose', async () => {
    const me = await api.login('管理自己授权的人');
    const initial = (await api.call('GET', '/me/consents', { token: me.token })).body.consents;
    expect(initial).toEqual({ marketing: { granted: false }, gatherings: { granted: false }, checkins: { granted: false }, statistics: { granted: true } });
    expect((await api.call('PUT', '/me/consents', { token: me.token, body: {} })).status).toBe(400);
    expect((await api.call('PUT', '/me/consents', { token: me.token, body: { marketing: 'yes' } })).body.field).toBe('marketing');

    const first = await api.call('PUT', '/me/consents', { token: me.token, body: { marketing: true, checkins: true } });
    expect(first.body.changed).toEqual(['marketing', 'checkins']);
    const at = first.body.consents.marketing.at;
    expect(Date.parse(at)).toBeGreaterThan(Date.now() - 60_000);
    const again = await api.call('PUT', '/me/consents', { token: me.token, body: { marketing: true } });
    expect(again.body).toMatchObject({ changed: [], consents: { marketing: { granted: true, at } } });
    expect((await api.call('GET', '/me', { token: me.token })).body.user.marketingOptIn).toBe(true);

    // The old switch is the same consent.
    await api.call('PATCH', '/me', { token: me.token, body: { marketingOptIn: false } });
    const after = (await api.call('GET', '/me/consents', { token: me.token })).body.consents;
    expect(after.marketing.granted).toBe(false);
    expect(after.checkins.granted).toBe(true);
    const racing = await Promise.all([1, 2, 3].map(() => api.call('PUT', '/me/consents', { token: me.token, body: { statistics: false } })));
    expect(racing.flatMap((r) => r.body.changed)).toEqual(['statistics']);
  });
});
