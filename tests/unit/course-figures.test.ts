import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../functions/analytics/stream';
import { reduce, type ClientState, type DomainEvent } from '../../shared/analytics/counters';
import { completionRate, courseFigures, CourseFiguresSchema } from '../../shared/course/report';

/** Every client's events through the reducer (one state per client), summing the courses scope as its item would. */
function counted(events: DomainEvent[]): Record<string, number> {
  const states = new Map<string, ClientState | undefined>();
  const totals: Record<string, number> = {};
  for (const e of events) {
    const id = (e as { userId: string }).userId;
    const out = reduce(states.get(id), e);
    if (out.state) states.set(id, out.state);
    for (const d of out.deltas) if (d.scope.kind === 'courses') totals[d.attr] = (totals[d.attr] ?? 0) + d.n;
  }
  return totals;
}

const signup = (userId: string): DomainEvent => ({ kind: 'user_created', userId, role: 'client', optIn: false });
const reached = (userId: string, courseId: string, stage: 'access' | 'started' | 'finished', extra: Partial<Extract<DomainEvent, { kind: 'course_reached' }>> = {}): DomainEvent => ({
  kind: 'course_reached',
  userId,
  courseId,
  stage,
  ...extra,
});
/** A client who redeems, starts and finishes (earning `points`), as the stream delivers it. */
const fullPath = (userId: string, courseId: string, via: 'points' | 'benefit', points = 30): DomainEvent[] => [
  signup(userId),
  reached(userId, courseId, 'access', { via }),
  reached(userId, courseId, 'started', { via }),
  reached(userId, courseId, 'finished', { via, points }),
];
const COURSES = [
  { id: 'emotion-basics', title: '情绪自助基础课', status: 'published' as const },
  { id: 'mindfulness-intro', title: '正念入门', status: 'published' as const },
  { id: 'sleep', title: '睡眠课', status: 'draft' as const },
];
const figure = (counters: Record<string, number>, id: string) => courseFigures(counters, COURSES).find((f) => f.courseId === id);

describe('course figures in the analytics reducer', () => {
  it('counts each client once per course and stage, by the first way in, whatever order and however often the stream delivers', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const events = [
      ...six.slice(0, 5).flatMap((u) => fullPath(u, 'emotion-basics', 'points')),
      // the sixth read everything but got no points (the budget ran out)
      ...fullPath('f', 'emotion-basics', 'benefit', 0).map((e) => (e.kind === 'course_reached' && e.stage === 'finished' ? { ...e, noPoints: true } : e)),
    ];
    const expected = {
      'co|emotion-basics|access': 6,
      'co|emotion-basics|access:points': 5,
      'co|emotion-basics|access:benefit': 1,
      'co|emotion-basics|started': 6,
      'co|emotion-basics|finished': 6,
      'co|emotion-basics|earned': 5,
      'co|emotion-basics|points': 150,
      'co|emotion-basics|no_points': 1,
    };
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 10 }), (order, replays) => {
        // any order (streams order records per key only), with some records delivered again
        expect(counted([...order, ...replays.map((i) => order[i])])).toEqual(expected);
      }),
    );
    // A second way in later (benefit first, points after) does not count the client twice.
    expect(counted([signup('g'), reached('g', 'sleep', 'access', { via: 'benefit' }), reached('g', 'sleep', 'access', { via: 'points' })])).toEqual({
      'co|sleep|access': 1,
      'co|sleep|access:benefit': 1,
    });
  });

  it('a finish seen first counts the start and access before it, and the way in once it is known', () => {
    const c = counted([signup('a'), reached('a', 'sleep', 'finished', { points: 20 }), reached('a', 'sleep', 'access', { via: 'points' })]);
    expect(c).toEqual({ 'co|sleep|access': 1, 'co|sleep|access:points': 1, 'co|sleep|started': 1, 'co|sleep|finished': 1, 'co|sleep|earned': 1, 'co|sleep|points': 20 });
  });

  it('leaves out what a client does after withdrawing statistics consent, and counts staff never', () => {
    const now = new Date('2026-11-01T00:00:00Z');
    const c = counted([
      signup('w'),
      { kind: 'statistics_changed', userId: 'w', granted: false, at: now.toISOString(), optIn: false, now },
      ...fullPath('w', 'sleep', 'points').slice(1),
      { kind: 'user_created', userId: 'm', role: 'marketer', optIn: false },
      reached('m', 'sleep', 'access', { via: 'benefit' }),
    ]);
    expect(c).toEqual({});
  });
});

describe('the marketer’s course figures', () => {
  it('shows counts of 1–4 as "<5" and hides the rate and points sum they would reveal', () => {
    const counters = counted([
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].flatMap((u) => fullPath(u, 'emotion-basics', 'points')),
      ...['h', 'i', 'j'].flatMap((u) => fullPath(u, 'mindfulness-intro', 'benefit', 15)),
      // started by 6, finished by 4: no rate
      ...['k', 'l', 'm', 'n', 'o', 'p'].flatMap((u, i) => fullPath(u, 'sleep', 'points').slice(0, i < 4 ? 4 : 3)),
    ]);
    const body = { courses: courseFigures(counters, COURSES), generatedAt: new Date().toISOString() };
    expect(CourseFiguresSchema.safeParse(body).success).toBe(true);

    expect(figure(counters, 'emotion-basics')).toEqual({
      courseId: 'emotion-basics',
      title: '情绪自助基础课',
      status: 'published',
      clients: 7,
      byWay: { points: 7, benefit: 0 },
      started: 7,
      finished: 7,
      completionRate: 1,
      pointsIssued: 210,
      finishedWithoutPoints: 0,
    });
    expect(figure(counters, 'mindfulness-intro')).toMatchObject({ clients: '<5', byWay: { points: 0, benefit: '<5' }, started: '<5', finished: '<5', completionRate: null, pointsIssued: null });
    expect(figure(counters, 'sleep')).toMatchObject({ status: 'draft', clients: 6, started: 6, finished: '<5', completionRate: null, pointsIssued: null });
    // Published first, then by title; a course nobody opened is not listed.
    expect(body.courses.map((c) => c.courseId)).toEqual(['emotion-basics', 'mindfulness-intro', 'sleep']);
    expect(courseFigures({}, COURSES)).toEqual([]);
  });

  it('gives a completion rate only when both counts are at least 5', () => {
    expect(completionRate(10, 5)).toBe(0.5);
    expect(completionRate(10, 4)).toBeNull();
    expect(completionRate(4, 4)).toBeNull();
    expect(completionRate(12, 0)).toBeNull();
    expect(completionRate(3, 3)).toBeNull();
  });

  it('hides a points sum earned by 1–4 finishers even when more finished', () => {
    const counters = counted([
      ...['a', 'b'].flatMap((u) => fullPath(u, 'sleep', 'points', 40)),
      ...['c', 'd', 'e', 'f', 'g'].flatMap((u) => fullPath(u, 'sleep', 'points', 0).map((e) => (e.kind === 'course_reached' && e.stage === 'finished' ? { ...e, noPoints: true } : e))),
    ]);
    expect(figure(counters, 'sleep')).toMatchObject({ finished: 7, pointsIssued: null, finishedWithoutPoints: 5 });
  });
});

describe('course records on the stream', () => {
  const now = new Date('2026-11-01T00:00:00Z');
  const progress = (img: Record<string, unknown>) => ({ pk: 'USER#u1', sk: 'COURSE#sleep', courseId: 'sleep', done: new Set(['l1']), startedAt: now.toISOString(), ...img });

  it('a progress insert is a start, its finish once, with the points and the way in it carries; other lessons nothing', async () => {
    const ins = await eventsOf({ eventName: 'INSERT', sequenceNumber: '1', keys: { pk: 'USER#u1', sk: 'COURSE#sleep' }, newImage: progress({ via: 'benefit' }) }, now);
    expect(ins.map((x) => x.event)).toEqual([{ kind: 'course_reached', userId: 'u1', courseId: 'sleep', stage: 'started', via: 'benefit' }]);
    const more = await eventsOf({ eventName: 'MODIFY', sequenceNumber: '2', keys: { pk: 'USER#u1', sk: 'COURSE#sleep' }, oldImage: progress({}), newImage: progress({ done: new Set(['l1', 'l2']) }) }, now);
    expect(more).toEqual([]);
    const fin = await eventsOf(
      { eventName: 'MODIFY', sequenceNumber: '3', keys: { pk: 'USER#u1', sk: 'COURSE#sleep' }, oldImage: progress({ via: 'points' }), newImage: progress({ via: 'points', finishedAt: now.toISOString(), outcome: 'no_points', points: 0 }) },
      now,
    );
    expect(fin.map((x) => x.event)).toEqual([{ kind: 'course_reached', userId: 'u1', courseId: 'sleep', stage: 'finished', via: 'points', points: 0, noPoints: true }]);
    const open = await eventsOf({ eventName: 'INSERT', sequenceNumber: '4', keys: { pk: 'USER#u1', sk: 'COURSEOPEN#sleep' }, newImage: { courseId: 'sleep', via: 'benefit' } }, now);
    expect(open.map((x) => x.event)).toEqual([{ kind: 'course_reached', userId: 'u1', courseId: 'sleep', stage: 'access', via: 'benefit' }]);
  });
});
