import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readCampaignCounters } from '../../functions/db/analytics';
import { drainStreams } from '../../functions/local/streams';
import { seed } from '../../functions/local/seed';
import { loginAs, newPhone, open, shot, useStack, visible } from './harness';
import { axeFindings } from './axe';

/**
 * What a friend gets from a shared link, and what anyone gets with a keyboard or a screen reader:
 * the seeded campaign links open their landing pages straight away (one load of the app, one visitor counted),
 * and the main pages have no serious or critical axe-core findings.
 */
const e2e = useStack({ seed });

async function visitorCount(campaignId: string, channel: string): Promise<number> {
  // The campaign's counters are sharded (summed at read), like the dashboard reads them.
  const counters = await readCampaignCounters(campaignId);
  return Object.entries(counters)
    .filter(([k]) => k.startsWith(`f|visitors|${channel}|`))
    .reduce((sum, [, v]) => sum + Number(v), 0);
}

describe('public campaign links (H5 build)', () => {
  // Each seeded campaign with one of its own channels (the invite campaign is shared as wechat_share).
  for (const { id, ch, heading } of [
    { id: 'theme-days-sample', ch: 'wechat', heading: /给情绪留一点时间|最近睡得好吗？/ },
    { id: 'invite-3-friends', ch: 'wechat_share', heading: /邀请|朋友邀你做一次情绪自测/ },
  ]) {
    it(`/campaigns/${id}?ch=${ch} opens its landing page in one load and counts one visitor`, async () => {
      await drainStreams();
      const before = await visitorCount(id, ch);
      const phone = await newPhone(e2e.browser);
      const page = await phone.newPage();
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      const response = await page.goto(`${e2e.stack.webUrl}/campaigns/${id}?ch=${ch}`);
      // The server answers the public address itself (no 404, no HTTP redirect) with the app.
      expect(response?.status()).toBe(200);
      expect(response?.request().redirectedFrom()).toBeNull();
      const landing = visible(page);
      await landing.locator('.landing').waitFor();
      await landing.getByText(heading).first().waitFor();
      expect(page.url()).toContain(`/#/pages/campaign-landing/index?id=${id}&ch=${ch}`);
      await shot(page, `public-link-${id}`);

      // One document, and each app file fetched once: no client-side redirect reloading the app.
      const documents = requests.filter((r) => r.resourceType() === 'document');
      expect(documents).toHaveLength(1);
      const scripts = requests.filter((r) => r.resourceType() === 'script').map((r) => new URL(r.url()).pathname);
      expect(scripts.length).toBeGreaterThan(0);
      expect(new Set(scripts).size).toBe(scripts.length);
      // The page's content is asked for once (index.html starts it early; the app takes that answer over).
      expect(requests.filter((r) => new URL(r.url()).pathname === `/api/campaigns/${id}/page`)).toHaveLength(1);
      // Sent compressed, as the CDN does.
      const app = requests.find((r) => /\/js\/app\.[0-9a-f]+\.js$/.test(r.url()));
      expect((await (await app!.response())!.allHeaders())['content-encoding']).toMatch(/br|gzip/);

      // The same visitor opening it again is still one visitor.
      await page.reload();
      await visible(page).locator('.landing').waitFor();
      await expect.poll(async () => (await drainStreams(), visitorCount(id, ch)), { timeout: 20_000 }).toBe(before + 1);
      await page.waitForTimeout(500);
      await drainStreams();
      expect(await visitorCount(id, ch)).toBe(before + 1);
      await phone.close();
    }, 60_000);
  }

  it('an unknown id shows the calm "not found" page, and a missing file is a 404, not the app', async () => {
    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await page.goto(`${e2e.stack.webUrl}/campaigns/no_such-campaign?ch=wechat`);
    await visible(page).getByText('没有找到这个活动').waitFor();
    const missing = await page.request.get(`${e2e.stack.webUrl}/js/missing.12345678.js`);
    expect(missing.status()).toBe(404);
    const index = await page.request.get(`${e2e.stack.webUrl}/pages/selftest/index`);
    expect(index.headers()['cache-control']).toBe('no-cache');
    await phone.close();
  });
});

// ——— accessibility ———


/** Tab stops from the top of the page, each as role + accessible name, as a keyboard user meets them. */
async function tabStops(page: Page, max = 8): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return '';
      return `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 20)}`;
    });
    if (s) stops.push(s);
  }
  return stops;
}

describe('accessibility (axe-core, keyboard)', () => {
  it('home, sign-in, a question, a result, a theme day, the invite page and the marketer dashboard: no serious or critical findings', async () => {
    const findings: Record<string, string[]> = {};
    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();

    await open(page);
    await visible(page).getByText('情绪自测', { exact: true }).waitFor();
    findings.home = await axeFindings(page);

    await open(page, '/pages/auth/login');
    await visible(page).locator('input').waitFor();
    findings['sign-in'] = await axeFindings(page);

    await open(page, '/pages/selftest/quiz?id=phq9');
    await visible(page).getByText('1 / 9', { exact: true }).waitFor();
    findings.question = await axeFindings(page);

    for (let i = 1; i <= 9; i++) {
      await visible(page).getByText(`${i} / 9`, { exact: true }).waitFor();
      await visible(page).locator('.quiz__option').getByText('好几天', { exact: true }).click();
    }
    await visible(page).locator('.result__score-value').waitFor();
    findings.result = await axeFindings(page);

    await loginAs(page, '小安', 'client', '/pages/booking/index');
    await visible(page).locator('.themeday--open').first().click();
    await page.waitForURL(/pages\/booking\/day\?id=/);
    await visible(page).locator('.day__slot').first().waitFor();
    findings['theme day'] = await axeFindings(page);

    await open(page, '/pages/referral/index');
    await visible(page).locator('.referral__rules-card').waitFor();
    findings.invite = await axeFindings(page);
    await phone.close();

    const desk = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const board = await desk.newPage();
    await loginAs(board, '市场部小李', 'marketer', '/pages/analytics/dashboard?id=theme-days-sample');
    await visible(board).getByText('转化漏斗').waitFor();
    findings['marketer dashboard'] = await axeFindings(board);
    await desk.close();

    expect(findings).toEqual({
      home: [],
      'sign-in': [],
      question: [],
      result: [],
      'theme day': [],
      invite: [],
      'marketer dashboard': [],
    });
  }, 180_000);

  it('the home page can be used with a keyboard: its entries are tab stops with a role and a name, and Enter opens one', async () => {
    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await open(page);
    await visible(page).getByText('情绪自测', { exact: true }).waitFor();
    const stops = await tabStops(page);
    expect(stops).toEqual(expect.arrayContaining([expect.stringMatching(/^link:登录/), expect.stringMatching(/^button:情绪自测/), expect.stringMatching(/^button:邀请好友/)]));

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('aria-label')?.startsWith('情绪自测'))) break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/pages\/selftest\/index/);
    // Pinch-zoom is allowed.
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).not.toMatch(/user-scalable=no|maximum-scale=1(\D|$)/);
    await phone.close();
  });
});
