import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getRegistration } from '../../functions/db/gathering';
import { forgetCachedGatherings } from '../../functions/gathering/service';
import { loginAs, newPhone, shot, visible, useStack } from './harness';
import { axeFindings } from './axe';

/**
 * A client who waited for a seat opens the gathering page after someone gave theirs up (390 px phone, H5 build):
 * a free seat says 候补成功 / 已从候补转为正式名额 with the check-in code; a priced one says 待支付 with the date and
 * time the seat is held until. Both without serious axe findings.
 */
const HOUR = 3_600_000;

const e2e = useStack();

/** A one-seat gathering, its seat taken by someone else and the named client waiting behind them. */
async function fullGathering(title: string, price: number, waiter: string) {
  const { api } = e2e.stack;
  const m = await api.login('市场部小李', 'marketer');
  const start = Date.now() + 3 * 24 * HOUR;
  const created = await api.call('POST', '/gatherings', {
    token: m.token,
    body: { kind: 'workshop', title, summary: '两小时的练习与分享', mode: 'offline', address: '涟漪中心 3 层活动室', capacity: 1, price, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString() },
  });
  const id = created.body.id as string;
  await api.call('POST', `/gatherings/${id}/publish`, { token: m.token, body: {} });
  forgetCachedGatherings();
  const first = await api.login(`${title}-先报名`);
  const waiting = await api.login(waiter);
  await api.call('POST', `/gatherings/${id}/registrations`, { token: first.token, body: {} });
  expect((await api.call('POST', `/gatherings/${id}/registrations`, { token: waiting.token, body: {} })).body.status).toBe('waitlisted');
  expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: first.token })).status).toBe(200);
  return { id, waiting };
}

describe('a promoted waitlister opening the gathering page', () => {
  it('free: 候补成功 with the code; priced: 待支付 with the pay-by date and time', { timeout: 240_000 }, async () => {
    const free = await fullGathering('正念减压工作坊', 0, '小候补');
    const paid = await fullGathering('情绪觉察工作坊', 60, '小候补');
    const held = (await getRegistration(paid.id, paid.waiting.user.id))!;
    expect(held.status).toBe('pending_payment');

    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '小候补', 'client', `/pages/gathering/detail?id=${free.id}`);
    const seat = visible(page).locator('.gathering__seat');
    await seat.getByText('候补成功', { exact: true }).waitFor();
    const seatText = (await seat.innerText()).replace(/\s+/g, ' ');
    expect(seatText).toContain('你已从候补转为正式名额');
    expect(seatText).toContain('签到码');
    await shot(page, 'waitlist-promoted-1-free');
    expect(await axeFindings(page)).toEqual([]);

    await loginAs(page, '小候补', 'client', `/pages/gathering/detail?id=${paid.id}`);
    const pay = visible(page).locator('.gathering__pay');
    await pay.getByText('候补成功', { exact: true }).waitFor();
    const payText = (await pay.innerText()).replace(/\s+/g, ' ');
    // The hold's end in Beijing time, as the client reads it (the phone itself is set to New York).
    const until = new Date(Date.parse(held.holdExpiresAt!) + 8 * HOUR);
    const deadline = `${until.getUTCFullYear()}年${until.getUTCMonth() + 1}月${until.getUTCDate()}日 ${String(until.getUTCHours()).padStart(2, '0')}:${String(until.getUTCMinutes()).padStart(2, '0')}`;
    expect(payText).toContain(`已为你保留到 ${deadline}`);
    expect(payText).toMatch(/待支付/);
    expect(payText).toMatch(/名额保留 2[34]:\d\d:\d\d/);
    expect(payText).toContain('微信支付 ¥60');
    await shot(page, 'waitlist-promoted-2-pay');
    expect(await axeFindings(page)).toEqual([]);

    // Holding a seat that is still ahead, 小候补 cannot delete their account yet: 我的 says why and where to cancel.
    await loginAs(page, '小候补', 'client', '/pages/me/data');
    await visible(page).getByText('删除我的全部数据', { exact: true }).last().click();
    await page.getByText('删除', { exact: true }).last().click();
    await visible(page).getByText('你还报名了 2 场即将开始的活动。请先取消报名，再删除数据（已付款的会原路退款）。').waitFor();
    await shot(page, 'waitlist-3-delete-refused');
    expect(await axeFindings(page)).toEqual([]);
    await visible(page).getByText('查看活动', { exact: true }).click();
    await visible(page).getByText('正念减压工作坊').first().waitFor();
    await phone.close();
  });
});
