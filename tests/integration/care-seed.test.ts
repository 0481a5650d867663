import { describe, expect, it } from 'vitest';
import { seedCare } from '../../functions/care/seed';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

describe('care seed data for npm start', () => {
  it('gives the admin queue one overdue complaint and one in progress, and is safe to run twice', async () => {
    await seedCare();
    await seedCare();
    const admin = await api.login('管理员', 'admin');
    const queue = (await api.call('GET', '/admin/complaints', { token: admin.token })).body;
    expect(queue.items.map((c: any) => [c.status, c.sla.overdue])).toEqual([
      ['open', true],
      ['in_progress', false],
    ]);
  });
});
