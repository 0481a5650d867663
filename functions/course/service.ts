import { courseEntitlement, namesCourse, progressOf } from '../../shared/course/progress';
import type { BenefitRule } from '../../shared/membership/benefits';
import { LEVEL_NAMES, LEVELS } from '../../shared/membership/levels';
import { EARN_CAUSE_NAMES } from '../../shared/membership/ledger';
import type { Reward } from '../../shared/membership/points';
import { cancellationReasons } from '../db/client';
import { getProgress, ledgerPoints, markLessonDone, recordBenefitOpen, recordFinish, type CourseRecord, type ProgressRecord } from '../db/course';
import type { CourseWay } from '../../shared/analytics/courses';
import { getPointsSettings, listEntitlements } from '../db/membership';
import { earnPoints } from '../db/points';
import { HttpError, notFound } from '../http/errors';
import { logger } from '../http/logger';
import { benefitsOf } from '../membership/windows';

/**
 * Who may read a course: a client with its entitlement (bought with points) or a level / tier benefit naming it.
 * Finishing (every lesson marked as read) earns the `course_finished` rule's points, once per course.
 */
export interface AccessContext {
  entitlements: Set<string>;
  rules: BenefitRule[];
  rewards: Reward[];
  paused: boolean;
}

export type Access =
  | { open: true; via: 'entitlement' | 'benefit' }
  | { open: false; reason: string; how: ('points' | 'benefit')[]; rewardId?: string; points?: number };

export async function accessContext(userId: string): Promise<AccessContext> {
  const [entitlements, { rules, paused }, settings] = await Promise.all([listEntitlements(userId), benefitsOf(userId), getPointsSettings()]);
  return { entitlements: new Set(entitlements.map((e) => e.what)), rules, rewards: settings.rewards, paused };
}

/** The benefit rules of every level and tier, to say which levels open a course (tiers are never named to a client). */
export function accessOf(course: Pick<CourseRecord, 'id' | 'title'>, ctx: AccessContext, allBenefits: BenefitRule[]): Access {
  // Entitlements stored before course ids name the course by its title.
  if (ctx.entitlements.has(courseEntitlement(course.id)) || ctx.entitlements.has(courseEntitlement(course.title))) return { open: true, via: 'entitlement' };
  if (ctx.rules.some((b) => b.kind === 'course_access' && namesCourse(b, course))) return { open: true, via: 'benefit' };
  const reward = ctx.rewards.find((r) => r.kind === 'course_access' && namesCourse(r, course));
  const levels = LEVELS.filter((l) => allBenefits.some((b) => b.kind === 'course_access' && namesCourse(b, course) && b.levels.includes(l)));
  return { open: false, ...lockedReason(ctx.paused ? undefined : reward, levels.map((l) => LEVEL_NAMES[l])) };
}

/** A calm, factual reason naming how to open the course. During a crisis pause it never offers a redemption. */
export function lockedReason(reward: Reward | undefined, levelNames: string[]): { reason: string; how: ('points' | 'benefit')[]; rewardId?: string; points?: number } {
  const ways: string[] = [];
  const how: ('points' | 'benefit')[] = [];
  if (reward) {
    ways.push(`用 ${reward.points} 积分在「我的积分」中兑换`);
    how.push('points');
  }
  if (levelNames.length) {
    ways.push(`会员等级为${levelNames.join('、')}时可免费学习`);
    how.push('benefit');
  }
  const reason = ways.length ? `这门课程开通后即可学习：${ways.join('；或')}。` : '这门课程暂时只对部分会员开放。';
  return { reason, how, ...(reward ? { rewardId: reward.id, points: reward.points } : {}) };
}

export function lockedError(access: Extract<Access, { open: false }>): HttpError {
  return new HttpError(403, 'course_locked', access.reason, undefined, { how: access.how, ...(access.rewardId ? { rewardId: access.rewardId, points: access.points } : {}) });
}

export function presentProgress(course: CourseRecord, p: ProgressRecord | undefined) {
  const live = course.lessons.map((l) => l.id);
  const done = (p?.done ?? []).filter((id) => live.includes(id));
  return {
    ...progressOf(live, done),
    doneLessonIds: done,
    ...(p?.finishedAt ? { finishedAt: p.finishedAt, earnedPoints: p.outcome === 'earned' ? (p.points ?? 0) : 0 } : {}),
  };
}

export type FinishAnswer = { finished: false } | { finished: true; earnedPoints: number; pending?: true };

/**
 * Marks a lesson as read and, when that makes every lesson read, settles the points for finishing. Safe to retry
 * and to run concurrently: the set ADD is idempotent, the earn is keyed by the course (exactly once), and a
 * progress record without `outcome` (a crash after the last lesson, before the earn) is settled on the next call.
 */
export async function markDone(userId: string, course: CourseRecord, lessonId: string, now: Date, via?: Extract<Access, { open: true }>['via']) {
  const progress = await markLessonDone(userId, course.id, lessonId, now, via && wayOf(via));
  const p = progressOf(course.lessons.map((l) => l.id), progress.done);
  if (!p.finished) return { progress: presentProgress(course, progress), finish: { finished: false } as FinishAnswer };
  const settled = await settleFinish(userId, course.id, progress, now);
  return { progress: presentProgress(course, settled.progress), finish: settled.finish };
}

async function settleFinish(userId: string, courseId: string, progress: ProgressRecord, now: Date): Promise<{ progress: ProgressRecord; finish: FinishAnswer }> {
  if (progress.outcome) return { progress, finish: { finished: true, earnedPoints: progress.outcome === 'earned' ? (progress.points ?? 0) : 0 } };
  const rule = (await getPointsSettings()).earn.find((r) => r.cause === 'course_finished');
  const cause = `earn:course_finished:${courseId}`;
  let outcome: 'earned' | 'no_points' = 'no_points';
  let points = 0;
  if (rule) {
    const result = await earnWithRetry({ userId, cause, ruleCause: 'course_finished', points: rule.points, budget: rule.budget, label: EARN_CAUSE_NAMES.course_finished, now });
    if (result === 'busy') {
      // Still contended: leave the progress unsettled, so the next call (any lesson of this course) settles it.
      return { progress, finish: { finished: true, earnedPoints: 0, pending: true } };
    }
    if (result === 'earned') [outcome, points] = ['earned', rule.points];
    else if (result === 'duplicate') {
      // Earned by a concurrent call or before a crash: what the ledger holds is what was earned.
      const held = await ledgerPoints(userId, cause);
      if (held) [outcome, points] = ['earned', held];
    } else logger.info('points budget used up', { cause: 'course_finished' });
  }
  const settled = await recordFinish(userId, courseId, outcome, points, now);
  return { progress: settled, finish: { finished: true, earnedPoints: settled.outcome === 'earned' ? (settled.points ?? 0) : 0 } };
}

/** earnPoints, retried when concurrent transactions on the same balance / budget cancel each other. */
async function earnWithRetry(req: Parameters<typeof earnPoints>[0]): Promise<Awaited<ReturnType<typeof earnPoints>> | 'busy'> {
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return await earnPoints(req);
    } catch (err) {
      if (!cancellationReasons(err).includes('TransactionConflict') && (err as { name?: string }).name !== 'TransactionConflictException') throw err;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
    }
  }
  return 'busy';
}

/** The way in as the marketer's course figures name it. */
export const wayOf = (via: Extract<Access, { open: true }>['via']): CourseWay => (via === 'entitlement' ? 'points' : 'benefit');

/**
 * A client's progress on a course they opened. The first time someone opens it through a benefit (nothing read
 * yet) is noted for the marketer's figures; a redemption is noted by its own entitlement, a start by its progress.
 */
export async function openedBy(userId: string, course: CourseRecord, via: Extract<Access, { open: true }>['via'], now: Date) {
  const progress = await getProgress(userId, course.id);
  if (!progress && via === 'benefit') {
    try {
      await recordBenefitOpen(userId, course.id, now);
    } catch (err) {
      // Only a figure: reading the course never fails because of it.
      logger.warn('course open not noted', { error: err as Error });
    }
  }
  return presentProgress(course, progress);
}

export function requirePublished(course: CourseRecord | undefined): CourseRecord {
  // Drafts do not exist for a client.
  if (!course || course.status !== 'published') throw notFound('course');
  return course;
}
