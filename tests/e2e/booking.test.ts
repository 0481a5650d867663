import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPhone, open, shot, useStack, visible } from './harness';

/**
 * A client books a free 15-minute consult on the H5 build (the phone is set to New York time: the page must
 * still show China times), then the counselor signs in on another phone, sees it in today's view and checks
 * the client in. The theme day is today, starting a few minutes from now, so the consult can be checked in.
 */
const e2e = useStack();
const CLIENT = '小满';
const COUNSELOR = '林静';
const THEME = '睡眠与情绪';

const zone = 'Asia/Shanghai';
/**
 * Theme-day hours for two 15-minute consults, starting 2–3 minutes from now (China time). A consult must end by
 * 23:59, so late in the evening (after about 23:42) the day is tomorrow from 00:00, and the test waits for
 * check-in to open (15 minutes before the start) before the counselor marks attendance.
 */
function consultHours() {
  const now = DateTime.now().setZone(zone);
  const soon = now.plus({ minutes: 2 }).endOf('minute').plus({ milliseconds: 1 });
  const start = soon <= now.set({ hour: 23, minute: 44, second: 0, millisecond: 0 }) ? soon : now.plus({ days: 1 }).startOf('day');
  const end = start.plus({ minutes: 40 });
  return {
    date: start.toISODate()!,
    from: start.toFormat('HH:mm'),
    to: end.hasSame(start, 'day') ? end.toFormat('HH:mm') : '23:59',
    startsAt: start,
  };
}

async function untilCheckInOpens(startsAt: DateTime) {
  const wait = startsAt.minus({ minutes: 15 }).toMillis() - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 1000));
}

beforeAll(() => {
  // The local API runs in this process: a short notice lets today's consult be booked minutes ahead.
  process.env.BOOKING_MIN_NOTICE_MINUTES = '0';
});
afterAll(() => {
  delete process.env.BOOKING_MIN_NOTICE_MINUTES;
});

describe('booking a free consult in a phone browser (H5 build)', () => {
  it('client books a slot and sees the confirmation; the counselor sees it today and checks the client in', { timeout: 360_000 }, async () => {
    const { api } = e2e.stack;
    const counselor = await api.login(COUNSELOR, 'counselor');
    const marketer = await api.login('运营小李', 'marketer');
    const h = consultHours();
    const created = await api.call('POST', '/themedays', {
      token: marketer.token,
      body: { date: h.date, theme: THEME, description: '入睡困难、早醒、情绪起伏：聊聊睡眠与心情。', counselorIds: [counselor.user.id], hours: { from: h.from, to: h.to } },
    });
    expect(created.status).toBe(201);
    expect((await api.call('POST', `/themedays/${h.date}/publish`, { token: marketer.token, body: { published: true } })).status).toBe(200);

    // ---- the client ----
    const clientPhone = await newPhone(e2e.browser);
    const page = await clientPhone.newPage();
    await loginAs(page, CLIENT, 'client', '/pages/booking/index');
    await visible(page).getByText(THEME).first().waitFor();
    await shot(page, 'booking-1-themedays');
    await visible(page).getByText(THEME).first().click();

    // Times are China times although the phone is in New York.
    const slotLabel = `${h.from}–${h.startsAt.plus({ minutes: 15 }).toFormat('HH:mm')}`;
    await visible(page).getByText(slotLabel).waitFor();
    await shot(page, 'booking-2-day');
    await visible(page).getByText(slotLabel).click();

    const panel = visible(page).locator('.book-panel');
    await panel.waitFor();
    // Sharing a self-test result is off unless the client switches it on.
    expect(await panel.locator('.rp-switch--on').count()).toBe(0);
    expect(await panel.innerText()).toContain(COUNSELOR);
    await shot(page, 'booking-3-confirm-step');
    await panel.getByText('确认预约', { exact: true }).last().click();

    await page.waitForURL(/pages\/booking\/confirm\?id=/);
    await visible(page).getByText('预约成功').waitFor();
    const confirmation = await visible(page).innerText();
    expect(confirmation).toContain(slotLabel);
    expect(confirmation).toContain(COUNSELOR);
    expect(confirmation).toContain('添加到日历');
    expect(confirmation).toContain('已预约');
    await shot(page, 'booking-4-confirmed');

    await open(page, '/pages/booking/mine');
    await visible(page).getByText(slotLabel, { exact: false }).waitFor();
    await shot(page, 'booking-5-mine');
    await clientPhone.close();

    // ---- the counselor, on another phone ----
    const counselorPhone = await newPhone(e2e.browser);
    const desk = await counselorPhone.newPage();
    await loginAs(desk, COUNSELOR, 'counselor', '/pages/counselor/index');
    await untilCheckInOpens(h.startsAt);
    // The consult's day by its date, not its position: "today" may have turned over since the test began.
    await visible(desk).locator('.cdays__day').filter({ hasText: h.startsAt.toFormat('M月d日') }).click();
    const card = visible(desk).locator('.cbooking').filter({ hasText: CLIENT });
    await card.waitFor();
    expect(await card.innerText()).toContain(THEME);
    expect(await card.innerText()).toContain(slotLabel);
    await shot(desk, 'booking-6-counselor-today');
    await card.getByText('已到访', { exact: true }).click();
    await card.locator('.cbooking__status--attended').waitFor();
    await shot(desk, 'booking-7-counselor-attended');

    const mine = await api.call('GET', '/me/bookings', { token: (await api.login(CLIENT)).token });
    expect(mine.body.items[0]).toMatchObject({ status: 'attended', counselorId: counselor.user.id });
    await counselorPhone.close();
  });

  it('paid consults show each counselor’s price; counselors set theme-day slots; staff edit theme days', { timeout: 120_000 }, async () => {
    const { api } = e2e.stack;
    // The usual 2-hour notice here: with none, the first slot listed could be today's 19:00 or 20:00 only seconds
    // ahead, and gone by the time the client taps it.
    delete process.env.BOOKING_MIN_NOTICE_MINUTES;
    const zhou = await api.login('周明', 'counselor');
    const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: ['19:00', '20:00'] }));
    expect((await api.call('PUT', '/counselor/consult-hours', { token: zhou.token, body: { price: 400, weekly: everyDay } })).status).toBe(200);

    const clientPhone = await newPhone(e2e.browser);
    const page = await clientPhone.newPage();
    await loginAs(page, '付费来访者', 'client', '/pages/booking/paid');
    const first = visible(page).locator('.paid__slot').first();
    await first.waitFor();
    expect(await first.innerText()).toContain('¥400');
    expect(await first.innerText()).toMatch(/(19|20):00–(19|20):50/);
    await shot(page, 'booking-8-paid');
    await first.click();
    const panel = visible(page).locator('.book-panel');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('¥400');
    await shot(page, 'booking-9-paid-confirm');
    await panel.getByText('确认预约', { exact: true }).last().click();
    // Held for payment (paying is tests/e2e/payment.test.ts).
    await visible(page).locator('.pay-panel').waitFor();
    expect(await visible(page).innerText()).toContain('微信支付 ¥400');
    await clientPhone.close();

    const counselorPhone = await newPhone(e2e.browser);
    const desk = await counselorPhone.newPage();
    await loginAs(desk, COUNSELOR, 'counselor', '/pages/counselor/availability');
    await visible(desk).locator('.avail__slot').first().waitFor();
    await shot(desk, 'booking-10-availability');

    // Paid consult hours: from the counselor's desk, a price and one weekday hour (Wednesday 10:00, China time).
    await open(desk, '/pages/counselor/index');
    await visible(desk).getByText('付费咨询时间', { exact: true }).click();
    await desk.waitForURL(/pages\/counselor\/hours/);
    const hoursPage = visible(desk);
    await hoursPage.locator('.chours__hour').first().waitFor();
    await hoursPage.locator('.chours__price-input input').fill('350');
    await hoursPage.getByText('周三', { exact: true }).click();
    await hoursPage.locator('.chours__hour').filter({ hasText: '10:00' }).click();
    expect(await hoursPage.locator('.chours__hour--on').count()).toBe(1);
    await hoursPage.getByText('保存', { exact: true }).click();
    await hoursPage.locator('.chours__saved').waitFor();
    await shot(desk, 'booking-13-consult-hours');
    await counselorPhone.close();

    const lin = await api.login(COUNSELOR, 'counselor');
    const from = DateTime.now().toUTC();
    const query = `from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(from.plus({ days: 43 }).toISO()!)}&counselorId=${encodeURIComponent(lin.user.id)}`;
    const paid = await api.call('GET', `/consults/slots?${query}`, { token: lin.token });
    expect(paid.status).toBe(200);
    expect(paid.body.slots.length).toBeGreaterThanOrEqual(5);
    for (const slot of paid.body.slots) {
      expect(slot.price).toBe(350);
      const start = DateTime.fromISO(slot.start).setZone(zone);
      expect([start.weekday, start.toFormat('HH:mm')]).toEqual([3, '10:00']);
    }

    const staffPhone = await newPhone(e2e.browser);
    const staff = await staffPhone.newPage();
    await loginAs(staff, '运营小李', 'marketer', '/pages/campaign/themedays');
    await visible(staff).getByText(THEME).first().waitFor();
    await shot(staff, 'booking-11-themeday-editor');
    await visible(staff).getByText('新建主题日', { exact: true }).click();
    await visible(staff).locator('.tdform').waitFor();
    await shot(staff, 'booking-12-themeday-form');
    await staffPhone.close();
  });
});
