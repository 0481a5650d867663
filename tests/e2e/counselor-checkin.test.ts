import { describe, expect, it } from 'vitest';
import { setLevel } from '../../functions/db/membership';
import { loginAs, newPhone, shot, useStack, visible } from './harness';

const e2e = useStack();

const HOUR = 3_600_000;

describe('counselor at the door, and the check-in reminder in 我的权益 (H5 build)', () => {
  it('a counselor opens 活动现场签到 from the workbench, picks the talk and checks a client in by code', { timeout: 240_000 }, async () => {
    const m = await e2e.stack.api.login('市场部小李', 'marketer');
    const start = Date.now() + HOUR;
    const created = await e2e.stack.api.call('POST', '/gatherings', {
      token: m.token,
      body: {
        kind: 'salon', title: '周末读书沙龙', summary: '一起读一本关于情绪的书', mode: 'offline', address: '涟漪中心 2 层', capacity: 8,
        startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString(),
        blocks: [{ kind: 'richText', paragraphs: [{ text: '带上你喜欢的一段话。', style: 'normal' }] }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await e2e.stack.api.call('POST', `/gatherings/${id}/publish`, { token: m.token, body: {} });
    const client = await e2e.stack.api.login('小安');
    expect((await e2e.stack.api.call('POST', `/gatherings/${id}/registrations`, { token: client.token, body: {} })).status).toBe(201);
    const code = (await e2e.stack.api.call('GET', `/gatherings/${id}`, { token: client.token })).body.myRegistration.code as string;

    const phone = await newPhone(e2e.browser);
    const p = await phone.newPage();
    await loginAs(p, '王老师', 'counselor', '/pages/counselor/index');
    await visible(p).getByText('活动现场签到', { exact: true }).click();
    await visible(p).getByText('周末读书沙龙').waitFor();
    await shot(p, 'counselor-checkin-1-pick');
    await visible(p).getByText('周末读书沙龙').click();
    const input = visible(p).locator('.gadmin__code input');
    await input.waitFor();
    await input.fill(code.toLowerCase());
    await visible(p).getByText('签到', { exact: true }).last().click();
    await visible(p).getByText('小安 签到成功').waitFor();
    await shot(p, 'counselor-checkin-2-done');
  });

  it('a member with the benefit sees the reminder’s consent state and a link to 隐私与授权', { timeout: 180_000 }, async () => {
    const c = await e2e.stack.api.login('小禾');
    await setLevel(c.user.id, 'chushi', 'zhiyou');
    const phone = await newPhone(e2e.browser);
    const p = await phone.newPage();
    await loginAs(p, '小禾', 'client', '/pages/membership/index');
    await visible(p).getByText('每季度关心提醒').waitFor();
    const page = (await visible(p).innerText()).replace(/\s+/g, ' ');
    expect(page).toContain('接收关心提醒：未同意');
    expect(page).toContain('请在微信小程序中开启');
    await visible(p).getByText('在「隐私与授权」中查看或更改').scrollIntoViewIfNeeded();
    await shot(p, 'checkin-reminder-1-membership');
    await visible(p).getByRole('link', { name: '在「隐私与授权」中查看或更改' }).click();
    await visible(p).getByText('隐私与授权').first().waitFor();
    await p.waitForURL(/pages\/care\/privacy/);
  });
});
