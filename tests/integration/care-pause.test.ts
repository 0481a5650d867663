import { describe, expect, it } from 'vitest';
import { crisisPauseEnd, isOffersPaused } from '../../shared/care/crisis-pause';
import { getUser } from '../../functions/db/users';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

const DAY = 86_400_000;

describe('a crisis result pauses offers and marketing (admin-configured length)', () => {
  it('pauses a client after PHQ-9 item 9 above 0, for 30 days by default, and not after a calm result', async () => {
    const calm = await api.login('平静的人');
    await api.call('POST', '/selftests/phq9/results', { token: calm.token, body: { answers: [1, 0, 0, 0, 0, 0, 0, 0, 0] } });
    expect((await api.call('GET', '/me', { token: calm.token })).body.user.offersPaused).toBe(false);

    const hurt = await api.login('需要帮助的人');
    const before = Date.now();
    const res = await api.call('POST', '/selftests/phq9/results', { token: hurt.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    expect(res.body.crisis).toBe(true);
    expect((await api.call('GET', '/me', { token: hurt.token })).body.user.offersPaused).toBe(true);
    const until = Date.parse((await getUser(hurt.user.id))!.crisisPauseUntil!);
    expect(until - before).toBeGreaterThanOrEqual(30 * DAY - 1000);
    expect(until - before).toBeLessThan(30 * DAY + 60_000);
  });

  it('lets only an admin change the length; a marketer is refused and bad values name the field', async () => {
    const admin = await api.login('管理员', 'admin');
    const marketer = await api.login('市场部小李', 'marketer');
    expect((await api.call('GET', '/admin/settings/care', { token: admin.token })).body).toEqual({ crisisPauseDays: 30 });
    expect((await api.call('PUT', '/admin/settings/care', { token: marketer.token, body: { crisisPauseDays: 1 } })).status).toBe(403);
    const bad = await api.call('PUT', '/admin/settings/care', { token: admin.token, body: { crisisPauseDays: 0 } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'crisisPauseDays' } });
    expect((await api.call('PUT', '/admin/settings/care', { token: admin.token, body: { crisisPauseDays: 45 } })).status).toBe(200);

    const hurt = await api.login('另一位需要帮助的人');
    const before = Date.now();
    await api.call('POST', '/selftests/gad7/results', { token: hurt.token, body: { answers: [3, 3, 3, 3, 3, 3, 3] } });
    const until = Date.parse((await getUser(hurt.user.id))!.crisisPauseUntil!);
    expect(until - before).toBeGreaterThanOrEqual(45 * DAY - 1000);
    await api.call('PUT', '/admin/settings/care', { token: admin.token, body: { crisisPauseDays: 30 } });
  });

  it('a later, shorter pause never shortens one already running', async () => {
    const admin = await api.login('管理员', 'admin');
    const hurt = await api.login('第三位');
    await api.call('PUT', '/admin/settings/care', { token: admin.token, body: { crisisPauseDays: 60 } });
    await api.call('POST', '/selftests/phq9/results', { token: hurt.token, body: { answers: [3, 3, 3, 3, 3, 3, 3, 3, 0] } });
    const first = (await getUser(hurt.user.id))!.crisisPauseUntil!;
    await api.call('PUT', '/admin/settings/care', { token: admin.token, body: { crisisPauseDays: 2 } });
    await api.call('POST', '/selftests/phq9/results', { token: hurt.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 2] } });
    expect((await getUser(hurt.user.id))!.crisisPauseUntil).toBe(first);
    await api.call('PUT', '/admin/settings/care', { token: admin.token, body: { crisisPauseDays: 30 } });
  });
});

describe('pause arithmetic', () => {
  it('ends exactly the configured number of days after the result, and is over after that', () => {
    const end = crisisPauseEnd('2026-12-01T10:00:00.000Z', 30);
    expect(end).toBe('2026-12-31T10:00:00.000Z');
    expect(isOffersPaused(end, new Date('2026-12-31T09:59:59Z'))).toBe(true);
    expect(isOffersPaused(end, new Date('2026-12-31T10:00:00Z'))).toBe(false);
    expect(isOffersPaused(undefined)).toBe(false);
  });
});
