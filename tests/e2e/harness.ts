import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { H5_DIR, ROOT } from '../../functions/local/h5';
import { listen } from '../../functions/local/server';
import { createWebServer } from '../../functions/local/web';
import type { Role } from '../../shared/auth/roles';
import { startApi, type TestApi } from '../setup/api';
import { useFreshTable } from '../setup/db';
import type { WechatPayStandIn } from '../../functions/wechat/pay-standin';
import { startPayStandIn } from '../setup/wechatpay';

export const SCREENSHOT_DIR = join(ROOT, 'tests', 'e2e', 'screenshots');

export interface Stack {
  /** The H5 build, e.g. `http://127.0.0.1:41234` (the app itself lives under `/#/pages/...`). */
  webUrl: string;
  /** The same API the web server proxies `/api` to, for setting up data and checking what was written. */
  api: TestApi;
  /** The local WeChat Pay stand-in (its "模拟微信支付" page is where the H5 app pays). */
  pay: WechatPayStandIn;
  close(): Promise<void>;
}

/** The web server of the stack this test file started (each test file runs in its own worker). */
let activeWebUrl: string | undefined;

const closeServer = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

/**
 * A fresh table, the real API adapter on a free port and the local web server over the H5 build on another,
 * exactly as `npm start` wires them (the H5 app calls `/api` on its own origin).
 */
export async function startStack(): Promise<Stack> {
  const { drop } = await useFreshTable();
  const api = await startApi();
  const apiPort = Number(new URL(api.url).port);
  const web = createWebServer(H5_DIR, () => apiPort);
  const webPort = await listen(web, 0);
  activeWebUrl = `http://127.0.0.1:${webPort}`;
  const pay = await startPayStandIn(api.url);
  return {
    webUrl: activeWebUrl,
    api,
    pay,
    async close() {
      await pay.close();
      web.closeAllConnections();
      await closeServer(web);
      api.server.closeAllConnections();
      await api.close();
      await drop();
    },
  };
}

/** The stack and the browser of one e2e file, set by `useStack`'s beforeAll: read them inside hooks and tests. */
export interface E2E {
  stack: Stack;
  browser: Browser;
}

/**
 * Starts the stack (then `seed`, e.g. the demo data, if given) and Chromium before the file's tests and closes both
 * after them. A file's own afterAll hooks run before this one's (vitest runs after-hooks in reverse), so contexts
 * it opens are closed while the browser still runs.
 */
export function useStack(options: { seed?: () => Promise<unknown> } = {}): E2E {
  const e2e = {} as E2E;
  beforeAll(async () => {
    e2e.stack = await startStack();
    await options.seed?.();
    e2e.browser = await launchBrowser();
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.stack?.close();
  });
  return e2e;
}

/** Debian's Chromium through playwright-core: nothing is downloaded. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A phone-sized context. The time zone is deliberately not China's: every time on screen must still be
 * Asia/Shanghai.
 */
export function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
}

/** A desk-sized context (1280 px wide), in a time zone that is not China's either. */
export function newDesk(browser: Browser, timezoneId = 'Europe/Berlin'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId });
}


/** Opens an app page of the started stack, e.g. `open(page, '/pages/selftest/index?x=1')`. */
export async function open(page: Page, path = '/pages/index/index'): Promise<void> {
  if (!activeWebUrl) throw new Error('startStack() first');
  await page.goto(`${activeWebUrl}/#${path}`);
}

/** Element text in the page the user currently sees (Taro H5 keeps earlier pages of the stack hidden in the DOM). */
export function visible(page: Page) {
  return page.locator('.taro_page:visible').last();
}

/**
 * Signs in through the login page, as a person would: name, for staff the 工作人员登录 toggle and a role, 登录.
 * Ends on `returnTo` (e.g. '/pages/booking/index'), or home. The same name and role is the same account.
 */
export async function loginAs(page: Page, name: string, role: Role = 'client', returnTo?: string): Promise<void> {
  const query = returnTo ? `?redirect=${encodeURIComponent(returnTo)}` : '';
  await open(page, `/pages/auth/login${query}`);
  const form = visible(page);
  await form.locator('input').fill(name);
  if (role !== 'client') {
    await form.getByText('工作人员登录', { exact: true }).click();
    const labels: Record<Exclude<Role, 'client'>, string> = { counselor: '咨询师', marketer: '运营', admin: '管理员' };
    await form.getByText(labels[role], { exact: true }).click();
  }
  await form.getByText('登录', { exact: true }).last().click();
  await page.waitForFunction(() => !location.hash.includes('/pages/auth/login'));
}

/**
 * Saves `tests/e2e/screenshots/<name>.png` (git-ignored) with the whole page. Taro H5 scrolls inside the page
 * element, not the document, so the viewport is stretched to the content's height for the picture.
 */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let fonts and the page transition settle so the picture shows what a person would see.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(350);
  const viewport = page.viewportSize() ?? { width: 390, height: 844 };
  const contentHeight = await visible(page).evaluate((el) => el.scrollHeight);
  const height = Math.max(viewport.height, Math.ceil(contentHeight));
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path });
  } finally {
    if (height > viewport.height) await page.setViewportSize(viewport);
  }
  return path;
}
