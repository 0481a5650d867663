import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as analyticsStream } from '../../functions/analytics/stream';
import { seedCourses } from '../../functions/course/seed';
import { drainStreams, streamRecordsFromStart } from '../../functions/local/streams';
import { CourseFiguresSchema } from '../../shared/course/report';
import { useApiTestBed } from '../setup/testbed';

/**
 * The marketer's course figures (`GET /analytics/courses`): per course, clients who got in (by points / by a
 * benefit), started, finished and the points finishing paid — counted from the table's stream, "<5" for 1–4.
 * Its own table, so the figures are exact.
 */
const api = useApiTestBed();

beforeAll(async () => {
  await seedCourses();
});

const BASICS = ['l1', 'l2', 'l3', 'l4']; // emotion-basics, opened with 60 points (reward course-basic)
const MINDFUL = ['l1', 'l2', 'l3']; // mindfulness-intro, open to every new client through the seeded benefit

async function redeemBasics(name: string, before?: (c: Awaited<ReturnType<typeof api.login>>) => Promise<void>) {
  const admin = await api.login('管理员', 'admin');
  const c = await api.login(name);
  await before?.(c);
  expect((await api.call('POST', '/admin/points/adjustments', { token: admin.token, body: { userId: c.user.id, points: 60, reason: '课程数据测试' } })).status).toBe(201);
  expect((await api.call('POST', '/me/points/redemptions', { token: c.token, body: { rewardId: 'course-basic' } })).status).toBe(201);
  return c;
}

async function read(token: string, courseId: string, lessons: string[]) {
  expect((await api.call('GET', `/courses/${courseId}`, { token })).status).toBe(200);
  for (const l of lessons) expect((await api.call('POST', `/courses/${courseId}/lessons/${l}/done`, { token })).status).toBe(200);
}

const figures = async () => {
  const marketer = await api.login('市场部小李', 'marketer');
  const r = await api.call('GET', '/analytics/courses', { token: marketer.token });
  expect(r.status).toBe(200);
  expect(CourseFiguresSchema.safeParse(r.body).success).toBe(true);
  return r.body as import('../../shared/course/report').CourseFigures;
};
const of = (body: { courses: { courseId: string }[] }, id: string) => body.courses.find((c) => c.courseId === id);

describe('the marketer’s course figures', () => {
  it('counts per course who got in and how, who started and finished, and the points paid; "<5" for 1–4; never twice; never a withdrawn client', async () => {
    expect((await figures()).courses).toEqual([]);

    // Six clients redeem 情绪自助基础课 with points; five read every lesson (30 points each), one reads one lesson.
    const redeemers = [];
    for (const i of [1, 2, 3, 4, 5, 6]) redeemers.push(await redeemBasics(`学员${i}`));
    for (const c of redeemers.slice(0, 5)) await read(c.token, 'emotion-basics', BASICS);
    await read(redeemers[5].token, 'emotion-basics', ['l1']);
    // The same lesson again, and the course opened again: nothing new.
    await read(redeemers[0].token, 'emotion-basics', ['l2']);

    // Through the benefit, two clients open 正念入门: one only looks, one reads a lesson. Opening twice is one open.
    const looker = await api.login('只看看的来访者');
    await read(looker.token, 'mindfulness-intro', []);
    await read(looker.token, 'mindfulness-intro', []);
    const reader = await api.login('读了一课的来访者');
    await read(reader.token, 'mindfulness-intro', ['l1']);

    // A client who withdrew consent to statistics redeems and finishes: in no figure.
    const withdrawn = await redeemBasics('不参与统计的来访者', async (c) => {
      expect((await api.call('PUT', '/me/consents', { token: c.token, body: { statistics: false } })).status).toBe(200);
      await drainStreams();
    });
    await read(withdrawn.token, 'emotion-basics', BASICS);
    await read(withdrawn.token, 'mindfulness-intro', MINDFUL);
    await drainStreams();

    const view = await figures();
    expect(view.courses.map((c) => c.courseId)).toEqual(['emotion-basics', 'mindfulness-intro']); // by title (pinyin)
    expect(of(view, 'emotion-basics')).toEqual({
      courseId: 'emotion-basics',
      title: '情绪自助基础课',
      status: 'published',
      clients: 6,
      byWay: { points: 6, benefit: 0 },
      started: 6,
      finished: 5,
      completionRate: 0.8333,
      pointsIssued: 150,
      finishedWithoutPoints: 0,
    });
    expect(of(view, 'mindfulness-intro')).toMatchObject({ clients: '<5', byWay: { points: 0, benefit: '<5' }, started: '<5', finished: 0, completionRate: null, pointsIssued: 0 });
    // Never a person: no ids or names.
    for (const c of [...redeemers, looker, reader, withdrawn]) {
      expect(JSON.stringify(view)).not.toContain(c.user.id);
      expect(JSON.stringify(view)).not.toContain(c.user.name);
    }

    // The whole stream delivered again to the analytics Lambda (a retried batch): every record is already counted.
    const records = await streamRecordsFromStart();
    expect(records.length).toBeGreaterThan(50);
    const retried = await analyticsStream({ Records: records } as DynamoDBStreamEvent);
    expect(retried.batchItemFailures).toEqual([]);
    expect(await figures()).toMatchObject({ courses: view.courses });
  });

  it('is for marketers and admins only', async () => {
    for (const role of ['counselor', 'client'] as const) {
      const who = await api.login(`${role}-看数据`, role);
      expect((await api.call('GET', '/analytics/courses', { token: who.token })).status).toBe(403);
    }
    expect((await api.call('GET', '/analytics/courses', {})).status).toBe(401);
    const admin = await api.login('管理员', 'admin');
    expect((await api.call('GET', '/analytics/courses', { token: admin.token })).status).toBe(200);
  });
});
