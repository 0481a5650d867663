import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { getOrder } from '../../functions/db/orders';
import { getVoucher, issueVoucherItem } from '../../functions/db/voucher';
import { loginAs, newPhone, open, SCREENSHOT_DIR, shot, useStack, visible } from './harness';

/**
 * A client books a paid consult with a ¥100 voucher on the H5 build: 原价 / 券抵扣 / 实付 → the 15-minute hold →
 * "模拟微信支付" on the local WeChat Pay stand-in (which sends its signed, encrypted notice to the API) → confirmed,
 * with the counselor's address → cancelled → refunded (the refund's notice) → the voucher is back, and the
 * receipt in 我的 → 订单 says so.
 */
const e2e = useStack();
const ADDRESS = '上海市徐汇区漕溪北路 88 号 3 楼';

describe('paying for a consult with WeChat Pay (local stand-in)', () => {
  it('book with a voucher → pay on the stand-in page → confirmed with the place → cancel → refunded → voucher back', { timeout: 180_000 }, async () => {
    const { api, pay } = e2e.stack;
    const zhou = await api.login('周明', 'counselor');
    const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: ['19:00', '20:00'] }));
    expect((await api.call('PUT', '/counselor/consult-hours', { token: zhou.token, body: { price: 300, weekly: everyDay } })).status).toBe(200);
    expect((await api.call('PUT', '/counselor/consult-mode', { token: zhou.token, body: { mode: 'in_person', address: ADDRESS } })).status).toBe(200);
    const client = await api.login('付费来访者乙');
    const voucher = { id: 'V-E2E-100', ownerId: client.user.id, status: 'issued' as const, value: 100, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), campaignId: 'c1', reason: 'invited_friend' as const, createdAt: new Date().toISOString() };
    await db().send(new TransactWriteCommand({ TransactItems: [issueVoucherItem(voucher)] }));

    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '付费来访者乙', 'client', '/pages/booking/paid');
    const slot = visible(page).locator('.paid__slot').first();
    await slot.waitFor();
    await slot.click();
    const panel = visible(page).locator('.book-panel');
    await panel.waitFor();
    await panel.locator('.voucher-picker__option').getByText(/¥100 咨询券/).click();
    const rows = panel.locator('.price-rows');
    await rows.locator('.price-rows__due').getByText('¥200', { exact: true }).waitFor();
    const breakdown = await rows.innerText();
    expect(breakdown).toMatch(/原价\s*¥300/);
    expect(breakdown).toMatch(/券抵扣\s*−¥100/);
    expect(breakdown).toMatch(/实付\s*¥200/);
    await shot(page, 'payment-1-price-breakdown');

    // Booking holds the slot for 15 minutes and asks for the payment.
    await panel.getByText('确认预约', { exact: true }).last().click();
    const payPanel = visible(page).locator('.pay-panel');
    await payPanel.waitFor();
    expect(await payPanel.innerText()).toMatch(/剩余支付时间 1[45]:\d\d/);
    expect(await payPanel.innerText()).toMatch(/实付\s*¥200/);
    await shot(page, 'payment-2-hold');

    // 微信支付 → the stand-in's page (H5 has no wx.requestPayment) → 支付.
    await payPanel.getByText('微信支付 ¥200', { exact: true }).click();
    await page.waitForURL((u) => u.toString().startsWith(pay.url));
    await page.getByText('模拟微信支付').first().waitFor();
    expect(await page.locator('.amount').innerText()).toBe('¥200.00');
    // Not an app page (no .taro_page): a plain screenshot.
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'payment-3-standin.png') });
    await page.getByRole('button', { name: '支付' }).click();

    // Back in the app: WeChat Pay's notice has confirmed it.
    await page.waitForURL((u) => !u.toString().startsWith(pay.url));
    await visible(page).getByText('预约成功').waitFor();
    const confirmed = await visible(page).innerText();
    expect(confirmed).toContain(ADDRESS);
    expect(confirmed).toContain('已预约');
    expect(confirmed).toMatch(/实付\s*¥200/);
    await shot(page, 'payment-4-confirmed');
    const bookingId = new URL(page.url().replace('#', '')).searchParams.get('id')!;
    const booking = (await api.call('GET', `/bookings/${bookingId}`, { token: client.token })).body;
    expect(booking).toMatchObject({ status: 'booked', amountPaid: 200 });
    expect(await getVoucher(voucher.id)).toMatchObject({ status: 'redeemed' });

    // Cancel in time: the refund starts at once, the voucher comes back.
    pay.refundDelayMs = 1500;
    await visible(page).getByText('取消预约', { exact: true }).click();
    const modal = page.locator('.taro-modal__content:visible');
    await modal.waitFor();
    expect(await modal.innerText()).toContain('全额退款');
    await page.locator('.taro-model__confirm:visible').click();
    await visible(page).getByText('退款中').first().waitFor();
    await shot(page, 'payment-5-refund-pending');
    expect(await getVoucher(voucher.id)).toMatchObject({ status: 'issued' });

    // WeChat Pay's refund notice arrives: refunded.
    await expect.poll(async () => (await getOrder(booking.outTradeNo))?.status, { timeout: 10_000 }).toBe('refunded');
    await page.reload();
    await visible(page).getByText('已退款', { exact: true }).waitFor();
    expect(await visible(page).innerText()).toContain('已退款 ¥200');
    await shot(page, 'payment-6-refunded');

    // 我的 → 订单: the receipt.
    await open(page, '/pages/payment/orders');
    const receipt = visible(page).locator('.receipt').first();
    await receipt.waitFor();
    const r = await receipt.innerText();
    expect(r).toContain('已退款');
    expect(r).toMatch(/原价\s*¥300/);
    expect(r).toMatch(/券抵扣\s*−¥100/);
    expect(r).toMatch(/实付\s*¥200/);
    expect(r).toContain('退款时间');
    await shot(page, 'payment-7-orders');

    // The voucher is usable again in the wallet.
    await open(page, '/pages/voucher/index');
    await visible(page).locator('.voucher').first().getByText('可使用').waitFor();
    await phone.close();
  });

  it('an empty order list says where receipts come from', async () => {
    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, '还没付过', 'client', '/pages/payment/orders');
    await visible(page).getByText('还没有订单').waitFor();
    await shot(page, 'payment-8-orders-empty');
    await phone.close();
  });
});
