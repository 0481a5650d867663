import type { UserRecord } from '../db/users';
import { getConsultHours, getConsultMode, getThemeDay, putConsultMode } from '../db/booking';
import type { ConsultMode } from '../../shared/booking/schema';
import { currentAndNextMonth } from '../../shared/booking/rules';
import { DEFAULT_THEME_HOURS, DEFAULT_THEMES, themeDayDates } from '../../shared/booking/themes';
import { applyConsultHours, createThemeDayFrom, publishThemeDay, themeDayWithSlots } from './schedule';

/** Each seeded counselor's paid hours and price (whole yuan); theme days are Saturdays, so these avoid them. */
const PAID_PLANS = [
  { price: 300, weekly: [1, 3, 5].map((weekday) => ({ weekday, starts: ['14:00', '15:00', '19:00'] })) },
  { price: 400, weekly: [...[2, 4].map((weekday) => ({ weekday, starts: ['10:00', '11:00', '19:00'] })), { weekday: 7, starts: ['14:00'] }] },
  { price: 500, weekly: [...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, starts: ['20:00'] })), { weekday: 7, starts: ['10:00', '11:00'] }] },
];

/** Where each seeded counselor's consults happen (in person or online), shown on confirmations and in .ics files. */
const CONSULT_MODES: ConsultMode[] = [
  { mode: 'in_person', address: '上海市徐汇区漕溪北路 88 号 3 楼 涟漪心理' },
  { mode: 'online', link: 'https://meeting.tencent.com/dm/ripple-zhou' },
  { mode: 'in_person', address: '上海市静安区南京西路 1266 号 12 楼' },
];

/**
 * `npm start`: four published theme days in this month and the next (the first four Saturdays, every seeded
 * counselor, 09:00–12:00), and paid hours for six weeks. Safe to run again: existing days and hours are kept.
 */
export async function seedBooking(counselors: UserRecord[], now = new Date()): Promise<void> {
  const counselorIds = counselors.map((c) => c.id);
  // Days are independent of each other, and so are counselors: each group is seeded together, so `npm start` is up
  // sooner. Paid hours come after the theme days, because they leave out times next to a counselor's theme-day slots.
  const themeDays = currentAndNextMonth(now).flatMap((month) =>
    themeDayDates(month).map(async (date, i) => {
      if (await getThemeDay(date)) return;
      const { theme, description } = DEFAULT_THEMES[i % DEFAULT_THEMES.length];
      await createThemeDayFrom({ date, theme, description, counselorIds, hours: { ...DEFAULT_THEME_HOURS } });
      const { slots } = (await themeDayWithSlots(date))!;
      await publishThemeDay(date, true, slots);
    }),
  );
  // Paid hours come after the theme days: their weekly plans avoid the theme days' slots.
  await Promise.all(themeDays);
  await Promise.all(
    counselors.map(async (c, i) => {
      if (!(await getConsultMode(c.id))) await putConsultMode(c.id, CONSULT_MODES[i % CONSULT_MODES.length], now);
      if (await getConsultHours(c.id)) return;
      await applyConsultHours(c.id, PAID_PLANS[i % PAID_PLANS.length], now);
    }),
  );
}
