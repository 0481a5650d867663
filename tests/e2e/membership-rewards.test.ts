import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedCourses } from '../../functions/course/seed';
import { SEED_GATHERING_ID, seedGathering } from '../../functions/gathering/seed';
import { loginAs, newPhone, open, shot, visible, useStack } from './harness';
import { axeFindings } from './axe';

const e2e = useStack({ seed: async () => { await seedGathering(); await seedCourses(); } });

const text = async (page: Page) => (await visible(page).innerText()).replace(/\s+/g, ' ');
/** The native input inside a Taro field, found by the field's accessible name. */
const field = (page: Page, label: string) => visible(page).getByLabel(label, { exact: true }).locator('input');


describe('points rewards a marketer adds without code (H5 build)', () => {
  it('at a desk the marketer adds a talk seat and a course by picking them, saves; a client sees both in 我的积分 and redeems the seat', { timeout: 300_000 }, async () => {
    const desk = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const s = await desk.newPage();
    await loginAs(s, '市场部小李', 'marketer', '/pages/gathering-admin/members');
    const d = visible(s);
    await d.getByText('兑换项目', { exact: true }).waitFor();

    // A seat at the seeded talk, picked from the published gatherings (no id typed).
    await d.getByText('添加兑换项目：活动名额', { exact: true }).click();
    const talk = d.getByRole('button', { name: /^和焦虑做朋友/ });
    await talk.waitFor();
    await talk.click();
    expect(await talk.getAttribute('aria-pressed')).toBe('true');
    // Its name follows the pick; the marketer sets the points.
    expect(await field(s, '活动名额 名称（来访者看到的）').inputValue()).toBe('「和焦虑做朋友：一场温和的入门讲座」名额');
    await field(s, '「和焦虑做朋友：一场温和的入门讲座」名额 所需积分').fill('30');

    // Course access, picked from the published courses.
    await d.getByText('添加兑换项目：课程学习', { exact: true }).click();
    // The newest card is the last one (the seeded course reward has a picker of its own). Picked with the keyboard.
    const mindfulness = d.locator('.gadmin__rule').last().getByRole('button', { name: '正念练习入门', exact: true });
    await mindfulness.focus();
    await s.keyboard.press('Enter');
    expect(await mindfulness.getAttribute('aria-pressed')).toBe('true');
    await field(s, '《正念练习入门》 所需积分').fill('25');

    // A voucher left without its value is pointed at, not sent; then removed again.
    await d.getByText('添加兑换项目：咨询抵用券', { exact: true }).click();
    await d.getByText('保存积分规则', { exact: true }).click();
    await d.getByText('请填写抵用金额（1–10000 元的整数）。').waitFor();
    await d.getByText('有兑换项目需要修改，请看标出的地方。').waitFor();
    await shot(s, 'rewards-1-desk-problem');
    await d.getByRole('button', { name: '删除兑换项目：新的兑换项目' }).click();
    await s.getByText('确定', { exact: true }).last().click();
    await d.getByText('请填写抵用金额（1–10000 元的整数）。').waitFor({ state: 'detached' });

    await d.getByText('保存积分规则', { exact: true }).click();
    await s.getByText('已保存').waitFor();
    const m = await e2e.stack.api.login('市场部小李', 'marketer');
    const saved = (await e2e.stack.api.call('GET', '/membership/settings', { token: m.token })).body.points.rewards;
    const seat = saved.find((r: { kind: string }) => r.kind === 'gathering_seat');
    const course = saved.find((r: { courseId?: string }) => r.courseId === 'mindfulness-intro');
    expect(seat).toMatchObject({ gatheringId: SEED_GATHERING_ID, points: 30, name: '「和焦虑做朋友：一场温和的入门讲座」名额' });
    expect(seat.id).toMatch(/^seat-[a-z0-9-]+$/);
    expect(course).toMatchObject({ kind: 'course_access', points: 25, course: '正念练习入门' });
    expect(saved.some((r: { kind: string; value?: number }) => r.kind === 'consult_voucher' && !r.value)).toBe(false);
    await shot(s, 'rewards-2-desk-saved');
    expect(await axeFindings(s)).toEqual([]);

    // The same desk on a phone.
    const phoneDesk = await newPhone(e2e.browser);
    const sp = await phoneDesk.newPage();
    await loginAs(sp, '市场部小李', 'marketer', '/pages/gathering-admin/members');
    await visible(sp).getByText('添加兑换项目：活动名额', { exact: true }).waitFor();
    await visible(sp).getByRole('button', { name: /^和焦虑做朋友/ }).waitFor();
    await shot(sp, 'rewards-3-desk-phone');
    // The aggregate tables scroll sideways on a phone: they are keyboard stops (axe: scrollable-region-focusable).
    expect(await axeFindings(sp)).toEqual([]);

    // Two desks open at once: the one that saves second, on top of an older version, is told and saves nothing.
    await d.getByText('保存积分规则', { exact: true }).click();
    await s.getByText('已保存').waitFor();
    await visible(sp).getByText('保存积分规则', { exact: true }).click();
    await visible(sp).getByText(/其他同事刚刚保存过这些设置/).waitFor();
    await shot(sp, 'rewards-3b-desk-phone-stale');
    await visible(sp).getByRole('button', { name: '重新载入最新设置' }).click();
    await visible(sp).getByText(/其他同事刚刚保存过这些设置/).waitFor({ state: 'detached' });
    await visible(sp).getByText('保存积分规则', { exact: true }).click();
    await sp.getByText('已保存').waitFor();

    // ——— A client: both new rewards in 我的积分, the seat redeemed with points ———
    const admin = await e2e.stack.api.login('管理员', 'admin');
    const client = await e2e.stack.api.login('小新');
    expect((await e2e.stack.api.call('POST', '/admin/points/adjustments', { token: admin.token, body: { userId: client.user.id, points: 50, reason: '讲座志愿者' } })).status).toBe(201);
    const phone = await newPhone(e2e.browser);
    const c = await phone.newPage();
    await loginAs(c, '小新', 'client', '/pages/membership/points');
    await visible(c).locator('.membership__balance-value').getByText('50').waitFor();
    const seatCard = visible(c).locator('.membership__reward').filter({ hasText: '「和焦虑做朋友：一场温和的入门讲座」名额' });
    await seatCard.waitFor();
    expect(await text(c)).toContain('《正念练习入门》');
    await shot(c, 'rewards-4-client-points');
    await seatCard.getByText('兑换', { exact: true }).click();
    await c.getByText('确定', { exact: true }).last().click();
    await c.getByText('兑换成功').waitFor();
    await c.getByText('确定', { exact: true }).last().click();
    await visible(c).locator('.membership__balance-value').getByText('20').waitFor();
    expect((await e2e.stack.api.call('GET', `/gatherings/${SEED_GATHERING_ID}`, { token: client.token })).body.myRegistration.status).toBe('registered');
    await desk.close();
  });
});
