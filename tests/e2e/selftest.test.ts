import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPhone, open, shot, useStack, visible } from './harness';

const e2e = useStack();
let phone: BrowserContext;
let page: Page;

beforeAll(async () => {
  phone = await newPhone(e2e.browser);
  page = await phone.newPage();
});

const CLIENT = '小林';
/** Anything that sells: none of it may appear next to crisis help. */
const SALES = /免费咨询|免费 15 分钟|咨询师聊|预约|邀请|优惠券|代金券|福利|分享|即将开放/;

/** What the visible page says, as one string. */
const screenText = async () => (await visible(page).innerText()).replace(/\s+/g, ' ');

/** Waits for the quiz to show question `n` of `total`. */
async function atQuestion(n: number, total: number) {
  await visible(page).getByText(`${n} / ${total}`, { exact: true }).waitFor();
}

async function answer(label: string) {
  await visible(page).locator('.quiz__option').getByText(label, { exact: true }).click();
}

const LABELS = ['完全不会', '好几天', '一半以上的天数', '几乎每天'];

/**
 * Clock times in China, e.g. “17:05”, of every minute from `since` to now: the result shows the minute it was scored,
 * somewhere in between (a minute may turn between the last answer and the test reading the page).
 */
function chinaTimesSince(since: DateTime): string[] {
  const times: string[] = [];
  const now = DateTime.now().setZone('Asia/Shanghai');
  for (let t = since.setZone('Asia/Shanghai').startOf('minute'); t <= now; t = t.plus({ minutes: 1 })) times.push(t.toFormat('HH:mm'));
  return times;
}

describe('emotion self-test in a phone browser (H5 build)', () => {
  it('home page offers the self-test and marks closed entries as coming soon', async () => {
    await open(page);
    const home = visible(page);
    await home.getByText('Ripple 涟漪').first().waitFor();
    const text = await screenText();
    expect(text).toContain('情绪自测');
    expect(text).toContain('免费 15 分钟咨询');
    expect(text).toContain('邀请好友');
    await shot(page, 'home');
  });

  it('a visitor takes PHQ-9 without signing in, sees the full result, and nothing reaches the server until they save', async () => {
    const sent: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) sent.push(`${r.method()} ${path}`);
    });
    await open(page);
    await visible(page).getByText('情绪自测', { exact: true }).click();
    await page.waitForURL(/pages\/selftest\/index/);
    await visible(page).getByText('焦虑自测').waitFor();
    expect(await screenText()).toContain('不用登录就能做');
    await shot(page, 'selftest-list');

    await visible(page).getByText('情绪自测（抑郁）').click();
    await atQuestion(1, 9);
    expect(await screenText()).toContain('在过去两个星期');
    await answer('好几天');
    await atQuestion(2, 9);
    await answer('好几天');
    await atQuestion(3, 9);
    await shot(page, 'quiz');

    // Back shows the previous question with its answer still chosen; forward returns.
    await visible(page).getByText('上一题').click();
    await atQuestion(2, 9);
    expect(await screenText()).toContain('感到心情低落、沮丧或绝望');
    await expect.poll(() => visible(page).locator('.quiz__option.rp-button--selected').innerText()).toBe('好几天');
    await visible(page).getByText('下一题').click();
    await atQuestion(3, 9);
    expect(await screenText()).toContain('入睡困难、睡不安稳或睡眠过多');

    const answering = DateTime.now();
    for (const [i, label] of ['好几天', '好几天', '好几天', '好几天', '完全不会', '完全不会', '完全不会'].entries()) {
      await atQuestion(i + 3, 9);
      await answer(label);
    }
    await page.waitForURL(/pages\/selftest\/result\?draft=1/);
    await visible(page).locator('.result__score-value').waitFor();
    const times = chinaTimesSince(answering);

    const text = await screenText();
    expect(await visible(page).locator('.result__score-value').innerText()).toBe('6');
    expect(text).toContain('轻度');
    expect(text).toContain('自测结果只是筛查，不是诊断');
    expect(text).toContain('没有发送、也没有保存');
    expect(text).not.toContain('12356');
    expect(await visible(page).locator('.rp-crisis').count()).toBe(0);
    // Times are China time although this phone is set to New York.
    expect(times.some((t) => text.includes(t))).toBe(true);
    await shot(page, 'result-mild-unsaved');
    // Nothing left the device: not one request to the API so far.
    expect(sent).toEqual([]);

    // Choosing to save asks for sign-in, then stores it and shows the saved result.
    await visible(page).getByText('登录并保存', { exact: true }).click();
    await page.waitForURL(/pages\/auth\/login\?redirect=/);
    await shot(page, 'login');
    await visible(page).locator('input').fill(CLIENT);
    await visible(page).getByText('登录', { exact: true }).last().click();
    await page.waitForURL(/pages\/selftest\/result\?id=/);
    await visible(page).getByText('这次结果已保存', { exact: false }).waitFor();
    expect(await visible(page).locator('.result__score-value').innerText()).toBe('6');
    await shot(page, 'result-mild');
    expect(sent).toContain('POST /api/selftests/phq9/results');

    const { token } = await e2e.stack.api.login(CLIENT, 'client');
    const saved = await e2e.stack.api.call('GET', '/me/selftests', { token });
    expect(saved.body.items).toHaveLength(1);
    expect(saved.body.items[0]).toMatchObject({ score: 6, band: 'mild' });
  });

  it('a signed-in client who leaves without saving keeps nothing on the server, and a reload forgets it', async () => {
    await open(page, '/pages/selftest/quiz?id=gad7');
    for (let i = 1; i <= 7; i++) {
      await atQuestion(i, 7);
      await answer('完全不会');
    }
    await page.waitForURL(/pages\/selftest\/result\?draft=1/);
    await visible(page).getByText('保存到我的记录', { exact: true }).waitFor();
    await page.reload();
    await visible(page).getByText('这次的结果已经不在了').waitFor();
    const { token } = await e2e.stack.api.login(CLIENT, 'client');
    expect((await e2e.stack.api.call('GET', '/me/selftests', { token })).body.items).toHaveLength(1);
  });

  it('PHQ-9 with item 9 above 0 puts the crisis lines first and nothing that sells, before and after saving', async () => {
    for (const stage of ['unsaved', 'saved'] as const) {
      if (stage === 'unsaved') {
        await open(page, '/pages/selftest/index');
        await visible(page).getByText('情绪自测（抑郁）').click();
        for (const [i, a] of [0, 1, 0, 0, 0, 0, 0, 0, 1].entries()) {
          await atQuestion(i + 1, 9);
          await answer(LABELS[a]);
        }
        await page.waitForURL(/pages\/selftest\/result\?draft=1/);
      } else {
        await visible(page).getByText('保存到我的记录', { exact: true }).click();
        await page.waitForURL(/pages\/selftest\/result\?id=/);
      }
      const body = visible(page).locator('.rp-page__body');
      const first = body.locator(':scope > *').first();
      await expect.poll(() => first.getAttribute('class')).toContain('rp-crisis');
      const firstText = await first.innerText();
      expect(firstText).toContain('12356');
      expect(firstText).toContain('400-161-9995');
      expect(firstText).toMatch(/110.*120/);
      // Tap-to-call: real tel: links in H5.
      const hrefs = await first.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(['tel:12356', 'tel:4001619995']);

      const text = await screenText();
      expect(text).not.toMatch(SALES);
      await shot(page, `result-crisis-${stage}`);
    }
  });

  it('history lists both results newest first, and one can be deleted for good', async () => {
    await visible(page).getByText('查看我的自测记录').click();
    await page.waitForURL(/pages\/selftest\/history/);
    const items = visible(page).locator('.history__item');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toContain('无或极轻微'); // the crisis run scored 2
    expect(await items.nth(1).innerText()).toContain('轻度');
    await shot(page, 'history');

    await items.nth(1).getByText('删除', { exact: true }).click();
    await page.locator('.taro-model__confirm').click();
    await expect.poll(() => items.count()).toBe(1);
    expect(await screenText()).not.toContain('轻度');

    // The server agrees: the same person, signed in again, has one result left.
    const { token } = await e2e.stack.api.login(CLIENT, 'client');
    const res = await e2e.stack.api.call('GET', '/me/selftests', { token });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ crisis: true });
  });

  it('exports the client\'s own data as a JSON download, and deleting everything leaves a calm empty page', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), visible(page).getByText('导出我的数据').click()]);
    expect(download.suggestedFilename()).toBe('ripple-selftests.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.items).toHaveLength(1);
    expect(exported.items[0].answers).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 1]);

    await visible(page).getByText('删除全部记录').click();
    await page.locator('.taro-model__confirm').click();
    await visible(page).getByText('还没有自测记录').waitFor();
    expect(await visible(page).locator('.history__item').count()).toBe(0);
    // The toast box is zero-sized (its content is fixed-positioned), so wait on its display, not its visibility.
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((t) => t.style.display === 'none'));
    await shot(page, 'history-empty');
    const { token } = await e2e.stack.api.login(CLIENT, 'client');
    expect((await e2e.stack.api.call('GET', '/me/selftests', { token })).body.items).toEqual([]);
  });

  it('the reading linked from a crisis result carries the hotlines and nothing that sells', async () => {
    await open(page, '/pages/selftest/reading?id=safety');
    await visible(page).getByText('当情绪很重的时候，先照顾好自己').waitFor();
    const text = await screenText();
    expect(text).toContain('12356');
    expect(text).not.toMatch(SALES);
    await shot(page, 'reading-safety');
  });

  it('staff sign in on the same page with the 工作人员登录 toggle, and see their role', async () => {
    const staffPhone = await newPhone(e2e.browser);
    const staffPage = await staffPhone.newPage();
    try {
      await loginAs(staffPage, '王老师', 'counselor', '/pages/auth/profile');
      await staffPage.waitForURL(/pages\/auth\/profile/);
      const profile = visible(staffPage);
      await profile.locator('.auth__row-value').getByText('咨询师', { exact: true }).waitFor();
      expect(await profile.innerText()).toContain('王老师');
      await shot(staffPage, 'profile-counselor');
    } finally {
      await staffPhone.close();
    }
  });

  it('a link straight into a quiz opens that quiz at once, without signing in', async () => {
    const freshPhone = await newPhone(e2e.browser);
    const fresh = await freshPhone.newPage();
    try {
      await open(fresh, '/pages/selftest/quiz?id=gad7');
      await visible(fresh).getByText('1 / 7', { exact: true }).waitFor();
      expect(fresh.url()).not.toContain('auth/login');
      expect(await visible(fresh).innerText()).toContain('感觉紧张、焦虑或急切');
    } finally {
      await freshPhone.close();
    }
  });
});
