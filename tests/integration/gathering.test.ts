import { describe, expect, it } from 'vitest';
import { SEED_GATHERING_ID, seedGathering } from '../../functions/gathering/seed';
import { forgetCachedGatherings } from '../../functions/gathering/service';
import { sendDueGatheringReminders } from '../../functions/gathering/reminders';
import { setWechat } from '../../functions/wechat';
import { LocalWechatApi } from '../../functions/wechat/local';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

const HOUR = 3_600_000;

function talk(overrides: Record<string, unknown> = {}) {
  const start = Date.now() + 2 * HOUR;
  return {
    kind: 'talk',
    title: '睡个好觉',
    summary: '关于睡眠的小讲座',
    mode: 'online',
    link: 'https://meeting.example.com/sleep',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + HOUR).toISOString(),
    capacity: 10,
    price: 0,
    ...overrides,
  };
}

async function published(body: Record<string, unknown> = {}) {
  const marketer = await api.login('市场部小李', 'marketer');
  const created = await api.call('POST', '/gatherings', { token: marketer.token, body: talk(body) });
  expect(created.status).toBe(201);
  expect(created.body.status).toBe('draft');
  const pub = await api.call('POST', `/gatherings/${created.body.id}/publish`, { token: marketer.token, body: {} });
  expect(pub.body.status).toBe('published');
  forgetCachedGatherings();
  return { id: created.body.id as string, marketer };
}

describe('gatherings: create, publish, public page', () => {
  it('a marketer creates a draft that clients cannot see until it is published; bad input names the field', async () => {
    const marketer = await api.login('市场部小李', 'marketer');
    const client = await api.login('路人甲');
    const bad = await api.call('POST', '/gatherings', { token: marketer.token, body: talk({ link: undefined }) });
    expect(bad).toMatchObject({ status: 400, body: { field: 'link' } });
    const badEnd = await api.call('POST', '/gatherings', { token: marketer.token, body: talk({ endsAt: new Date(Date.now()).toISOString() }) });
    expect(badEnd).toMatchObject({ status: 400, body: { field: 'endsAt' } });
    expect((await api.call('POST', '/gatherings', { token: client.token, body: talk() })).status).toBe(403);

    const draft = await api.call('POST', '/gatherings', { token: marketer.token, body: talk() });
    expect((await api.call('GET', `/gatherings/${draft.body.id}`)).status).toBe(404);
    await api.call('POST', `/gatherings/${draft.body.id}/publish`, { token: marketer.token, body: {} });
    const page = await api.call('GET', `/gatherings/${draft.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ title: '睡个好觉', kindName: '讲座', price: 0, paymentRequired: false, seatsLeft: 10, myRegistration: null });
    // Attendance counts and internal tiers are for staff only.
    expect(page.body.attended).toBeUndefined();
    expect(page.body.earlyTiers).toBeUndefined();
    // The gathering's own Beijing month (not one worked out again from the clock, which may have crossed a month since).
    const month = new Date(Date.parse(draft.body.startsAt) + 8 * HOUR).toISOString().slice(0, 7);
    const list = await api.call('GET', `/gatherings?month=${month}`, { token: client.token });
    expect(list.body.items.map((g: { id: string }) => g.id)).toContain(draft.body.id);
  });

  it('the seed has one published free talk about a week ahead with 10 seats', async () => {
    await seedGathering();
    await seedGathering();
    const page = await api.call('GET', `/gatherings/${SEED_GATHERING_ID}`);
    expect(page.body).toMatchObject({ status: 'published', kind: 'talk', capacity: 10, price: 0 });
    const days = (Date.parse(page.body.startsAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6);
    expect(days).toBeLessThan(8);
  });
});

describe('registration under a race', () => {
  it('50 clients for 10 seats: exactly 10 registered, 40 waitlisted in a strict order; cancelling moves the first one up', async () => {
    const { id, marketer } = await published();
    const clients = await Promise.all(Array.from({ length: 50 }, (_, i) => api.login(`抢座-${i}`)));
    const answers = await Promise.all(clients.map((c) => api.call('POST', `/gatherings/${id}/registrations`, { token: c.token, body: { channel: 'wechat' } })));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const registered = answers.filter((a) => a.body.status === 'registered');
    const waitlisted = answers.filter((a) => a.body.status === 'waitlisted');
    expect(registered).toHaveLength(10);
    expect(waitlisted).toHaveLength(40);
    // Once the rush is over, positions are a permutation of 1…40: each place in the queue belongs to exactly one
    // person, and nobody's place is earlier than the one they were first told (a place only ever improves).
    const settled = await Promise.all(
      answers.map(async (a, i) => (a.body.status === 'waitlisted' ? (await api.call('GET', `/gatherings/${id}`, { token: clients[i].token })).body.myRegistration.position : undefined)),
    );
    expect(settled.filter((p) => p !== undefined).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    answers.forEach((a, i) => {
      if (a.body.status === 'waitlisted') expect(settled[i]).toBeGreaterThanOrEqual(a.body.position);
    });

    const page = await api.call('GET', `/gatherings/${id}`, { token: marketer.token });
    expect(page.body).toMatchObject({ registered: 10, seatsLeft: 0 });

    // A retry answers the same and takes nothing more.
    const first = clients[answers.indexOf(registered[0])];
    const again = await api.call('POST', `/gatherings/${id}/registrations`, { token: first.token, body: {} });
    expect(again).toMatchObject({ status: 201, body: { status: 'registered', code: registered[0].body.code } });

    // The one at position 1 takes the freed seat; everyone behind moves up by one.
    const headIndex = settled.findIndex((p) => p === 1);
    const secondIndex = settled.findIndex((p) => p === 2);
    expect((await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: first.token })).status).toBe(200);
    const head = await api.call('GET', `/gatherings/${id}`, { token: clients[headIndex].token });
    expect(head.body.myRegistration.status).toBe('registered');
    const second = await api.call('GET', `/gatherings/${id}`, { token: clients[secondIndex].token });
    expect(second.body.myRegistration).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await api.call('GET', `/gatherings/${id}`, { token: marketer.token })).body.registered).toBe(10);
  });

  it('concurrent cancellations each hand their seat to the next in line, never past capacity', async () => {
    const { id, marketer } = await published({ capacity: 3 });
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => api.login(`候补-${i}`)));
    const answers = [];
    for (const c of clients) answers.push(await api.call('POST', `/gatherings/${id}/registrations`, { token: c.token, body: {} }));
    expect(answers.map((a) => a.body.status)).toEqual(['registered', 'registered', 'registered', ...Array(5).fill('waitlisted')]);
    await Promise.all(clients.slice(0, 3).map((c) => api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: c.token })));
    const states = await Promise.all(clients.map((c) => api.call('GET', `/gatherings/${id}`, { token: c.token })));
    expect(states.map((s) => s.body.myRegistration?.status ?? 'none')).toEqual(['none', 'none', 'none', 'registered', 'registered', 'registered', 'waitlisted', 'waitlisted']);
    expect(states[6].body.myRegistration.position).toBe(1);
    expect((await api.call('GET', `/gatherings/${id}`, { token: marketer.token })).body.registered).toBe(3);

    // A marketer adds a seat: the next in line takes it.
    const page = (await api.call('GET', `/gatherings/${id}`, { token: marketer.token })).body;
    const raised = await api.call('PUT', `/gatherings/${id}`, { token: marketer.token, body: { kind: page.kind, title: page.title, mode: page.mode, link: page.link, startsAt: page.startsAt, endsAt: page.endsAt, capacity: 4, price: page.price } });
    expect(raised.body).toMatchObject({ capacity: 4, registered: 4 });
    expect((await api.call('GET', `/gatherings/${id}`, { token: clients[6].token })).body.myRegistration.status).toBe('registered');
    expect((await api.call('GET', `/gatherings/${id}`, { token: clients[7].token })).body.myRegistration.position).toBe(1);
    const lowered = await api.call('PUT', `/gatherings/${id}`, { token: marketer.token, body: { kind: page.kind, title: page.title, mode: page.mode, link: page.link, startsAt: page.startsAt, endsAt: page.endsAt, capacity: 2 } });
    expect(lowered).toMatchObject({ status: 409, body: { error: 'capacity_below_registered' } });
  });
});

describe('check-in at the door', () => {
  it('checks a registered client in once by code (typed or scanned); a second scan is a 409 naming when', async () => {
    const { id, marketer } = await published();
    const client = await api.login('来签到的人');
    const reg = await api.call('POST', `/gatherings/${id}/registrations`, { token: client.token, body: {} });
    const code = reg.body.code as string;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);

    expect((await api.call('POST', `/gatherings/${id}/checkins`, { token: client.token, body: { code } })).status).toBe(403);
    expect(await api.call('POST', `/gatherings/${id}/checkins`, { token: marketer.token, body: { code: 'AAAAAA' } })).toMatchObject({ status: 404, body: { field: 'code' } });
    expect(await api.call('POST', `/gatherings/${id}/checkins`, { token: marketer.token, body: { code: 'abc' } })).toMatchObject({ status: 400, body: { field: 'code' } });

    const scans = await Promise.all([
      api.call('POST', `/gatherings/${id}/checkins`, { token: marketer.token, body: { code: code.toLowerCase() } }),
      api.call('POST', `/gatherings/${id}/checkins`, { token: marketer.token, body: { code: `ripple-checkin:${code}` } }),
    ]);
    expect(scans.map((s) => s.status).sort()).toEqual([201, 409]);
    expect(scans.find((s) => s.status === 201)!.body).toMatchObject({ name: '来签到的人', status: 'attended' });
    expect(scans.find((s) => s.status === 409)!.body.error).toBe('already_checked_in');

    const page = await api.call('GET', `/gatherings/${id}`, { token: client.token });
    expect(page.body.myRegistration.status).toBe('attended');
    // Attending earns points once (the marketer's rule: 20 by default) and the relationship level moves up.
    const me = await api.call('GET', '/me/membership', { token: client.token });
    expect(me.body.points.balance).toBe(20);
    expect(me.body.level).toBe('tongxing');
  });

  it('an .ics with the code and a reminder alarm for the registered client only', async () => {
    const { id } = await published();
    const client = await api.login('要日历的人');
    const other = await api.login('没报名的人');
    const reg = await api.call('POST', `/gatherings/${id}/registrations`, { token: client.token, body: {} });
    const ics = await api.call('GET', `/gatherings/${id}/ics`, { token: client.token });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(ics.text).toContain('BEGIN:VALARM');
    expect(ics.text).toContain(reg.body.code);
    expect((await api.call('GET', `/gatherings/${id}/ics`, { token: other.token })).status).toBe(404);
  });
});

describe('reminders', () => {
  it('one subscription message a day before, only with a grant and only while still registered', async () => {
    const outbox = new LocalWechatApi('http://127.0.0.1');
    setWechat(outbox);
    try {
      const start = Date.now() + 2 * 86_400_000;
      const { id } = await published({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString() });
      const a = await api.login('提醒我');
      const b = await api.login('提醒后取消');
      const stranger = await api.login('没报名');
      for (const c of [a, b]) await api.call('POST', `/gatherings/${id}/registrations`, { token: c.token, body: {} });
      const set = await api.call('POST', `/gatherings/${id}/reminders`, { token: a.token, body: { templateId: 'tpl-g' } });
      expect(set).toMatchObject({ status: 201, body: { dueAt: new Date(start - 86_400_000).toISOString() } });
      expect((await api.call('POST', `/gatherings/${id}/reminders`, { token: a.token, body: { templateId: 'tpl-g' } })).status).toBe(200);
      expect((await api.call('POST', `/gatherings/${id}/reminders`, { token: stranger.token, body: { templateId: 'tpl-g' } })).status).toBe(404);
      await api.call('POST', `/gatherings/${id}/reminders`, { token: b.token, body: { templateId: 'tpl-g' } });
      await api.call('POST', `/gatherings/${id}/registrations/cancel`, { token: b.token });

      expect((await sendDueGatheringReminders(new Date())).sent).toBe(0);
      const due = new Date(start - 23 * HOUR);
      await Promise.all([sendDueGatheringReminders(due), sendDueGatheringReminders(due)]);
      expect(outbox.outbox).toHaveLength(1);
      expect(outbox.outbox[0]).toMatchObject({ templateId: 'tpl-g', page: `pages/gathering/detail?id=${id}` });
      expect((await sendDueGatheringReminders(due)).sent).toBe(0);
    } finally {
      setWechat(undefined);
    }
  });
});

describe('knowledge quiz', () => {
  it('scores the player and shows the score to the player only; answers never reach a client before playing', async () => {
    const quiz = [
      { text: '情绪会自己过去吗？', options: ['会，慢慢就好', '需要被看见和照顾'], answer: 1, explanation: '情绪需要被看见。' },
      { text: '睡眠不足会影响情绪吗？', options: ['会', '不会'], answer: 0 },
    ];
    const { id, marketer } = await published({ kind: 'quiz', quiz });
    const player = await api.login('答题的人');
    const page = await api.call('GET', `/gatherings/${id}`, { token: player.token });
    expect(page.body.quiz[0]).toEqual({ text: quiz[0].text, options: quiz[0].options });
    const played = await api.call('POST', `/gatherings/${id}/quiz`, { token: player.token, body: { answers: [1, 1] } });
    expect(played.body).toMatchObject({ correct: 1, total: 2 });
    expect((await api.call('GET', `/gatherings/${id}`, { token: player.token })).body.myQuizScore).toMatchObject({ correct: 1, total: 2 });
    const stats = await api.call('GET', `/gatherings/${id}/stats`, { token: marketer.token });
    expect(JSON.stringify(stats.body)).not.toContain('correct');
  });
});

describe('marketer view of a gathering', () => {
  it('counts by channel with "<5" for cells of 1–4 people', async () => {
    const { id, marketer } = await published({ capacity: 20 });
    for (let i = 0; i < 6; i++) {
      const c = await api.login(`渠道-${i}`);
      await api.call('POST', `/gatherings/${id}/registrations`, { token: c.token, body: { channel: i < 5 ? 'douyin' : 'xhs' } });
    }
    const stats = await api.call('GET', `/gatherings/${id}/stats`, { token: marketer.token });
    const douyin = stats.body.byChannel.find((r: { channel: string }) => r.channel === 'douyin');
    const xhs = stats.body.byChannel.find((r: { channel: string }) => r.channel === 'xhs');
    expect(douyin).toMatchObject({ registered: 5, newClients: 5 });
    expect(xhs).toMatchObject({ registered: '<5' });
    expect(stats.body.total.registered).toBe(6);
  });
});
