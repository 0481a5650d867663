import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEED_THEME_CAMPAIGN_ID } from '../../functions/campaign/seed';
import { SEED_COURSES } from '../../functions/course/seed';
import { SEED_GATHERING_ID } from '../../functions/gathering/seed';
import { seed } from '../../functions/local/seed';
import { SEED_INVITE_CAMPAIGN_ID } from '../../functions/referral/seed';
import type { Role } from '../../shared/auth/roles';
import { axeFindings } from './axe';
import { loginAs, newDesk, newPhone, open, SCREENSHOT_DIR, shot, useStack, visible } from './harness';

/**
 * Every page of the mini-program, opened as the person it is for, with the demo data of `npm start`: it finishes
 * loading without showing an error, and axe-core finds nothing serious or critical (WCAG 2.1 A/AA). Client pages on
 * a phone; staff pages on a phone and at a desk (1280 px). Each is saved as `sweep-<page>-<phone|desk>.png`, one
 * gallery of the whole app to look through. The flows themselves are tested in the other e2e files.
 */
const e2e = useStack({ seed: () => seed() });

interface Visit {
  /** App path with its query, e.g. `/pages/gathering/detail?id=…`. */
  path: string;
  /** Who opens it; omitted: nobody signed in. */
  as?: { name: string; role: Role };
  /** Staff pages are also used at a desk. */
  desk?: boolean;
}

const CLIENT = { name: '小安', role: 'client' as const };
const CARE_CLIENT = { name: '示例来访者', role: 'client' as const };
const COUNSELOR = { name: '林静', role: 'counselor' as const };
const MARKETER = { name: '市场部小李', role: 'marketer' as const };
const ADMIN = { name: '管理员', role: 'admin' as const };

/** Data the id-carrying pages need, made through the API as the app would make it. */
async function pageData() {
  const { api } = e2e.stack;
  const client = await api.login(CLIENT.name, CLIENT.role);
  const marketer = await api.login(MARKETER.name, MARKETER.role);
  const counselor = await api.login(COUNSELOR.name, COUNSELOR.role);
  const result = await api.call('POST', '/selftests/phq9/results', { token: client.token, body: { answers: [1, 1, 0, 1, 0, 0, 0, 0, 0] } });
  expect(result.status).toBe(201);

  // A theme day two days ahead (always this or next month), with the seeded counselor, and a booking on it.
  const date = DateTime.now().setZone('Asia/Shanghai').plus({ days: 2 }).toISODate()!;
  const day = await api.call('POST', '/themedays', { token: marketer.token, body: { date, theme: '睡眠与情绪', counselorIds: [counselor.user.id], hours: { from: '09:00', to: '11:00' } } });
  expect(day.status).toBe(201);
  expect((await api.call('POST', `/themedays/${date}/publish`, { token: marketer.token, body: { published: true } })).status).toBe(200);
  const slots = (await api.call('GET', `/themedays/${date}`, { token: client.token })).body.slots as { id: string; available: boolean }[];
  const booking = await api.call('POST', '/bookings', { token: client.token, body: { slotId: slots.find((s) => s.available)!.id } });
  expect(booking.status).toBe(201);

  const invite = (await api.call('GET', '/me/invite', { token: client.token })).body.code as string;
  const careClient = await api.login(CARE_CLIENT.name, CARE_CLIENT.role);
  const complaint = (await api.call('GET', '/me/complaints', { token: careClient.token })).body.items[0].id as string;
  return { resultId: result.body.id as string, date, bookingId: booking.body.id as string, invite, complaint, careClientId: careClient.user.id };
}

function visits(d: Awaited<ReturnType<typeof pageData>>): Record<string, Visit> {
  const course = SEED_COURSES[0].id;
  return {
    home: { path: '/pages/index/index' },
    login: { path: '/pages/auth/login' },
    profile: { path: '/pages/auth/profile', as: CLIENT },
    'selftest-list': { path: '/pages/selftest/index' },
    'selftest-quiz': { path: '/pages/selftest/quiz?id=gad7' },
    'selftest-result': { path: `/pages/selftest/result?id=${d.resultId}`, as: CLIENT },
    'selftest-history': { path: '/pages/selftest/history', as: CLIENT },
    'selftest-reading': { path: '/pages/selftest/reading?id=habits' },
    'booking-themedays': { path: '/pages/booking/index', as: CLIENT },
    'booking-day': { path: `/pages/booking/day?id=${d.date}`, as: CLIENT },
    'booking-confirm': { path: `/pages/booking/confirm?id=${d.bookingId}`, as: CLIENT },
    'booking-mine': { path: '/pages/booking/mine', as: CLIENT },
    'booking-paid': { path: '/pages/booking/paid', as: CLIENT },
    invite: { path: '/pages/referral/index', as: CLIENT },
    'invite-landing': { path: `/pages/referral/landing?code=${d.invite}` },
    vouchers: { path: '/pages/voucher/index', as: CLIENT },
    orders: { path: '/pages/payment/orders', as: CLIENT },
    'campaign-landing': { path: `/pages/campaign-landing/index?id=${SEED_INVITE_CAMPAIGN_ID}&ch=wechat` },
    me: { path: '/pages/me/index', as: CLIENT },
    'me-data': { path: '/pages/me/data', as: CLIENT },
    privacy: { path: '/pages/care/privacy', as: CLIENT },
    feedback: { path: '/pages/care/feedback', as: CARE_CLIENT },
    complain: { path: `/pages/care/complain?bookingId=${d.bookingId}`, as: CLIENT },
    complaint: { path: `/pages/care/complaint?id=${d.complaint}`, as: CARE_CLIENT },
    gatherings: { path: '/pages/gathering/index', as: CLIENT },
    'gathering-detail': { path: `/pages/gathering/detail?id=${SEED_GATHERING_ID}`, as: CLIENT },
    membership: { path: '/pages/membership/index', as: CLIENT },
    points: { path: '/pages/membership/points', as: CLIENT },
    courses: { path: '/pages/course/index', as: CLIENT },
    'course-reader': { path: `/pages/course/reader?id=${course}`, as: CLIENT },

    'counselor-day': { path: `/pages/counselor/index?date=${d.date}`, as: COUNSELOR, desk: true },
    'counselor-availability': { path: '/pages/counselor/availability', as: COUNSELOR, desk: true },
    'counselor-hours': { path: '/pages/counselor/hours', as: COUNSELOR, desk: true },
    'staff-themedays': { path: '/pages/campaign/themedays', as: MARKETER, desk: true },
    'campaign-list': { path: '/pages/campaign/list', as: MARKETER, desk: true },
    'campaign-editor': { path: `/pages/campaign/editor?id=${SEED_INVITE_CAMPAIGN_ID}`, as: MARKETER, desk: true },
    dashboard: { path: `/pages/analytics/dashboard?id=${SEED_THEME_CAMPAIGN_ID}`, as: MARKETER, desk: true },
    tiers: { path: '/pages/analytics/tiers', as: MARKETER, desk: true },
    'complaint-queue': { path: '/pages/care-admin/complaints', as: ADMIN, desk: true },
    timeline: { path: `/pages/care-admin/timeline?id=${d.careClientId}`, as: ADMIN, desk: true },
    'care-dashboard': { path: '/pages/care-admin/dashboard', as: MARKETER, desk: true },
    messages: { path: '/pages/care-admin/messages', as: MARKETER, desk: true },
    'gathering-desk': { path: '/pages/gathering-admin/list', as: MARKETER, desk: true },
    'gathering-editor': { path: `/pages/gathering-admin/editor?id=${SEED_GATHERING_ID}`, as: MARKETER, desk: true },
    'gathering-checkin': { path: `/pages/gathering-admin/checkin?id=${SEED_GATHERING_ID}`, as: COUNSELOR, desk: true },
    'gathering-stats': { path: `/pages/gathering-admin/stats?id=${SEED_GATHERING_ID}`, as: MARKETER, desk: true },
    'membership-desk': { path: '/pages/gathering-admin/members', as: MARKETER, desk: true },
    'course-desk': { path: '/pages/course/admin', as: MARKETER, desk: true },
    'course-editor': { path: `/pages/course/editor?id=${course}`, as: MARKETER, desk: true },
  };
}

/** Opens the page as its person and waits until it has finished loading (no loading indicator, network quiet). */
async function visit(context: BrowserContext, v: Visit): Promise<Page> {
  const page = await context.newPage();
  if (v.as) await loginAs(page, v.as.name, v.as.role, v.path);
  else await open(page, v.path);
  await page.waitForLoadState('networkidle');
  await visible(page).waitFor();
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('.taro_page')).some((p) => (p as HTMLElement).offsetParent !== null && p.querySelector('.rp-loading')), undefined, { timeout: 15_000 });
  return page;
}

/** What the page shows instead of its content when loading failed, if anything. */
async function errorShown(page: Page): Promise<string | null> {
  const error = visible(page).locator('.rp-error');
  return (await error.count()) ? (await error.first().innerText()).replace(/\s+/g, ' ') : null;
}

describe('every page, as its person would open it (H5 build)', () => {
  it('loads without an error state and has no serious or critical axe findings, on a phone and (staff) at a desk', { timeout: 600_000 }, async () => {
    const all = visits(await pageData());
    const phone = await newPhone(e2e.browser);
    const desk = await newDesk(e2e.browser);
    const problems: Record<string, string[]> = {};
    for (const [name, v] of Object.entries(all)) {
      for (const [size, context] of v.desk ? ([['phone', phone], ['desk', desk]] as const) : ([['phone', phone]] as const)) {
        const page = await visit(context, v);
        const found = await axeFindings(page);
        const error = await errorShown(page);
        if (error) found.unshift(`error state: ${error}`);
        await shot(page, `sweep-${name}-${size}`);
        if (found.length) problems[`${name} (${size})`] = found;
        await page.close();
      }
    }
    await phone.close();
    await desk.close();
    writeFileSync(join(SCREENSHOT_DIR, 'sweep-findings.json'), JSON.stringify(problems, null, 2));
    expect(problems).toEqual({});
  });
});
