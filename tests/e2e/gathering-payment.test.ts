import { describe, expect, it } from 'vitest';
import { getOrder } from '../../functions/db/orders';
import { loginAs, newPhone, open, shot, useStack, visible } from './harness';

/**
 * A priced workshop in a phone browser (H5 build): 价格 / 实付 and the seat's hold → 微信支付 on the local
 * stand-in's 模拟微信支付 page (its signed notice confirms the seat) → the check-in code → 我的订单 → cancel → refunded.
 */
const e2e = useStack();
const HOUR = 3_600_000;

describe('a priced gathering paid with WeChat Pay (local stand-in)', () => {
  it('register → 价格 / 实付 → pay on the stand-in page → registered with a code → receipt → cancel → refunded', { timeout: 240_000 }, async () => {
    const { api, pay } = e2e.stack;
    const m = await api.login('市场部小李', 'marketer');
    const start = Date.now() + 26 * HOUR;
    const created = await api.call('POST', '/gatherings', {
      token: m.token,
      body: { kind: 'workshop', title: '正念减压工作坊', summary: '两小时的练习与分享', mode: 'offline', address: '涟漪中心 3 层活动室', capacity: 8, price: 60, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString() },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await api.call('POST', `/gatherings/${id}/publish`, { token: m.token, body: {} });

    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '小周', 'client', `/pages/gathering/detail?id=${id}`);
    const registerButton = visible(page).getByText('报名（¥60）', { exact: true });
    await registerButton.waitFor();
    expect((await visible(page).innerText()).replace(/\s+/g, ' ')).toMatch(/价格 ¥60/);
    await registerButton.click();

    // The seat is held; the page asks for the payment.
    const panel = visible(page).locator('.gathering__pay');
    await panel.waitFor();
    const held = (await panel.innerText()).replace(/\s+/g, ' ');
    expect(held).toMatch(/价格 ¥60/);
    expect(held).toMatch(/实付 ¥60/);
    expect(held).toMatch(/名额保留 1[45]:\d\d/);
    await shot(page, 'gathering-pay-1-held');

    await panel.getByText('微信支付 ¥60', { exact: true }).click();
    await page.waitForURL((u) => u.toString().startsWith(pay.url));
    await page.getByText('模拟微信支付').first().waitFor();
    expect(await page.locator('.amount').innerText()).toBe('¥60.00');
    await page.getByRole('button', { name: '支付' }).click();

    // Back on the gathering page: the notice registered the seat.
    await page.waitForURL((u) => !u.toString().startsWith(pay.url));
    await visible(page).getByText('签到码', { exact: true }).first().waitFor();
    expect(await visible(page).innerText()).toContain('已支付 ¥60');
    await shot(page, 'gathering-pay-2-registered');

    await open(page, '/pages/payment/orders');
    const receipt = visible(page).locator('.receipt').first();
    await receipt.waitFor();
    const r = (await receipt.innerText()).replace(/\s+/g, ' ');
    expect(r).toContain('正念减压工作坊');
    expect(r).toMatch(/实付 ¥60/);
    await shot(page, 'gathering-pay-3-receipt');

    // Cancel before the start: refunded in full.
    await receipt.getByText('查看活动', { exact: true }).click();
    pay.refundDelayMs = 500;
    await visible(page).getByText('取消报名', { exact: true }).click();
    const modal = page.locator('.taro-modal__content:visible');
    await modal.waitFor();
    expect(await modal.innerText()).toContain('全额退回');
    await page.locator('.taro-model__confirm:visible').click();
    await visible(page).getByText('报名（¥60）', { exact: true }).waitFor();
    const order = (await api.call('GET', '/me/orders', { token: (await api.login('小周')).token })).body.items[0];
    await expect.poll(async () => (await getOrder(order.outTradeNo))?.status, { timeout: 10_000 }).toBe('refunded');
    await open(page, '/pages/payment/orders');
    await visible(page).locator('.receipt').first().getByText('已退款').waitFor();
    await shot(page, 'gathering-pay-4-refunded');
    await phone.close();
  });
});
