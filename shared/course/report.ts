import * as z from 'zod/mini';
import { COURSE_METRICS, courseCounts } from '../analytics/courses';
import { cell, MIN_CELL, rate, showable, SUPPRESSED } from '../analytics/privacy';

/**
 * The marketer's course figures (`GET /analytics/courses`), per course, from the analytics counters
 * (`co|<courseId>|<metric>` in the courses scope: shared/analytics/courses.ts). Aggregates only: a count of 1–4
 * clients shows "<5", and whatever is derived from a suppressed count (a rate, a points sum) is null ("—").
 */
const CellSchema = z.union([z.number().check(z.int(), z.gte(0)), z.literal(SUPPRESSED)]);

export const CourseFigureSchema = z.object({
  courseId: z.string(),
  title: z.string(),
  /** `draft` | `published`, or `unknown` for a course no longer in the list. */
  status: z.enum(['draft', 'published', 'unknown']),
  /** Clients who got in: redeemed it with points, or first opened it through a level / tier benefit. */
  clients: CellSchema,
  byWay: z.object({ points: CellSchema, benefit: CellSchema }),
  /** Read at least one lesson. */
  started: CellSchema,
  /** Read every lesson. */
  finished: CellSchema,
  /** finished / started (a fraction, 4 decimals), only when both are at least 5. */
  completionRate: z.nullable(z.number()),
  /** Points paid for finishing; null when the finishes (or those that earned points) are 1–4. */
  pointsIssued: z.nullable(z.number()),
  /** Finishes that earned no points (no rule, or the rule's budget used up). */
  finishedWithoutPoints: CellSchema,
});
export type CourseFigure = z.infer<typeof CourseFigureSchema>;

export const CourseFiguresSchema = z.object({ courses: z.array(CourseFigureSchema), generatedAt: z.string() });
export type CourseFigures = z.infer<typeof CourseFiguresSchema>;

export interface CourseListed {
  id: string;
  title: string;
  status: 'draft' | 'published';
}

/** A completion rate only when both counts are at least MIN_CELL (a stricter rule than the "<5" cells). */
export function completionRate(started: number, finished: number): number | null {
  return started < MIN_CELL || finished < MIN_CELL ? null : rate(finished, started);
}

/** Every course with any figure (published or not), published first, then by title; never ordered by a count. */
export function courseFigures(counters: Record<string, number>, courses: readonly CourseListed[]): CourseFigure[] {
  const counts = courseCounts(counters);
  const byId = new Map(courses.map((c) => [c.id, c]));
  return Object.entries(counts)
    .filter(([, m]) => Object.values(m).some((v) => v !== 0))
    .map(([courseId, m]) => {
      const n = (metric: string) => Math.max(0, m[metric] ?? 0);
      const course = byId.get(courseId);
      const earned = n(COURSE_METRICS.earned);
      return {
        courseId,
        title: course?.title ?? courseId,
        status: course?.status ?? 'unknown',
        clients: cell(n(COURSE_METRICS.access)),
        byWay: { points: cell(n(COURSE_METRICS.accessBy('points'))), benefit: cell(n(COURSE_METRICS.accessBy('benefit'))) },
        started: cell(n(COURSE_METRICS.started)),
        finished: cell(n(COURSE_METRICS.finished)),
        completionRate: completionRate(n(COURSE_METRICS.started), n(COURSE_METRICS.finished)),
        // The sum describes the clients who finished and earned it: shown only when both counts are showable.
        pointsIssued: showable(n(COURSE_METRICS.finished)) && showable(earned) ? n(COURSE_METRICS.points) : null,
        finishedWithoutPoints: cell(n(COURSE_METRICS.noPoints)),
      } satisfies CourseFigure;
    })
    .sort((a, b) => statusOrder(a.status) - statusOrder(b.status) || a.title.localeCompare(b.title, 'zh-CN') || a.courseId.localeCompare(b.courseId));
}

const statusOrder = (s: CourseFigure['status']) => ['published', 'draft', 'unknown'].indexOf(s);
