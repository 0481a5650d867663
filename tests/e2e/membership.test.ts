import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGathering } from '../../functions/gathering/seed';
import { seedReferral } from '../../functions/referral/seed';
import { launchBrowser, loginAs, newPhone, open, shot, startStack, visible, type Stack } from './harness';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  await seedReferral();
  await seedGathering();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const text = async (page: Page) => (await visible(page).innerText()).replace(/\s+/g, ' ');
const HOUR = 3_600_000;

/** A talk starting in an hour (doors open three hours before), made and published by the marketer. */
async function talkSoon(title: string) {
  const m = await stack.api.login('市场部小李', 'marketer');
  const start = Date.now() + HOUR;
  const created = await stack.api.call('POST', '/gatherings', {
    token: m.token,
    body: {
      kind: 'talk', title, summary: '一起聊聊怎么睡个好觉', mode: 'offline', address: '涟漪中心 3 层活动室', capacity: 10, price: 0,
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString(),
      blocks: [{ kind: 'richText', paragraphs: [{ text: '睡不好的时候，先别责怪自己。这场讲座介绍几种温和的助眠方法。', style: 'normal' }] }],
    },
  });
  expect(created.status).toBe(201);
  await stack.api.call('POST', `/gatherings/${created.body.id}/publish`, { token: m.token, body: {} });
  return created.body.id as string;
}

describe('gatherings and points in a phone browser (H5 build)', () => {
  it('a client registers and gets a check-in code; staff check them in by code; points are spent on a course', { timeout: 240_000 }, async () => {
    const id = await talkSoon('睡个好觉');

    // ——— The client: the list, the public page, registering ———
    const phone = await newPhone(browser);
    const c = await phone.newPage();
    await loginAs(c, '小林', 'client', '/pages/gathering/index');
    await visible(c).getByText('睡个好觉').waitFor();
    const list = await text(c);
    expect(list).toContain('和焦虑做朋友'); // the seed talk, a week ahead
    expect(list).toContain('剩余 10 个名额');
    await shot(c, 'membership-1-gatherings');

    await visible(c).getByText('睡个好觉').click();
    await visible(c).getByText('报名', { exact: true }).waitFor();
    const detail = await text(c);
    // A free talk: registering takes no payment (priced gatherings: tests/e2e/gathering-payment.test.ts).
    expect(detail).toMatch(/费用\s*免费/);
    expect(detail).toContain('睡不好的时候');
    await visible(c).getByText('报名', { exact: true }).click();
    await visible(c).getByText('签到码', { exact: true }).waitFor();
    const code = (await visible(c).locator('.gathering__code').innerText()).trim();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    await c.waitForFunction(() => {
      const img = Array.from(document.querySelectorAll('.gathering__qr img')).pop() as HTMLImageElement | undefined;
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    await shot(c, 'membership-2-registered');

    // ——— Staff at the door, at a desk: type the code; a second time says it is done already ———
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const s = await desk.newPage();
    await loginAs(s, '市场部小李', 'marketer', '/pages/gathering-admin/list');
    await visible(s).getByText('睡个好觉').waitFor();
    await shot(s, 'membership-3-staff-list');
    await open(s, `/pages/gathering-admin/checkin?id=${id}`);
    const input = visible(s).locator('.gadmin__code input');
    await input.waitFor();
    await input.fill(code.toLowerCase());
    await visible(s).getByText('签到', { exact: true }).last().click();
    await visible(s).getByText('小林 签到成功').waitFor();
    await shot(s, 'membership-4-checked-in');
    await input.fill(code);
    await visible(s).getByText('签到', { exact: true }).last().click();
    await visible(s).getByText('小林：已经签到过了').waitFor();

    // The figures of the gathering (one person: "<5"), the editor and the membership desk, at a desk.
    await open(s, `/pages/gathering-admin/stats?id=${id}`);
    await visible(s).getByText('合计').waitFor();
    expect(await text(s)).toContain('<5');
    await shot(s, 'membership-8-staff-stats');
    await open(s, `/pages/gathering-admin/editor?id=${id}`);
    await visible(s).getByText('保存', { exact: true }).waitFor();
    expect(await visible(s).locator('input').first().inputValue()).toBe('睡个好觉');
    await shot(s, 'membership-9-staff-editor');
    await open(s, '/pages/gathering-admin/members');
    await visible(s).getByText('权益规则', { exact: true }).waitFor();
    // Per level and per internal tier, as tables; one checked-in client is a group of "<5" with its sums hidden.
    await visible(s).getByRole('table', { name: '按等级' }).waitFor();
    await visible(s).getByRole('table', { name: '按内部分层' }).waitFor();
    const tongxing = visible(s).locator('[data-row="tongxing"]');
    await expect.poll(async () => (await tongxing.innerText()).replace(/\s+/g, ' ')).toContain('同行 <5 0 0 0 — — — —');
    await shot(s, 'membership-10-staff-members');

    // ——— The client sees the check-in, the level it brought and the points it earned ———
    await open(c, `/pages/gathering/detail?id=${id}`);
    await visible(c).getByText(/已于 .* 签到/).waitFor();
    await open(c, '/pages/membership/index');
    await visible(c).getByText('同行', { exact: true }).waitFor();
    expect(await text(c)).toContain('可用积分 20');
    await shot(c, 'membership-5-benefits');

    // An admin adds points with a reason (audited); the client spends 60 of them on a course.
    const admin = await stack.api.login('管理员', 'admin');
    const client = await stack.api.login('小林');
    expect((await stack.api.call('POST', '/admin/points/adjustments', { token: admin.token, body: { userId: client.user.id, points: 100, reason: '讲座志愿者' } })).status).toBe(201);
    await open(c, '/pages/membership/points');
    await visible(c).locator('.membership__balance-value').getByText('120').waitFor();
    const course = visible(c).locator('.membership__reward').filter({ hasText: '情绪自助基础课' });
    await course.getByText('兑换', { exact: true }).click();
    await c.getByText('确定', { exact: true }).last().click();
    await c.getByText('兑换成功').waitFor();
    await c.getByText('确定', { exact: true }).last().click();
    await visible(c).locator('.membership__balance-value').getByText('60').waitFor();
    const points = await text(c);
    expect(points).toContain('-60');
    expect(points).toContain('+20');
    // Spent from the oldest points first: the 20 earned at the talk are gone, 60 of the 100 remain, with their date.
    expect(points).toContain('60 积分将于');
    await shot(c, 'membership-6-points');
    await desk.close();
  });

  it('after a crisis result no offer is shown: home, invite, gatherings and rewards', { timeout: 180_000 }, async () => {
    const phone = await newPhone(browser);
    const p = await phone.newPage();
    await loginAs(p, '小周');
    await visible(p).getByText('邀请好友', { exact: true }).waitFor();
    expect(await text(p)).toContain('活动与讲座');

    const me = await stack.api.login('小周');
    const res = await stack.api.call('POST', '/selftests/phq9/results', { token: me.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    expect(res.body.crisis).toBe(true);

    await open(p, '/pages/index/index');
    await p.reload();
    await visible(p).getByText('情绪自测', { exact: true }).waitFor();
    await p.waitForFunction(() => !document.body.innerText.includes('邀请好友'));
    const home = await text(p);
    expect(home).not.toContain('活动与讲座');
    expect(home).toContain('免费 15 分钟咨询');
    await shot(p, 'membership-7-paused-home');

    await open(p, '/pages/referral/index');
    await visible(p).getByText(/暂停了邀请和奖励活动/).waitFor();
    expect(await text(p)).not.toContain('复制邀请链接');
    await open(p, '/pages/gathering/index');
    await visible(p).getByText(/不会向你推荐活动/).waitFor();
    await open(p, '/pages/membership/points');
    await visible(p).getByText(/暂停积分兑换/).waitFor();
    expect(await text(p)).not.toContain('50 元咨询抵用券');
    await open(p, '/pages/booking/index');
    await visible(p).getByText('我的预约').waitFor().catch(() => undefined);
    expect(await text(p)).not.toContain('付费咨询');
  });
});
