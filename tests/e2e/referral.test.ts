import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedReferral } from '../../functions/referral/seed';
import { loginAs, newPhone, open, shot, useStack, visible } from './harness';

const e2e = useStack({ seed: seedReferral });

const INVITER = '阿远';
const LABELS = ['完全不会', '好几天', '一半以上的天数', '几乎每天'];
const text = async (page: Page) => (await visible(page).innerText()).replace(/\s+/g, ' ');

/** Answers PHQ-9 from the self-test list, as the friend does after accepting. */
async function completePhq9(page: Page, answers: number[]) {
  await visible(page).getByText('情绪自测（抑郁）').click();
  for (let i = 0; i < answers.length; i++) {
    await visible(page).getByText(`${i + 1} / ${answers.length}`, { exact: true }).waitFor();
    await visible(page).locator('.quiz__option').getByText(LABELS[answers[i]], { exact: true }).click();
  }
  // Scored on the device; saving it (the friend is signed in) is what counts as completing the self-test.
  await page.waitForURL(/pages\/selftest\/result\?draft=1/);
  await visible(page).getByText('保存到我的记录', { exact: true }).click();
  await page.waitForURL(/pages\/selftest\/result\?id=/);
  await visible(page).locator('.result__score-value').waitFor();
}

describe('invite three friends in a phone browser (H5 build)', () => {
  it('A copies the link; B, C and D accept and complete a self-test; A books a paid consult with the voucher', { timeout: 180_000 }, async () => {
    // ——— A: the invite page shows the full rules before any share button, then copies the link ———
    const phoneA = await newPhone(e2e.browser);
    await phoneA.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.stack.webUrl });
    const a = await phoneA.newPage();
    await loginAs(a, INVITER, 'client', '/pages/referral/index');
    await visible(a).locator('.referral__rules-card').waitFor();
    const page = await text(a);
    expect(page).toContain('0 / 3 位好友已完成');
    expect(page).toContain('仅分享链接或海报不会获得任何奖励');
    const rulesAt = page.indexOf('活动规则');
    const shareAt = page.indexOf('复制邀请链接');
    expect(rulesAt).toBeGreaterThanOrEqual(0);
    expect(rulesAt).toBeLessThan(shareAt);
    await shot(a, 'referral-1-invite');

    await visible(a).getByText('复制邀请链接', { exact: true }).click();
    const field = visible(a).locator('.referral__link-input input');
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(/#\/pages\/referral\/landing\?code=[2-9A-HJ-NP-Z]{8}&via=link$/);
    expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(link);

    await visible(a).getByText('生成邀请海报', { exact: true }).click();
    const poster = visible(a).locator('.referral__poster-image img');
    await poster.waitFor();
    await a.waitForFunction(() => {
      const img = Array.from(document.querySelectorAll('.referral__poster-image img')).pop() as HTMLImageElement | undefined;
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    await shot(a, 'referral-2-poster');

    // ——— B, C, D: each opens the link in a fresh browser, signs in, accepts and completes a self-test ———
    for (const [i, friend] of ['小北', '小晨', '小东'].entries()) {
      const phone = await newPhone(e2e.browser);
      const p = await phone.newPage();
      await p.goto(link);
      await visible(p).getByText(`${INVITER} 邀请你来涟漪`).waitFor();
      const landing = await text(p);
      expect(landing).toContain('活动规则');
      expect(landing).toContain('¥50');
      if (i === 0) await shot(p, 'referral-3-landing');

      await visible(p).getByText('登录并接受邀请', { exact: true }).click();
      await p.waitForURL(/pages\/auth\/login/);
      await visible(p).locator('input').fill(friend);
      await visible(p).getByText('登录', { exact: true }).last().click();
      await visible(p).getByText(`你已接受 ${INVITER} 的邀请`).waitFor();
      if (i === 0) await shot(p, 'referral-4-accepted');

      await visible(p).getByText('去做情绪自测', { exact: true }).click();
      await p.waitForURL(/pages\/selftest\/index/);
      await completePhq9(p, [1, 1, 0, 1, 0, 0, 0, 0, 0]);
      await phone.close();
    }

    // ——— A: progress 3 / 3 and one voucher in the wallet ———
    await open(a, '/pages/referral/index');
    await visible(a).getByText('3 / 3 位好友已完成').waitFor();
    expect(await text(a)).toContain('已获得 1 张咨询券');
    await visible(a).getByText('查看我的咨询券', { exact: true }).click();
    await a.waitForURL(/pages\/voucher\/index/);
    const vouchers = visible(a).locator('.voucher');
    await vouchers.first().waitFor();
    expect(await vouchers.count()).toBe(1);
    const card = await vouchers.first().innerText();
    expect(card).toContain('¥100');
    expect(card).toContain('可使用');
    expect(card).toContain('邀请好友奖励');
    await shot(a, 'referral-5-wallet');

    // ——— A books a paid consult and uses the voucher: the amount due drops by ¥100 ———
    const counselor = await e2e.stack.api.login('周明', 'counselor');
    const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: ['19:00', '20:00'] }));
    expect((await e2e.stack.api.call('PUT', '/counselor/consult-hours', { token: counselor.token, body: { price: 300, weekly: everyDay } })).status).toBe(200);
    await open(a, '/pages/booking/paid');
    const slot = visible(a).locator('.paid__slot').first();
    await slot.waitFor();
    await slot.click();
    const panel = visible(a).locator('.book-panel');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('¥300');
    await panel.locator('.voucher-picker__option').getByText(/¥100 咨询券/).click();
    await panel.locator('.book-panel__price').getByText('¥200', { exact: true }).waitFor();
    await shot(a, 'referral-6-book-with-voucher');
    await panel.getByText('确认预约', { exact: true }).last().click();
    // Held for payment: the voucher is already taken off (paying is tests/e2e/payment.test.ts).
    await visible(a).locator('.pay-panel').waitFor();
    expect(await text(a)).toContain('微信支付 ¥200');
    await shot(a, 'referral-7-booked');

    await open(a, '/pages/voucher/index');
    await visible(a).locator('.voucher').first().getByText('已使用').waitFor();
    await phoneA.close();
  });

  it('an empty wallet says how to earn a voucher', async () => {
    const phone = await newPhone(e2e.browser);
    const p = await phone.newPage();
    await loginAs(p, '新来的', 'client', '/pages/voucher/index');
    await visible(p).getByText('还没有咨询券').waitFor();
    await shot(p, 'referral-8-wallet-empty');
    await phone.close();
  });

  it('a link without a code explains itself instead of failing', async () => {
    const phone = await newPhone(e2e.browser);
    const p = await phone.newPage();
    await open(p, '/pages/referral/landing');
    await visible(p).getByText('这个邀请链接好像不完整').waitFor();
    await phone.close();
  });
});
