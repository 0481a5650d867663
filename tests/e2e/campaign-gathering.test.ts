import { describe, expect, it } from 'vitest';
import { SEED_GATHERING_ID, seedGathering } from '../../functions/gathering/seed';
import { campaignBody } from '../integration/campaign-fixtures';
import { axeFindings } from './axe';
import { loginAs, newDesk, newPhone, open, shot, useStack, visible } from './harness';

/**
 * A campaign page points to a gathering (issue 12): in the no-code editor the marketer turns a button into
 * 「报名活动」 and picks the talk from the published ones (never typing an id); a visitor's tap on the published page
 * opens that talk's own page.
 */
const e2e = useStack({ seed: () => seedGathering() });
const TALK = '和焦虑做朋友：一场温和的入门讲座';

describe('a campaign button that opens a gathering (H5 build)', () => {
  it('the marketer picks the talk for a button, saves and publishes; the visitor’s tap opens the talk', { timeout: 240_000 }, async () => {
    const { api } = e2e.stack;
    const m = await api.login('市场部小李', 'marketer');
    // Every visitor sees variant B (weight 100), whose second block is a button.
    const body = campaignBody({ name: '焦虑主题周' });
    body.variants[0].weight = 0;
    body.variants[1].weight = 100;
    const created = await api.call('POST', '/campaigns', { token: m.token, body });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const desk = await newDesk(e2e.browser);
    const page = await desk.newPage();
    await loginAs(page, '市场部小李', 'marketer', `/pages/campaign/editor?id=${id}`);
    const form = visible(page);
    const action = form.locator('[data-field="variants.1.blocks.1.action"]');
    await action.getByText('报名活动', { exact: true }).click();
    // The talk is offered by its title and time; nothing is chosen yet, so saving names the missing pick.
    const picker = form.locator('[data-field="variants.1.blocks.1.gatheringId"]');
    const talk = picker.getByRole('radio', { name: new RegExp(`^${TALK}`) });
    await talk.waitFor();
    await form.getByText('保存草稿', { exact: true }).click();
    await picker.locator('.cform__error').getByText('请选择按钮要打开的活动').waitFor();
    await shot(page, 'campaign-gathering-1-pick');
    expect(await axeFindings(page)).toEqual([]);

    await talk.click();
    expect(await talk.getAttribute('aria-checked')).toBe('true');
    await form.getByText('保存草稿', { exact: true }).click();
    await page.getByText('已保存').waitFor();
    const saved = (await api.call('GET', `/campaigns/${id}`, { token: m.token })).body;
    expect(saved.variants[1].blocks[1]).toMatchObject({ kind: 'cta', action: 'gathering', gatheringId: SEED_GATHERING_ID, label: '立即注册' });
    // Back to another action: the gathering is dropped, not left behind in the saved page.
    await action.getByText('注册', { exact: true }).click();
    await picker.waitFor({ state: 'detached' });
    await action.getByText('报名活动', { exact: true }).click();
    await talk.click();

    await form.getByText('发布', { exact: true }).click();
    await form.getByText('渠道链接与二维码').waitFor();
    await desk.close();

    // A visitor taps the button on the published page and reaches the talk.
    const phone = await newPhone(e2e.browser);
    const visitor = await phone.newPage();
    await open(visitor, `/pages/campaign-landing/index?id=${id}&ch=wechat`);
    await visible(visitor).getByText('立即注册', { exact: true }).click();
    await visitor.waitForURL(new RegExp(`pages/gathering/detail\\?id=${SEED_GATHERING_ID}`));
    await visible(visitor).getByText(TALK).first().waitFor();
    await shot(visitor, 'campaign-gathering-2-visitor');
    await phone.close();
  });
});
