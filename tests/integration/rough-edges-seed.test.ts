import { describe, expect, it } from 'vitest';
import { seedBooking } from '../../functions/booking/seed';
import { seedCampaign, SEED_THEME_CAMPAIGN_ID } from '../../functions/campaign/seed';
import { listUsersByRole } from '../../functions/db/users';
import { seedReferral } from '../../functions/referral/seed';
import { currentAndNextMonth } from '../../shared/booking/rules';
import { themeDayDates } from '../../shared/booking/themes';
import { useApiTestBed } from '../setup/testbed';

/** Issue 11, item 17: the seeded theme-day campaign must advertise the days `npm start` makes bookable (own table). */
const api = useApiTestBed();

describe('17 · the seeded campaign', () => {
  it('the seeded theme-day campaign advertises exactly the seeded, bookable theme days', async () => {
    await api.login('周明', 'counselor');
    await seedBooking(await listUsersByRole('counselor'));
    await seedReferral();
    await seedCampaign();
    const page = await api.call('GET', `/campaigns/${SEED_THEME_CAMPAIGN_ID}/preview?variant=A`, { token: (await api.login('运营小周', 'marketer')).token });
    expect(page.status).toBe(200);
    const block = page.body.variant.blocks.find((b: { kind: string }) => b.kind === 'themeDays');
    const month = currentAndNextMonth()[0];
    expect(block.items.map((i: { date: string }) => i.date)).toEqual(themeDayDates(month));
    const days = (await api.call('GET', `/themedays?month=${month}`, { token: (await api.login('看主题日', 'client')).token })).body.themeDays;
    for (const item of block.items) {
      const day = days.find((d: { date: string }) => d.date === item.date);
      expect(day, item.date).toBeDefined();
      expect(day.published).toBe(true);
      expect(day.theme).toBe(item.theme);
    }
  });
});
