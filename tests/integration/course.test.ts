import { beforeAll, describe, expect, it } from 'vitest';
import { listMyProgress, markLessonDone } from '../../functions/db/course';
import { forgetMembershipCache } from '../../functions/db/membership';
import { getBalance, listLedger } from '../../functions/db/points';
import { seedCourses } from '../../functions/course/seed';
import { DEFAULT_MEMBERSHIP_SETTINGS } from '../../shared/membership/benefits';
import { DEFAULT_POINTS_SETTINGS } from '../../shared/membership/points';
import { useApiTestBed } from '../setup/testbed';

const api = useApiTestBed();

beforeAll(async () => {
  await seedCourses();
});

const marketer = () => api.login('市场部小李', 'marketer');
const admin = () => api.login('管理员', 'admin');

async function givePoints(userId: string, points: number) {
  const a = await admin();
  expect((await api.call('POST', '/admin/points/adjustments', { token: a.token, body: { userId, points, reason: '课程测试' } })).status).toBe(201);
}

async function clientWithEmotionBasics(name: string) {
  const c = await api.login(name);
  await givePoints(c.user.id, 60);
  const r = await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'course-basic' } });
  expect(r.status).toBe(201);
  expect(r.body.courseId).toBe('emotion-basics');
  return c;
}

const done = (token: string, courseId: string, lessonId: string) => api.call('POST', `/courses/${courseId}/lessons/${lessonId}/done`, { token });

describe('the seeded courses', () => {
  it('are the published courses the seeded points reward and benefit name, and seeding again changes nothing', async () => {
    const m = await marketer();
    const before = (await api.call('GET', '/admin/courses', { token: m.token })).body.items;
    await seedCourses();
    expect((await api.call('GET', '/admin/courses', { token: m.token })).body.items).toEqual(before);
    const named = [
      ...DEFAULT_POINTS_SETTINGS.rewards.filter((r) => r.kind === 'course_access').map((r) => r.courseId),
      ...DEFAULT_MEMBERSHIP_SETTINGS.benefits.filter((b) => b.kind === 'course_access').map((b) => b.courseId),
    ];
    expect(named.sort()).toEqual(['emotion-basics', 'mindfulness-intro']);
    for (const id of named) {
      const c = (await api.call('GET', `/courses/${id}`, { token: m.token })).body;
      expect(c.status).toBe('published');
      expect(c.lessons.length).toBeGreaterThanOrEqual(3);
      expect(c.lessons.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('access to a course', () => {
  it('without the entitlement or a benefit: 403, and the reason names how to open it (points or level); the list shows it locked', async () => {
    const c = await api.login('新来访者甲');
    const refused = await api.call('GET', '/courses/emotion-basics', { token: c.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('course_locked');
    expect(refused.body.message).toContain('60 积分');
    expect(refused.body.how).toEqual(['points']);
    expect(refused.body.lessons).toBeUndefined();
    expect((await done(c.token, 'emotion-basics', 'l1')).status).toBe(403);

    const list = await api.call('GET', '/courses', { token: c.token });
    expect(list.status).toBe(200);
    const basics = list.body.items.find((i: { id: string }) => i.id === 'emotion-basics');
    expect(basics.access).toMatchObject({ open: false, rewardId: 'course-basic', points: 60 });
    expect(basics.access.reason).toContain('积分');
    expect(basics.lessons).toBeUndefined();
    // The seeded benefit (level 同行 and above, and the internal basic tier a new client is in) opens the other.
    const mindful = list.body.items.find((i: { id: string }) => i.id === 'mindfulness-intro');
    expect(mindful.access).toEqual({ open: true, via: 'benefit' });
    expect(JSON.stringify(list.body)).not.toMatch(/"(basic|growth|core|potential)"/);
  });

  it('when no tier gives the benefit, the locked reason names the levels that do', async () => {
    const m = await marketer();
    const current = (await api.call('GET', '/membership/settings', { token: m.token })).body;
    const benefits = current.membership.benefits.map((b: { kind: string }) => (b.kind === 'course_access' ? { ...b, tiers: [] } : b));
    expect((await api.call('PUT', '/membership/settings/benefits', { token: m.token, body: { ...current.membership, benefits } })).status).toBe(200);
    forgetMembershipCache();
    try {
      const c = await api.login('新来访者乙');
      const refused = await api.call('GET', '/courses/mindfulness-intro', { token: c.token });
      expect(refused.status).toBe(403);
      expect(refused.body.how).toEqual(['benefit']);
      expect(refused.body.message).toContain('同行');
    } finally {
      await api.call('PUT', '/membership/settings/benefits', { token: m.token, body: current.membership });
      forgetMembershipCache();
    }
  });

  it('with course access bought with points the lessons open', async () => {
    const c = await clientWithEmotionBasics('兑换了课程的来访者');
    const open = await api.call('GET', '/courses/emotion-basics', { token: c.token });
    expect(open.status).toBe(200);
    expect(open.body.access).toEqual({ open: true, via: 'entitlement' });
    expect(open.body.lessons.map((l: { id: string }) => l.id)).toEqual(['l1', 'l2', 'l3', 'l4']);
    expect(open.body.lessons[0].paragraphs.length).toBeGreaterThan(0);
    expect(open.body.progress).toMatchObject({ done: 0, total: 4, finished: false });
    const me = await api.call('GET', '/me/membership', { token: c.token });
    expect(me.body.entitlements).toEqual([expect.objectContaining({ what: 'course#emotion-basics', title: '情绪自助基础课' })]);
  });
});

describe('finishing a course earns the points once', () => {
  it('10 concurrent "done" calls for the last lesson, then retries: the points arrive exactly once', async () => {
    const c = await clientWithEmotionBasics('认真学习的来访者');
    expect((await getBalance(c.user.id, true)).balance).toBe(0);
    for (const l of ['l1', 'l2', 'l3']) {
      const r = await done(c.token, 'emotion-basics', l);
      expect(r.status).toBe(200);
      expect(r.body.finished).toBe(false);
    }
    // The same lesson twice is still one lesson read.
    expect((await done(c.token, 'emotion-basics', 'l3')).body.progress).toMatchObject({ done: 3, total: 4 });

    const last = await Promise.all(Array.from({ length: 10 }, () => done(c.token, 'emotion-basics', 'l4')));
    expect(last.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(last.every((r) => r.body.finished === true)).toBe(true);
    expect(last.filter((r) => r.body.earnedPoints === 30).length).toBeGreaterThanOrEqual(1);

    const retries = await Promise.all([done(c.token, 'emotion-basics', 'l4'), done(c.token, 'emotion-basics', 'l1')]);
    expect(retries.map((r) => r.body)).toEqual([expect.objectContaining({ finished: true, earnedPoints: 30 }), expect.objectContaining({ finished: true, earnedPoints: 30 })]);

    expect((await getBalance(c.user.id, true)).balance).toBe(30);
    const earns = (await listLedger(c.user.id, true)).filter((e) => e.kind === 'earn');
    expect(earns).toEqual([expect.objectContaining({ cause: 'earn:course_finished:emotion-basics', points: 30 })]);
    const points = await api.call('GET', '/me/points', { token: c.token });
    expect(points.body.items.map((i: { label: string }) => i.label)).toContain('完成课程');

    const again = await api.call('GET', '/courses/emotion-basics', { token: c.token });
    expect(again.body.progress).toMatchObject({ done: 4, total: 4, finished: true, earnedPoints: 30 });
  });

  it('a crash after the last lesson was written, before the earn: marking any lesson again earns the points', async () => {
    const c = await api.login('断线的来访者');
    // All three lessons recorded as read, as if the request had died before earning.
    for (const l of ['l1', 'l2', 'l3']) await markLessonDone(c.user.id, 'mindfulness-intro', l, new Date());
    expect((await getBalance(c.user.id, true)).balance).toBe(0);
    const list = await api.call('GET', '/courses', { token: c.token });
    expect(list.body.items.find((i: { id: string }) => i.id === 'mindfulness-intro').progress).toMatchObject({ finished: true });

    const r = await done(c.token, 'mindfulness-intro', 'l2');
    expect(r.body).toMatchObject({ finished: true, earnedPoints: 30 });
    expect((await getBalance(c.user.id, true)).balance).toBe(30);
  });

  it('when the rule budget is used up: the course is finished, no points, no error', async () => {
    const m = await marketer();
    const current = (await api.call('GET', '/membership/settings', { token: m.token })).body;
    const earn = current.points.earn.map((r: { cause: string }) => (r.cause === 'course_finished' ? { ...r, budget: 0 } : r));
    expect((await api.call('PUT', '/membership/settings/points', { token: m.token, body: { ...current.points, earn } })).status).toBe(200);
    forgetMembershipCache();
    try {
      const c = await api.login('预算用完时的来访者');
      const answers = [];
      for (const l of ['l1', 'l2', 'l3']) answers.push(await done(c.token, 'mindfulness-intro', l));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers[2].body).toMatchObject({ finished: true, earnedPoints: 0 });
      expect((await getBalance(c.user.id, true)).balance).toBe(0);
      expect((await done(c.token, 'mindfulness-intro', 'l1')).body).toMatchObject({ finished: true, earnedPoints: 0 });
    } finally {
      await api.call('PUT', '/membership/settings/points', { token: m.token, body: current.points });
      forgetMembershipCache();
    }
  });
});

describe('authoring', () => {
  const lesson = { title: '第一课', paragraphs: ['读一读。'] };

  it('a marketer creates a draft (validated, each error names its field), clients cannot see it until it is published', async () => {
    const m = await marketer();
    const bad = [
      [{ title: '', lessons: [lesson] }, 'title'],
      [{ title: '课', lessons: [] }, 'lessons'],
      [{ id: 'Not A Slug', title: '课', lessons: [lesson] }, 'id'],
      [{ title: '课', lessons: [{ title: '空', paragraphs: [] }] }, 'lessons.0.paragraphs'],
      [{ title: '课', lessons: [lesson, { ...lesson, id: 'x' }, { ...lesson, id: 'x' }] }, 'lessons'],
    ] as const;
    for (const [body, field] of bad) {
      const r = await api.call('POST', '/courses', { token: m.token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    const c = await api.login('看不到草稿的来访者');
    expect((await api.call('POST', '/courses', { token: c.token, body: { title: '课', lessons: [lesson] } })).status).toBe(403);

    const created = await api.call('POST', '/courses', { token: m.token, body: { id: 'sleep-basics', title: '睡眠小课', summary: '关于睡眠的几件小事', lessons: [lesson, { title: '第二课', paragraphs: ['再读一读。'] }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'sleep-basics', status: 'draft', lessonCount: 2 });
    expect(created.body.lessons.map((l: { id: string }) => l.id)).toEqual(['l1', 'l2']);
    expect((await api.call('POST', '/courses', { token: m.token, body: { id: 'sleep-basics', title: '另一门', lessons: [lesson] } })).body).toMatchObject({ error: 'course_exists', field: 'id' });

    // Drafts are invisible to clients, wherever they look.
    expect((await api.call('GET', '/courses', { token: c.token })).body.items.map((i: { id: string }) => i.id)).not.toContain('sleep-basics');
    expect((await api.call('GET', '/courses/sleep-basics', { token: c.token })).status).toBe(404);
    expect((await done(c.token, 'sleep-basics', 'l1')).status).toBe(404);
    expect((await api.call('GET', '/admin/courses', { token: m.token })).body.items.map((i: { id: string }) => i.id)).toContain('sleep-basics');
    expect((await api.call('GET', '/admin/courses', { token: c.token })).status).toBe(403);

    // An edit keeps lesson ids; a removed lesson's id is never given to a new lesson.
    const edited = await api.call('PUT', '/courses/sleep-basics', { token: m.token, body: { title: '睡眠小课', lessons: [{ ...lesson, id: 'l1' }, { title: '新的一课', paragraphs: ['新内容。'] }] } });
    expect(edited.status).toBe(200);
    expect(edited.body.lessons.map((l: { id: string }) => l.id)).toEqual(['l1', 'l3']);
    expect((await api.call('PUT', '/courses/sleep-basics', { token: m.token, body: { id: 'other', title: '课', lessons: [lesson] } })).body.field).toBe('id');
    expect((await api.call('PUT', '/courses/nope', { token: m.token, body: { title: '课', lessons: [lesson] } })).status).toBe(404);

    expect((await api.call('POST', '/courses/sleep-basics/publish', { token: m.token, body: {} })).body.status).toBe('published');
    const listed = (await api.call('GET', '/courses', { token: c.token })).body.items.find((i: { id: string }) => i.id === 'sleep-basics');
    // Published, but no reward or benefit names it yet: locked, and said calmly.
    expect(listed.access.open).toBe(false);
    expect(listed.access.reason).toContain('部分会员');
  });

  it('bad ids in the path are 4xx naming the field, never a 5xx', async () => {
    const c = await api.login('输入错误的来访者');
    const r = await api.call('POST', '/courses/emotion-basics/lessons/L%20X/done', { token: c.token });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('lessonId');
    const missing = await done(c.token, 'mindfulness-intro', 'l9');
    expect(missing.status).toBe(404);
    expect(missing.body.field).toBe('lessonId');
    expect((await api.call('GET', '/courses/BAD!', { token: c.token })).body.field).toBe('id');
  });
});

describe('the crisis pause and my data', () => {
  it('while offers are paused: courses already open stay readable, locked ones are not offered', async () => {
    const c = await api.login('需要休息的来访者');
    const crisis = await api.call('POST', '/selftests/phq9/results', { token: c.token, body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    expect(crisis.body.crisis).toBe(true);
    const list = await api.call('GET', '/courses', { token: c.token });
    expect(list.body.offersPaused).toBe(true);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(['mindfulness-intro']);
    expect((await api.call('GET', '/courses/mindfulness-intro', { token: c.token })).status).toBe(200);
    const locked = await api.call('GET', '/courses/emotion-basics', { token: c.token });
    expect(locked.status).toBe(403);
    expect(locked.body.message).not.toContain('积分');
    expect(locked.body.rewardId).toBeUndefined();
  });

  it('course progress is in the export and gone after delete', async () => {
    const c = await api.login('导出数据的来访者');
    expect((await done(c.token, 'mindfulness-intro', 'l1')).status).toBe(200);
    const out = await api.call('GET', '/me/export', { token: c.token });
    expect(out.body.courses.progress).toEqual([expect.objectContaining({ courseId: 'mindfulness-intro', lessonsRead: ['l1'] })]);
    expect((await api.call('DELETE', '/me/data', { token: c.token })).status).toBe(200);
    expect(await listMyProgress(c.user.id)).toEqual([]);
  });
});
