import { describe, expect, it } from 'vitest';
import { seedBooking } from '../../functions/booking/seed';
import { seedUsers } from '../../functions/local/seed';
import { currentAndNextMonth } from '../../shared/booking/rules';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

describe('booking seed for npm start', () => {
  it('publishes four theme days this month and next, and paid hours at each counselor’s price — twice without harm', async () => {
    const { counselors } = await seedUsers();
    await seedBooking(counselors);
    await seedBooking(counselors);
    const { token } = await api.login('新用户');
    for (const month of currentAndNextMonth()) {
      const res = await api.call('GET', `/themedays?month=${month}`, { token });
      expect(res.body.themeDays).toHaveLength(4);
      expect(res.body.themeDays.map((d: { theme: string }) => d.theme)).toEqual(['职场压力', '亲子关系', '睡眠与情绪', '关系与沟通']);
      expect(res.body.themeDays[0].counselors).toHaveLength(3);
      expect(res.body.themeDays[0].slots).toHaveLength(27);
    }
    const next = currentAndNextMonth()[1];
    const bookable = (await api.call('GET', `/themedays?month=${next}`, { token })).body.themeDays[0].slots[0];
    expect((await api.call('POST', '/bookings', { token, body: { slotId: bookable.id } })).status).toBe(201);

    const from = new Date().toISOString();
    const to = new Date(Date.now() + 42 * 86_400_000).toISOString();
    const paid = (await api.call('GET', `/consults/slots?from=${from}&to=${to}`, { token })).body.slots as { counselorId: string; price: number }[];
    expect(new Set(paid.map((s) => s.price))).toEqual(new Set([300, 400, 500]));
    expect(paid.length).toBeGreaterThan(100);
  });
});
