import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../functions/routes';
import { routeKey, type AnyRoute } from '../../functions/http/route';
import type { Role } from '../../shared/auth/roles';
import { useApiTestBed } from '../setup/testbed';

/**
 * "Bad input gets a 4xx naming the field, never a 5xx": every mounted route, called by a role it allows,
 * with bodies and path parameters that no schema accepts. Any 5xx here is a defect in that route.
 */
const api = useApiTestBed();
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  for (const role of ['client', 'counselor', 'marketer', 'admin'] as const) tokens[role] = (await api.login(`校验-${role}`, role)).token;
});

const routes = allRoutes().filter((r) => r.enabled?.() ?? true);

function tokenFor(r: AnyRoute): string | undefined {
  return r.auth === 'public' ? undefined : tokens[r.auth[0] as Role];
}

function pathWith(r: AnyRoute, value: string): string {
  return r.path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

const BAD_BODIES: [string, string][] = [
  ['an array', '[]'],
  ['a string', '"hello"'],
  ['an object of wrong types', JSON.stringify({ name: 42, answers: 'x', slotId: [], status: {}, score: 'ten', eventId: 1, type: null })],
  ['malformed JSON', '{"a": '],
];

describe('no route answers bad input with a 5xx', () => {
  const withBody = routes.filter((r) => r.body);
  it.each(withBody.flatMap((r) => BAD_BODIES.map(([label, raw]) => [routeKey(r), label, raw, r] as const)))(
    '%s with %s → 4xx naming a field',
    async (_key, _label, raw, r) => {
      const res = await api.call(r.method, pathWith(r, 'x'), { token: tokenFor(r), rawBody: raw });
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      if (res.status === 400) expect(typeof res.body.field).toBe('string');
    },
  );

  const withParams = routes.filter((r) => r.path.includes('{'));
  it.each(withParams.map((r) => [routeKey(r), r] as const))('%s with nonsense path parameters → 4xx', async (_key, r) => {
    const malformedEscape = r.path.replace(/\{[^}]+\}/g, '%E0%A4%A');
    for (const path of [...['%00', 'x'.repeat(300), '../../etc', '💥'].map((v) => pathWith(r, v)), malformedEscape]) {
      const value = path;
      const res = await api.call(r.method, path, { token: tokenFor(r), body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect(res.status, `${value}: ${res.text}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${value}: ${res.text}`).toBeLessThan(500);
    }
  });

  const withQuery = routes.filter((r) => r.query && r.method === 'GET');
  it.each(withQuery.map((r) => [routeKey(r), r] as const))('%s with nonsense query values → 4xx', async (_key, r) => {
    const qs = '?month=13-2026&date=yesterday&from=soon&to=later&campaignId=&ch=%00&visitor=' + 'v'.repeat(500) + '&format=xls';
    const res = await api.call(r.method, pathWith(r, 'x') + qs, { token: tokenFor(r) });
    expect(res.status, res.text).toBeLessThan(500);
  });
});
