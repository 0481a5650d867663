import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedBooking } from '../../functions/booking/seed';
import { seedCampaign } from '../../functions/campaign/seed';
import { listUsersByRole } from '../../functions/db/users';
import { seedReferral } from '../../functions/referral/seed';
import { themeDayDates } from '../../shared/booking/themes';
import { loginAs, newPhone, open, shot, useStack, visible } from './harness';

/**
 * Issue 11, items 11–17: the rough edges a new user hit, as people see them on the H5 build (phone in New York
 * time; every date on screen is China's). Server behaviour: tests/integration/rough-edges.test.ts.
 */
const e2e = useStack();
const zone = 'Asia/Shanghai';
const text = async (page: Page) => (await visible(page).innerText()).replace(/\s+/g, ' ');

/**
 * Two consecutive future dates in one month, the first `ahead` days on (from next month's start late in a month):
 * both within "this and next". When the first would be the month's last day (25 Feb + 3), the pair moves to the 1st.
 */
function twoDaysInOneMonth(ahead = 1): [string, string] {
  const today = DateTime.now().setZone(zone);
  let a = today.day <= 26 ? today.plus({ days: ahead }) : today.plus({ months: 1 }).startOf('month').plus({ days: ahead });
  if (!a.plus({ days: 1 }).hasSame(a, 'month')) a = a.plus({ days: 1 });
  return [a.toISODate()!, a.plus({ days: 1 }).toISODate()!];
}

/** Taro H5's showModal: its confirm button. */
const confirmModal = (page: Page) => page.locator('.taro__modal .taro-model__confirm').last().click();

async function themeDay(date: string, theme: string, counselorId: string, publish = true) {
  const marketer = await e2e.stack.api.login('运营小李', 'marketer');
  const created = await e2e.stack.api.call('POST', '/themedays', {
    token: marketer.token,
    body: { date, theme, counselorIds: [counselorId], hours: { from: '09:00', to: '10:00' } },
  });
  expect(created.status).toBe(201);
  if (publish) expect((await e2e.stack.api.call('POST', `/themedays/${date}/publish`, { token: marketer.token, body: { published: true } })).status).toBe(200);
}

async function bookFirst(token: string, date: string) {
  const day = await e2e.stack.api.call('GET', `/themedays/${date}`, { token });
  const res = await e2e.stack.api.call('POST', '/bookings', { token, body: { slotId: day.body.slots.find((s: { available: boolean }) => s.available).id } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('rough edges a new user hit (H5 build)', () => {
  it('11 + 14 · staff: a draft shows 已约 0, unpublishing a day with bookings says how many, a past date says why beside the field', { timeout: 180_000 }, async () => {
    const counselor = await e2e.stack.api.login('林静', 'counselor');
    const [draftDate, bookedDate] = twoDaysInOneMonth();
    await themeDay(draftDate, '职场压力', counselor.user.id, false);
    await themeDay(bookedDate, '睡眠与情绪', counselor.user.id);
    const client = await e2e.stack.api.login('小安', 'client');
    await bookFirst(client.token, bookedDate);

    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '运营小李', 'marketer', '/pages/campaign/themedays');
    if (draftDate.slice(0, 7) !== DateTime.now().setZone(zone).toFormat('yyyy-MM')) {
      await visible(page).locator('.tdlist__months').getByText(`${Number(draftDate.slice(5, 7))}月`, { exact: true }).click();
    }
    const draft = visible(page).locator('.rp-card').filter({ hasText: '职场压力' });
    await draft.waitFor();
    expect(await draft.innerText()).toContain('已约 0');
    const booked = visible(page).locator('.rp-card').filter({ hasText: '睡眠与情绪' });
    expect(await booked.innerText()).toContain('已约 1');

    await booked.getByText('取消发布', { exact: true }).click();
    await booked.getByText('这一天已有 1 个预约，不能取消发布').waitFor();
    expect(await booked.innerText()).toContain('已发布');
    await shot(page, 'rough-11-unpublish-refused');

    await visible(page).getByText('新建主题日', { exact: true }).click();
    const form = visible(page).locator('.tdform');
    await form.waitFor();
    const yesterday = DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!;
    await form.locator('input').first().fill(yesterday);
    await form.getByText('保存', { exact: true }).click();
    const reason = form.locator('.tdform__error');
    await reason.waitFor();
    expect(await reason.innerText()).toContain('主题日不能早于今天');
    // Next to the date field: between it and the theme's label.
    const [dateBox, reasonBox, themeLabel] = await Promise.all([
      form.locator('input').first().boundingBox(),
      reason.boundingBox(),
      form.getByText('主题', { exact: true }).boundingBox(),
    ]);
    expect(reasonBox!.y).toBeGreaterThan(dateBox!.y);
    expect(reasonBox!.y).toBeLessThan(themeLabel!.y);
    await shot(page, 'rough-14-past-date');
    await phone.close();
  });

  it('12 + 13 · client: the monthly free consult is said before a slot is picked; a cancelled booking keeps its counselor and offers 重新预约', { timeout: 180_000 }, async () => {
    const counselor = await e2e.stack.api.login('周明', 'counselor');
    // Two days after test 11's (one theme day per date), still both in one month.
    const [first, second] = twoDaysInOneMonth(3);
    await themeDay(first, '亲子关系', counselor.user.id);
    await themeDay(second, '关系与沟通', counselor.user.id);
    const client = await e2e.stack.api.login('小满', 'client');
    const bookingId = await bookFirst(client.token, first);

    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '小满', 'client', '/pages/booking/index');
    const notice = visible(page).locator('.monthly-limit').first();
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/[本下]月的免费咨询已预约/);
    await shot(page, 'rough-12-monthly-notice-list');

    // The other day of that month: the notice instead of slots to pick.
    await visible(page).locator('.themeday').filter({ hasText: '关系与沟通' }).click();
    await page.waitForURL(/pages\/booking\/day/);
    await visible(page).locator('.monthly-limit').waitFor();
    expect(await visible(page).locator('.day__slot').count()).toBe(0);
    await shot(page, 'rough-12-monthly-notice-day');
    await visible(page).getByText('查看这次预约', { exact: true }).click();
    await page.waitForURL(new RegExp(`pages/booking/confirm\\?id=${bookingId}`));

    await visible(page).getByText('取消预约', { exact: true }).click();
    await confirmModal(page);
    await visible(page).locator('.status--cancelled').waitFor();
    const after = await text(page);
    expect(after).toContain('咨询师 周明');
    expect(after).not.toContain('以上可以取消');
    await page.waitForTimeout(1800); // the 已取消预约 toast fades
    await shot(page, 'rough-13-cancelled');
    await visible(page).getByText('重新预约', { exact: true }).click();
    await page.waitForURL(new RegExp(`pages/booking/day\\?id=${first}`));
    await visible(page).locator('.day__slot').first().waitFor();
    expect(await visible(page).locator('.monthly-limit').count()).toBe(0);
    await phone.close();
  });

  it('15 · 我的 is the hub; a counselor’s home opens the workbench; delete everything of mine', { timeout: 180_000 }, async () => {
    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '小舟', 'client');
    const me = await e2e.stack.api.login('小舟', 'client');
    expect((await e2e.stack.api.call('POST', '/selftests/phq9/results', { token: me.token, body: { answers: [1, 1, 0, 0, 0, 0, 0, 0, 0] } })).status).toBe(201);

    await visible(page).locator('.home__entry--history').click();
    await page.waitForURL(/pages\/me\/index/);
    await visible(page).locator('.me__entry').first().waitFor();
    const hub = await text(page);
    for (const entry of ['我的预约', '我的咨询券', '自测记录', '隐私与授权', '导出或删除我的数据']) expect(hub).toContain(entry);
    await shot(page, 'rough-15-hub');

    await visible(page).getByText('导出或删除我的数据', { exact: true }).click();
    await page.waitForURL(/pages\/me\/data/);
    await visible(page).getByText('删除我的全部数据', { exact: true }).last().waitFor();
    const data = await text(page);
    expect(data).toContain('会被删除');
    expect(data).toContain('会被保留');
    await shot(page, 'rough-15-my-data');
    // Export: a JSON download with the answers themselves.
    const [download] = await Promise.all([page.waitForEvent('download'), visible(page).getByText('导出我的数据', { exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('ripple-my-data.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.selftests[0].answers).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0]);
    await visible(page).getByText('删除我的全部数据', { exact: true }).last().click();
    await confirmModal(page);
    await page.waitForURL(/pages\/index\/index/);
    await visible(page).getByText('你好，欢迎来到涟漪').waitFor();
    // The old account's self-tests are gone; the same name now signs in to a new, empty account.
    expect((await e2e.stack.api.call('GET', '/me/selftests', { token: me.token })).body.items).toEqual([]);
    expect((await e2e.stack.api.login('小舟', 'client')).user.id).not.toBe(me.user.id);
    await phone.close();

    const desk = await newPhone(e2e.browser);
    const c = await desk.newPage();
    await loginAs(c, '林静', 'counselor');
    await visible(c).getByText('咨询师工作台', { exact: true }).click();
    await c.waitForURL(/pages\/counselor\/index/);
    await shot(c, 'rough-15-counselor-workbench');
    await desk.close();
  });

  it('16 + 17 · a friend hears of their voucher on the result; the inviter sees a badge in 我的; an accepted invite stays accepted; no 重试 for a refusal', { timeout: 240_000 }, async () => {
    await seedReferral();
    const inviter = await e2e.stack.api.login('阿远', 'client');
    const { code } = (await e2e.stack.api.call('GET', '/me/invite', { token: inviter.token })).body;
    for (const name of ['小北', '小晨']) {
      const f = await e2e.stack.api.login(name, 'client');
      await e2e.stack.api.call('POST', `/invites/${code}/accept`, { token: f.token, body: {} });
      await e2e.stack.api.call('POST', '/selftests/phq9/results', { token: f.token, body: { answers: [1, 1, 0, 0, 0, 0, 0, 0, 0] } });
    }

    // The third friend, in the browser: accepts, takes the self-test, and the result says a voucher arrived.
    const phone = await newPhone(e2e.browser);
    const p = await phone.newPage();
    await loginAs(p, '小东', 'client', `/pages/referral/landing?code=${code}`);
    await visible(p).getByText('接受邀请', { exact: true }).click();
    await visible(p).getByText('你已接受 阿远 的邀请').waitFor();
    await visible(p).getByText('去做情绪自测', { exact: true }).click();
    await p.waitForURL(/pages\/selftest\/index/);
    await visible(p).getByText('情绪自测（抑郁）').click();
    const labels = ['完全不会', '好几天'];
    for (const [i, a] of [1, 1, 0, 0, 0, 0, 0, 0, 0].entries()) {
      await visible(p).getByText(`${i + 1} / 9`, { exact: true }).waitFor();
      await visible(p).locator('.quiz__option').getByText(labels[a], { exact: true }).click();
    }
    // Scored on the phone; saving it is what sends it and earns the friend's voucher.
    await p.waitForURL(/pages\/selftest\/result\?draft=1/);
    await visible(p).getByText('保存到我的记录', { exact: true }).click();
    await p.waitForURL(/pages\/selftest\/result\?id=/);
    const reward = visible(p).locator('.result__reward');
    await reward.waitFor();
    expect(await reward.innerText()).toContain('咨询券已放入「我的咨询券」');
    await shot(p, 'rough-16-result-voucher');

    // Back on the invite link: already accepted, so no 接受邀请 again.
    await open(p, `/pages/referral/landing?code=${code}`);
    await visible(p).getByText('你已接受 阿远 的邀请').waitFor();
    expect(await visible(p).getByText('接受邀请', { exact: true }).count()).toBe(0);
    await shot(p, 'rough-17-already-accepted');
    await phone.close();

    // The inviter: a badge on 我的 (home and hub) until the wallet is opened.
    const phoneA = await newPhone(e2e.browser);
    const a = await phoneA.newPage();
    await loginAs(a, '阿远', 'client');
    await visible(a).locator('.home__entry--history').getByText('1 张新券').waitFor();
    await visible(a).locator('.home__entry--history').click();
    await visible(a).locator('.me__entry--vouchers').getByText('1 张新券').waitFor();
    await shot(a, 'rough-16-badge');
    await visible(a).locator('.me__entry--vouchers').click();
    await visible(a).getByText('有 1 张新的咨询券到账').waitFor();
    await open(a, '/pages/me/index');
    await visible(a).locator('.me__entry--vouchers').waitFor();
    await a.waitForTimeout(500);
    expect(await visible(a).locator('.me__entry--vouchers').innerText()).not.toContain('新券');
    await phoneA.close();

    // A counselor opening the invite page is refused: the message, and no useless 重试.
    const desk = await newPhone(e2e.browser);
    const c = await desk.newPage();
    await loginAs(c, '林静', 'counselor', '/pages/referral/index');
    await visible(c).locator('.rp-error').waitFor();
    expect(await text(c)).toContain('没有权限');
    expect(await visible(c).getByText('重试', { exact: true }).count()).toBe(0);
    await shot(c, 'rough-17-forbidden');
    await desk.close();
  });

  it('17 · the seeded campaign page lists the days that can be booked', { timeout: 120_000 }, async () => {
    await e2e.stack.api.login('陈晓雨', 'counselor');
    await seedBooking(await listUsersByRole('counselor'));
    await seedCampaign();
    const phone = await newPhone(e2e.browser);
    const p = await phone.newPage();
    await open(p, '/pages/campaign-landing/index?id=theme-days-sample&ch=wechat');
    await visible(p).getByText('本月主题日').first().waitFor();
    await shot(p, 'rough-17-campaign-days');
    const shown = await text(p);
    // The seeded bookable days are the month's first four Saturdays (shared/booking/themes.ts), as booking seeds them.
    const month = DateTime.now().setZone(zone).toFormat('yyyy-MM');
    for (const date of themeDayDates(month)) expect(shown).toContain(`${date.slice(5).replace('-', '月')}日`);
    const sixth = `${month.slice(5)}月06日`;
    if (!themeDayDates(month).some((d) => d.endsWith('-06'))) expect(shown).not.toContain(sixth);
    await phone.close();
  });
});
