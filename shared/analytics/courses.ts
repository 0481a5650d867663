/**
 * Course figures in the analytics reducer (shared/analytics/counters.ts): per course, clients who got in (and how),
 * started and finished, and the points finishing paid. Each client counts once per course and stage, cumulatively
 * (a finish counts the start and the access before it if they were never counted), so no stage exceeds the one
 * before it, whatever order the stream delivers.
 */

/** How a client got into a course: a points redemption, or a level / tier benefit (first opened through it). */
export const COURSE_WAYS = ['points', 'benefit'] as const;
export type CourseWay = (typeof COURSE_WAYS)[number];

export const COURSE_STAGES = ['access', 'started', 'finished'] as const;
export type CourseStage = (typeof COURSE_STAGES)[number];

export interface CourseReached {
  kind: 'course_reached';
  userId: string;
  courseId: string;
  stage: CourseStage;
  via?: CourseWay;
  /** For `finished`: the points finishing earned (0 when none). */
  points?: number;
  /** For `finished`: finished without points (no rule, or its budget used up). */
  noPoints?: boolean;
}

/** What has been counted for one client and course (kept in the client's analytics state). */
export interface CourseMark {
  stage: CourseStage;
  via?: CourseWay;
}

/** Counter names inside a course's figures (`co|<courseId>|<metric>`). */
export const COURSE_METRICS = {
  access: 'access',
  accessBy: (via: CourseWay) => `access:${via}`,
  started: 'started',
  finished: 'finished',
  /** Finishes that earned points, and the points they earned. */
  earned: 'earned',
  points: 'points',
  noPoints: 'no_points',
} as const;

export function reachCourse(prev: CourseMark | undefined, e: CourseReached): { next: CourseMark; adds: [string, number][] } {
  const adds: [string, number][] = [];
  const before = prev ? COURSE_STAGES.indexOf(prev.stage) : -1;
  const target = COURSE_STAGES.indexOf(e.stage);
  let via = prev?.via;
  // Counted in before its way in was known (a start recorded without one): the way is counted once it is.
  if (prev && !via && e.via) {
    via = e.via;
    adds.push([COURSE_METRICS.accessBy(via), 1]);
  }
  for (let i = before + 1; i <= target; i++) {
    const stage = COURSE_STAGES[i];
    if (stage === 'access') {
      via = e.via;
      adds.push([COURSE_METRICS.access, 1]);
      if (via) adds.push([COURSE_METRICS.accessBy(via), 1]);
    } else if (stage === 'started') adds.push([COURSE_METRICS.started, 1]);
    else {
      adds.push([COURSE_METRICS.finished, 1]);
      const points = Math.max(0, Math.round(e.points ?? 0));
      if (points > 0) adds.push([COURSE_METRICS.earned, 1], [COURSE_METRICS.points, points]);
      else if (e.noPoints) adds.push([COURSE_METRICS.noPoints, 1]);
    }
  }
  const stage = COURSE_STAGES[Math.max(before, target)];
  return { next: { stage, ...(via ? { via } : {}) }, adds };
}

/** A course's raw figures from the courses counter item (all courses in one item). */
export type CourseCounts = Record<string, Record<string, number>>;

export function courseCounts(counters: Record<string, number>): CourseCounts {
  const out: CourseCounts = {};
  for (const [k, v] of Object.entries(counters)) {
    const [prefix, courseId, metric] = k.split('|');
    if (prefix !== 'co' || !courseId || !metric) continue;
    (out[courseId] ??= {})[metric] = (out[courseId][metric] ?? 0) + v;
  }
  return out;
}
