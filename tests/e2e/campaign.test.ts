import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCampaignCounters } from '../../functions/db/analytics';
import { startStreamPoller } from '../../functions/local/streams';
import { loginAs, newDesk, newPhone, open, shot, useStack, visible } from './harness';

/**
 * The growth loop in the browser. A marketer builds a two-variant invite campaign using only forms (no JSON), is told
 * what is unfinished next to the field, publishes it and gets each channel's link and QR code. Six people arrive
 * through two channels in fresh browsers; one of them signs up and copies an invite link; five friends open it,
 * accept and complete a self-test. The dashboard then shows the loop — counts of 5 or more as numbers, smaller cells
 * as "<5" — once the stream has caught up.
 *
 * The stream is read as under `npm start`: the local poller drains DynamoDB Local's stream every 500 ms, so the
 * expected lag from a write to the dashboard is under ~1 s locally (under a few seconds on a loaded machine; in AWS the
 * Lambda stream trigger adds ~0.1–1 s); the dashboard is polled for up to 30 s.
 */
const e2e = useStack();
let laptop: BrowserContext;
let marketer: Page;
let stopPoller: () => void = () => undefined;
const phones: BrowserContext[] = [];
let campaignId = '';
const TITLE_A = '照顾好自己，也照顾身边的人';
const TITLE_B = '一起来做三分钟情绪自测';

beforeAll(async () => {
  stopPoller = startStreamPoller(500, () => undefined);
  laptop = await newDesk(e2e.browser);
  marketer = await laptop.newPage();
});
afterAll(async () => {
  stopPoller();
  for (const p of phones) await p.close().catch(() => undefined);
});

const text = async (p: Page) => (await visible(p).innerText()).replace(/\s+/g, ' ');
const field = (p: Page, path: string) => visible(p).locator(`[data-field="${path}"]`).first();
const fill = (p: Page, path: string, value: string) => field(p, path).locator('input, textarea').first().fill(value);

async function phone(): Promise<Page> {
  const ctx = await newPhone(e2e.browser);
  phones.push(ctx);
  return ctx.newPage();
}

async function completePhq9(p: Page) {
  await open(p, '/pages/selftest/index');
  await visible(p).getByText('情绪自测（抑郁）').click();
  for (let i = 1; i <= 9; i++) {
    await visible(p).getByText(`${i} / 9`, { exact: true }).waitFor();
    await visible(p).locator('.quiz__option').getByText('完全不会', { exact: true }).click();
  }
  // Scored on the phone; saving it (signed in) is what sends it, and what counts as the qualifying action.
  await p.waitForURL(/pages\/selftest\/result\?draft=1/);
  await visible(p).getByText('保存到我的记录', { exact: true }).click();
  await p.waitForURL(/pages\/selftest\/result\?id=/);
}

describe('the growth loop, built with forms and seen on the dashboard (H5 build)', () => {
  it('a marketer builds a two-variant invite campaign with forms only, is told what is unfinished, publishes it', async () => {
    await loginAs(marketer, '市场部小李', 'marketer');
    await open(marketer, '/pages/campaign/list');
    await visible(marketer).getByText('新建活动', { exact: true }).click();
    await marketer.waitForURL(/pages\/campaign\/editor/);
    const form = visible(marketer);
    expect(await form.locator('textarea').count()).toBe(0); // no JSON boxes anywhere
    await fill(marketer, 'name', '十二月 · 邀请好友一起关照情绪');
    // channels are checkboxes with Chinese names (微信分享 and 海报 are ticked for a new campaign), plus a custom one
    await form.locator('[data-check="douyin"]').click();
    await form.locator('[data-check="poster"]').click(); // untick
    await form.getByText('＋ 添加自定义渠道').click();
    await form.locator('.cform__custom input').fill('瑜伽馆');
    // the WeChat sharing-rules check sits beside the rules form
    expect(await text(marketer)).toContain('奖励只在好友本人完成行动后发放');
    await fill(marketer, 'rules.milestone', '8');
    await form.locator('[data-rule-level="warn"]').getByText(/门槛较高/).waitFor();
    await fill(marketer, 'rules.milestone', '3');

    // publishing the untouched template is refused, the server naming the field, next to it
    await form.getByText('发布', { exact: true }).click();
    const titleError = form.locator('[data-error-for="variants.0.blocks.0.text"]');
    await titleError.waitFor();
    expect(await titleError.innerText()).toContain('示例文字');

    await fill(marketer, 'variants.0.blocks.0.text', TITLE_A);
    await fill(marketer, 'variants.0.blocks.0.subtitle', '邀请好友来做情绪自测，双方都得咨询券');
    // the live preview beside the form shows what a client sees
    await form.locator('[data-variant="A"] .cform__phone').getByText(TITLE_A).waitFor();

    // variant B: a duplicate of A, renamed, retitled, its self-test entry moved above the rules, plus a button
    await form.getByText('复制此版本', { exact: true }).click();
    await fill(marketer, 'variants.1.name', '直接版');
    await fill(marketer, 'variants.1.blocks.0.text', TITLE_B);
    await form.locator('[data-block="B-2"] .cform__mini').first().click(); // ↑
    await form.locator('[data-variant="B"]').getByText('＋ 按钮', { exact: true }).click();
    await fill(marketer, 'variants.1.blocks.3.label', '现在就邀请好友');
    await form.locator('[data-field="variants.1.blocks.3.action"]').getByText('邀请好友', { exact: true }).click();
    const previewB = form.locator('[data-variant="B"] .cform__phone');
    await previewB.getByText('现在就邀请好友').waitFor();
    expect((await previewB.innerText()).indexOf('开始 3 分钟自测')).toBeLessThan((await previewB.innerText()).indexOf('活动规则'));
    await shot(marketer, 'campaign-editor-1280');

    // the same editor on a phone: the preview goes below the form, nothing scrolls sideways
    await marketer.setViewportSize({ width: 390, height: 844 });
    await marketer.waitForTimeout(300);
    const widths = await marketer.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view + 1);
    const [formBox, previewBox] = await Promise.all([form.locator('[data-variant="A"] .cform__variant-form').boundingBox(), form.locator('[data-variant="A"] .cform__variant-preview').boundingBox()]);
    expect(previewBox!.y).toBeGreaterThan(formBox!.y + formBox!.height - 1);
    await shot(marketer, 'campaign-editor-390');
    await marketer.setViewportSize({ width: 1280, height: 900 });

    await form.getByText('发布', { exact: true }).click();
    await form.getByText('渠道链接与二维码').waitFor();
    const douyinLink = await form.locator('[data-channel="douyin"] .cform__link').innerText();
    campaignId = /\/campaigns\/([0-9A-Z]+)\?ch=douyin$/.exec(douyinLink)![1];
    for (const ch of ['wechat', 'douyin', 'custom_1']) {
      const card = form.locator(`[data-channel="${ch}"]`);
      expect(await card.locator('.cform__link').innerText()).toContain(`/campaigns/${campaignId}?ch=${ch}`);
      await marketer.waitForFunction((c) => {
        const img = document.querySelector(`[data-channel="${c}"] .cform__qr img`) as HTMLImageElement | null;
        return Boolean(img?.complete && img.naturalWidth > 0);
      }, ch);
    }
    expect(await form.locator('[data-channel="custom_1"] .cform__link-name').innerText()).toBe('瑜伽馆');
    // a QR code downloads as a PNG
    const [download] = await Promise.all([marketer.waitForEvent('download'), form.locator('[data-channel="douyin"]').getByText('下载二维码').click()]);
    expect(download.suggestedFilename()).toBe(`qr-${campaignId}-douyin.png`);
    await shot(marketer, 'campaign-editor-published');

    // the list shows the period with the year, in Beijing time
    await open(marketer, '/pages/campaign/list');
    const period = await visible(marketer).locator(`[data-period="${campaignId}"]`).innerText();
    expect(period).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 – \d{4}年\d{1,2}月\d{1,2}日/);
  }, 240_000);

  it('six people arrive through two channels; one shares; five friends accept and take the self-test; the dashboard shows the loop', async () => {
    // The six open the campaign page the way the links lead (the hash route; the short /campaigns/ address is served
    // by the web server, tested elsewhere).
    const visitors: Page[] = [];
    for (const [i, ch] of ['wechat', 'wechat', 'wechat', 'douyin', 'douyin', 'douyin'].entries()) {
      const p = await phone();
      await open(p, `/pages/campaign-landing/index?id=${campaignId}&ch=${ch}`);
      await visible(p).getByText(/照顾好自己|一起来做三分钟/).first().waitFor();
      if (i === 3) await shot(p, 'campaign-landing-douyin');
      visitors.push(p);
    }

    // The last douyin visitor signs up and copies an invite link (a "link copied" share).
    const inviter = visitors[5];
    await loginAs(inviter, '抖音来的小周', 'client', '/pages/referral/index');
    await visible(inviter).locator('.referral__rules-card').waitFor();
    await visible(inviter).getByText('复制邀请链接', { exact: true }).click();
    const linkInput = visible(inviter).locator('.referral__link-input input');
    await linkInput.waitFor();
    const link = await linkInput.inputValue();
    expect(link).toContain('via=link');

    for (const [i, name] of ['小北', '小晨', '小东', '小西', '小南'].entries()) {
      const p = await phone();
      await p.goto(link);
      await visible(p).getByText('抖音来的小周 邀请你来涟漪').waitFor();
      await visible(p).getByText('登录并接受邀请', { exact: true }).click();
      await p.waitForURL(/pages\/auth\/login/);
      await visible(p).locator('input').fill(`${name}${i}`);
      await visible(p).getByText('登录', { exact: true }).last().click();
      await visible(p).getByText('你已接受 抖音来的小周 的邀请').waitFor();
      await completePhq9(p);
    }

    // The dashboard, polled until the stream has caught up with the five self-tests.
    await open(marketer, `/pages/analytics/dashboard?id=${campaignId}`);
    const board = visible(marketer);
    const bar = (stage: string) => board.locator(`[data-bar="${stage}"] .bars__value`).first().innerText();
    const deadline = Date.now() + 30_000;
    for (;;) {
      await board.getByText('邀请裂变链路').waitFor();
      if ((await bar('qualified')) === '5') break;
      if (Date.now() > deadline) throw new Error(`the stream did not catch up: qualified shows ${await bar('qualified')}`);
      await marketer.waitForTimeout(1000);
      await marketer.reload();
    }
    expect(await bar('shared')).toBe('<5'); // one link copied
    expect(await bar('opened')).toBe('5');
    expect(await bar('accepted')).toBe('5');
    expect(await bar('qualified')).toBe('5');
    expect(await bar('booked')).toBe('0');
    expect(await bar('paid')).toBe('—'); // no payments yet
    const cell = (row: string, col: string) => board.locator(`[data-cell="${row}:${col}"] .rtable__value`).first().innerText();
    expect(await cell('link', 'accepted')).toBe('5');
    expect(await cell('g1', 'accepted')).toBe('5');
    expect(await cell('g2', 'accepted')).toBe('0');
    expect(await cell('wechat', 'visitors')).toBe('<5');
    expect(await cell('douyin', 'visitors')).toBe('<5');
    expect(await cell('douyin', 'signups')).toBe('<5');
    expect(await board.locator('[data-figure="newClients"] .admin__figure-value').innerText()).toBe('6'); // 5 friends + the inviter, each once
    expect(await board.locator('[data-series="invite"]').innerText()).toContain('5');
    const page = await text(marketer);
    for (const name of ['小北', '小周', '小东']) expect(page).not.toContain(name);
    await shot(marketer, 'campaign-dashboard-1280');

    // the exact counts behind the "<5" cells, from the counter shards
    const n = await readCampaignCounters(campaignId);
    expect((n['f|visitors|wechat|A'] ?? 0) + (n['f|visitors|wechat|B'] ?? 0)).toBe(3);
    expect((n['f|visitors|douyin|A'] ?? 0) + (n['f|visitors|douyin|B'] ?? 0)).toBe(3);
    expect(n['k|shares|link']).toBe(1);

    // on a phone: cards instead of tables, nothing scrolls sideways
    await marketer.setViewportSize({ width: 390, height: 844 });
    await marketer.waitForTimeout(300);
    const widths = await marketer.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view + 1);
    await shot(marketer, 'campaign-dashboard-390');
    await marketer.setViewportSize({ width: 1280, height: 900 });

    await open(marketer, '/pages/analytics/tiers');
    await visible(marketer).getByText('分层标准（近 12 个月）').waitFor();
    await shot(marketer, 'campaign-tiers');
  }, 300_000);
});
