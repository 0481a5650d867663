import { describe, expect, it } from 'vitest';
import { attendedConsult } from '../integration/care-fixtures';
import { loginAs, newDesk, newPhone, open, shot, useStack, visible } from './harness';

/**
 * The care loop in a browser (H5 build): a client rates an attended consult (CSAT and NPS), files a complaint,
 * an admin at a desk answers and resolves it with a goodwill voucher, and the client reads the answer; a second
 * complaint is resolved with a refund of part of the paid consult, paid back through the WeChat Pay stand-in.
 */
const e2e = useStack();
const CLIENT = '小禾';

describe('the care loop in a browser', () => {
  it('rate a consult, file a complaint, an admin resolves it, the client reads the answer', { timeout: 300_000 }, async () => {
    const { api } = e2e.stack;
    const counselor = await api.login('林静', 'counselor');
    const client = await api.login(CLIENT);
    const admin = await api.login('管理员', 'admin');
    const bookingId = await attendedConsult(api, client.token, counselor);

    // ---- the client rates the consult ----
    const phone = await newPhone(e2e.browser);
    const page = await phone.newPage();
    await loginAs(page, CLIENT, 'client', '/pages/care/feedback');
    await visible(page).getByText('待评价的咨询').waitFor();
    await shot(page, 'care-1-feedback');
    await visible(page).getByText('评价这次咨询').click();
    await visible(page).getByText('你对这次咨询的满意程度').waitFor();
    await visible(page).getByRole('radio', { name: '4 分 比较满意' }).click();
    await visible(page).getByRole('radio', { name: '9 分', exact: true }).click();
    await visible(page).locator('textarea').fill('咨询师很耐心，时间有点短');
    await shot(page, 'care-2-rate');
    await visible(page).getByText('提交评价').click();
    await visible(page).getByText('谢谢你的评价').first().waitFor();
    const ratings = await api.call('GET', '/me/ratings', { token: client.token });
    expect(ratings.body.items).toEqual([expect.objectContaining({ bookingId, csat: 4, npsAnswered: true })]);

    // ---- the client files a complaint ----
    await open(page, '/pages/care/complain');
    await visible(page).getByText('关于哪方面').waitFor();
    await visible(page).getByText('费用', { exact: true }).click();
    await visible(page).locator('textarea').fill('付款后发现价格和预约页上写的不一样，多收了 50 元。');
    await shot(page, 'care-3-complain');
    await visible(page).getByText('提交', { exact: true }).click();
    await visible(page).getByText('意见详情').first().waitFor();
    await visible(page).getByText('还没有回复，我们会在 24 小时内答复你。').waitFor();
    await shot(page, 'care-4-complaint-filed');

    // ---- the admin, at a desk, answers and resolves it ----
    const deskContext = await newDesk(e2e.browser);
    const adminPage = await deskContext.newPage();
    await loginAs(adminPage, '管理员', 'admin', '/pages/care-admin/complaints');
    await visible(adminPage).getByText(`费用 · ${CLIENT} · 已提交`).waitFor();
    await visible(adminPage).getByText('首次回复时限', { exact: false }).first().waitFor();
    await shot(adminPage, 'care-5-queue-desk');
    await visible(adminPage).getByText('处理', { exact: true }).first().click();
    await visible(adminPage).locator('textarea').first().fill('非常抱歉，已核实是价格显示的问题，我们为您准备了补偿。');
    await visible(adminPage).getByText('发送回复').click();
    await visible(adminPage).getByText('已回复，客户会在「我的反馈」里看到').waitFor();
    // The panel stays open for the resolution.
    await visible(adminPage).getByText('心意券', { exact: true }).click();
    await visible(adminPage).locator('input').last().fill('50');
    await visible(adminPage).locator('textarea').last().fill('50 元心意券已放入您的咨询券，下次预约可用。');
    await shot(adminPage, 'care-6-resolve-desk');
    await visible(adminPage).getByText('标记为已处理').click();
    await visible(adminPage).getByText(/心意券 ¥50/).waitFor();
    const queue = await api.call('GET', '/admin/complaints?status=resolved', { token: admin.token });
    expect(queue.body.items[0]).toMatchObject({ status: 'resolved', outcome: { kind: 'voucher', amount: 50 }, sla: { overdue: false } });

    // The same queue on a phone.
    const adminPhone = await (await newPhone(e2e.browser)).newPage();
    await loginAs(adminPhone, '管理员', 'admin', '/pages/care-admin/complaints');
    await visible(adminPhone).getByText(`费用 · ${CLIENT} · 已处理`).waitFor();
    await shot(adminPhone, 'care-7-queue-phone');

    // ---- the client sees the answer and the voucher ----
    await open(page, '/pages/care/feedback');
    await visible(page).getByText('有新回复').waitFor();
    await visible(page).getByText('有新回复').click();
    await visible(page).getByText('非常抱歉，已核实是价格显示的问题，我们为您准备了补偿。').waitFor();
    await visible(page).getByText('¥50 · 已放入「我的咨询券」').waitFor();
    await shot(page, 'care-8-answer');
    const wallet = await api.call('GET', '/me/vouchers', { token: client.token });
    expect(wallet.body.items).toEqual([expect.objectContaining({ reason: 'goodwill', value: 50, status: 'issued' })]);

    // ---- a second complaint about the paid consult, resolved with a refund through WeChat Pay (the stand-in) ----
    const refundId = (await api.call('POST', '/me/complaints', { token: client.token, body: { category: 'counselor', text: '咨询晚开始了二十分钟，时间被压缩了。', bookingId } })).body.id;
    await open(adminPage, '/pages/care-admin/complaints');
    await visible(adminPage).getByText(`咨询师 · ${CLIENT} · 已提交`).waitFor();
    await visible(adminPage).getByText('处理', { exact: true }).first().click();
    await visible(adminPage).getByText('退款', { exact: true }).click();
    // The consult the complaint names is filled in; the admin sets the amount.
    expect(await visible(adminPage).locator('input').last().inputValue()).toBe(bookingId);
    await visible(adminPage).locator('input[type="number"]').last().fill('80');
    await visible(adminPage).locator('textarea').last().fill('为耽误的时间退还 80 元，原路退回。');
    await shot(adminPage, 'care-8a-refund-desk');
    await visible(adminPage).getByText('标记为已处理').click();
    await visible(adminPage).getByText(/退款 ¥80 · (退款处理中|已退款)/).waitFor();
    await expect.poll(async () => (await api.call('GET', `/me/complaints/${refundId}`, { token: client.token })).body.outcome?.refundStatus, { timeout: 10_000 }).toBe('refunded');
    await open(adminPage, '/pages/care-admin/complaints');
    await visible(adminPage).getByText(/退款 ¥80 · 已退款/).waitFor();
    await shot(adminPage, 'care-8b-refunded-queue-desk');
    await open(page, `/pages/care/complaint?id=${refundId}`);
    await visible(page).getByText('状态：已退款').waitFor();
    await visible(page).getByText(/¥80 已于 .* 原路退回你的微信支付账户/).waitFor();
    await shot(page, 'care-8c-refunded-client');
    await open(page, '/pages/payment/orders');
    await visible(page).getByText('−¥80').waitFor();
    await visible(page).getByText('部分退款', { exact: true }).waitFor();
    await shot(page, 'care-8d-refunded-receipt');
    expect((await api.call('GET', `/bookings/${bookingId}`, { token: client.token })).body.status).toBe('attended');

    // ---- 隐私与授权, and the staff pages, for a look at both widths ----
    await open(page, '/pages/care/privacy');
    await visible(page).getByText('活动与优惠消息').waitFor();
    await visible(page).getByRole('switch', { name: '活动与优惠消息' }).or(visible(page).locator('.weui-switch').first()).first().click();
    await visible(page).getByText(/已于 .* 同意/).waitFor();
    await shot(page, 'care-9-privacy');
    await open(adminPage, `/pages/care-admin/timeline?id=${client.user.id}`);
    await visible(adminPage).getByText('查看记录（审计）').waitFor();
    await shot(adminPage, 'care-10-timeline-desk');
    await open(adminPage, '/pages/care-admin/dashboard');
    await visible(adminPage).getByText('推荐 vs 非推荐').waitFor();
    await shot(adminPage, 'care-11-dashboard-desk');
    await open(adminPhone, '/pages/care-admin/dashboard');
    await visible(adminPhone).getByText('推荐 vs 非推荐').waitFor();
    await shot(adminPhone, 'care-12-dashboard-phone');
    await open(adminPage, '/pages/care-admin/messages');
    await visible(adminPage).getByText('新建推送').waitFor();
    await shot(adminPage, 'care-13-messages-desk');
    await open(adminPhone, '/pages/care-admin/messages');
    await visible(adminPhone).getByText('新建推送').waitFor();
    await shot(adminPhone, 'care-14-messages-phone');
  });
});
