import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/db/client';
import { drainStreams } from '../../functions/local/streams';
import { chooseVariant } from '../../shared/campaign/variants';
import { launchBrowser, loginAs, newPhone, open, shot, startStack, visible, type Stack } from './harness';

/**
 * A marketer builds and publishes a two-variant campaign on a laptop; two people open it from different channels
 * on their phones; one signs up and takes the self-test; the dashboard shows it in the right channel and variant.
 * The dashboard shows single clients as "<5" (privacy), so the exact counts are also read from the counter item.
 */
let stack: Stack;
let browser: Browser;
let laptop: BrowserContext;
let marketer: Page;
const phones: BrowserContext[] = [];
let campaignId = '';
let variants: { id: string; weight: number }[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  laptop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Europe/Berlin' });
  marketer = await laptop.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const text = async (p: Page) => (await visible(p).innerText()).replace(/\s+/g, ' ');

/** The visitor id the landing page stored on this phone (Taro's H5 storage wraps values as {data}). */
async function storedVisitor(p: Page): Promise<string> {
  const raw = await p.evaluate(() => localStorage.getItem('ripple.visitorId'));
  const parsed = raw ? JSON.parse(raw) : null;
  return typeof parsed === 'string' ? parsed : parsed?.data;
}

async function counters(): Promise<Record<string, number>> {
  const out = await db().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `STATS#CAMPAIGN#${campaignId}`, sk: 'STATS' } }));
  return (out.Item ?? {}) as Record<string, number>;
}

describe('campaign page and dashboard (H5 build)', () => {
  it('a marketer creates a campaign with two variants, previews it as a client and publishes it', async () => {
    await loginAs(marketer, '市场部小李', 'marketer');
    await open(marketer, '/pages/campaign/list');
    await visible(marketer).getByText('新建活动', { exact: true }).click();
    await marketer.waitForURL(/pages\/campaign\/editor/);
    const form = visible(marketer);
    const inputs = form.locator('input');
    await inputs.nth(0).fill('十二月情绪关怀月');
    await inputs.nth(3).fill('douyin, wechat');
    await form.getByText('以客户视角预览').first().click();
    await form.locator('.cadmin__preview').getByText('开始 3 分钟自测').waitFor();
    await shot(marketer, 'campaign-editor');
    await form.getByText('发布', { exact: true }).click();
    await form.getByText('公开链接（带渠道参数）').waitFor();
    const link = await form.locator('.cadmin__link').innerText();
    // The short public address a channel is given.
    campaignId = /\/campaigns\/([0-9A-Z]+)\?ch=douyin$/.exec(link)![1];
    const saved = await stack.api.call('GET', `/campaigns/${campaignId}/preview?variant=A`, { token: (await stack.api.login('市场部小李', 'marketer')).token });
    expect(saved.body.campaign).toMatchObject({ name: '十二月情绪关怀月', status: 'published' });
    const list = await stack.api.call('GET', '/campaigns', { token: (await stack.api.login('市场部小李', 'marketer')).token });
    variants = list.body.items[0].variants;
    expect(variants.map((v) => v.id)).toEqual(['A', 'B']);
  }, 90_000);

  it('two people open it from different channels; one signs up and takes the self-test; the dashboard shows it', async () => {
    const visitors: { channel: string; page: Page; visitor: string; variant: string }[] = [];
    for (const channel of ['douyin', 'wechat']) {
      const ctx = await newPhone(browser);
      phones.push(ctx);
      const page = await ctx.newPage();
      // One visitor comes through the short public link a channel is given, the other straight to the page.
      if (channel === 'douyin') await page.goto(`${stack.webUrl}/campaigns/${campaignId}?ch=${channel}`);
      else await open(page, `/pages/campaign-landing/index?id=${campaignId}&ch=${channel}`);
      await visible(page).getByText('开始 3 分钟自测').waitFor();
      await shot(page, `campaign-landing-${channel}`);
      const visitor = await storedVisitor(page);
      visitors.push({ channel, page, visitor, variant: chooseVariant(variants, campaignId, visitor)!.id });
    }

    // The douyin visitor takes the self-test from the page without signing in, then signs in to save the result.
    const { page } = visitors[0];
    await visible(page).getByText('开始 3 分钟自测').click();
    await page.waitForURL(/pages\/selftest\/quiz\?id=phq9/);
    for (let i = 1; i <= 9; i++) {
      await visible(page).getByText(`${i} / 9`, { exact: true }).waitFor();
      await visible(page).locator('.quiz__option').getByText('好几天', { exact: true }).click();
    }
    await page.waitForURL(/pages\/selftest\/result\?draft=1/);
    await visible(page).getByText('登录并保存', { exact: true }).click();
    await page.waitForURL(/pages\/auth\/login/);
    await visible(page).locator('input').fill('抖音来的小周');
    await visible(page).getByText('登录', { exact: true }).last().click();
    await page.waitForURL(/pages\/selftest\/result\?id=/);

    await drainStreams();
    const n = await counters();
    const [douyin, wechat] = visitors;
    expect(n[`f|visitors|douyin|${douyin.variant}`]).toBe(1);
    expect(n[`f|visitors|wechat|${wechat.variant}`]).toBe(1);
    expect(n[`f|signups|douyin|${douyin.variant}`]).toBe(1);
    expect(n[`f|selftests|douyin|${douyin.variant}`]).toBe(1);
    expect(Object.keys(n).filter((k) => k.startsWith('f|signups|')).length).toBe(1);

    await open(marketer, `/pages/analytics/dashboard?id=${campaignId}`);
    const board = visible(marketer);
    await board.getByText('转化漏斗').waitFor();
    const cell = (row: string, stage: string) => board.locator(`[data-cell="${row}:${stage}"]`).first().innerText();
    expect(await cell('douyin', 'visitors')).toBe('<5');
    expect(await cell('douyin', 'signups')).toBe('<5');
    expect(await cell('douyin', 'selftests')).toBe('<5');
    expect(await cell('wechat', 'visitors')).toBe('<5');
    expect(await cell('wechat', 'signups')).toBe('0');
    expect(await cell(douyin.variant, 'signups')).toBe('<5');
    if (wechat.variant !== douyin.variant) expect(await cell(wechat.variant, 'signups')).toBe('0');
    expect(await text(marketer)).toContain('少于 5 位客户的格子显示为“<5”');
    expect(await text(marketer)).not.toContain('抖音来的小周');
    await shot(marketer, 'campaign-dashboard');

    await open(marketer, '/pages/analytics/tiers');
    await visible(marketer).getByText('分层标准（近 12 个月）').waitFor();
    await shot(marketer, 'campaign-tiers');
  }, 180_000);
});
