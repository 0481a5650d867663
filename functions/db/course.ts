import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CourseInput, Lesson } from '../../shared/course/schema';
import type { CourseWay } from '../../shared/analytics/courses';
import { assignLessonIds } from '../../shared/course/progress';
import { db, isConditionFailure, queryAll, table } from './client';
import { entryKey } from './points';

/**
 * Courses (docs/data-model.md § course):
 * - course    `COURSE#<id>/COURSE`, gsi1 `COURSES` / `<id>`: title, summary, lessons [{id,title,paragraphs}],
 *             status draft | published, version, retiredLessonIds (ids of removed lessons, never reused)
 * - progress  `USER#<userId>/COURSE#<courseId>`: done (string set of lesson ids), startedAt, updatedAt, via (how the
 *             client had access when they started: points | benefit), and once every lesson is done: finishedAt,
 *             outcome (earned | no_points) and points
 * - opened    `USER#<userId>/COURSEOPEN#<courseId>`: courseId, via (benefit), at — put once, when a client first
 *             opens a course through a level / tier benefit (a redemption is its own record: the entitlement);
 *             only for the marketer's course figures (functions/analytics/stream.ts)
 * Marking a lesson is an `ADD` to a set, so a retry or a concurrent call changes nothing; the points for finishing
 * are keyed by `earn:course_finished:<courseId>` in the points ledger (functions/db/points.ts), exactly once.
 */
export type CourseStatus = 'draft' | 'published';
export interface CourseRecord {
  id: string;
  title: string;
  summary: string;
  lessons: Lesson[];
  status: CourseStatus;
  version: number;
  retiredLessonIds: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
}

export interface ProgressRecord {
  courseId: string;
  done: string[];
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  outcome?: 'earned' | 'no_points';
  points?: number;
}

const courseKey = (id: string) => ({ pk: `COURSE#${id}`, sk: 'COURSE' });
const progressKey = (userId: string, courseId: string) => ({ pk: `USER#${userId}`, sk: `COURSE#${courseId}` });

function toCourse(i: Record<string, unknown>): CourseRecord {
  return {
    id: i.id as string,
    title: i.title as string,
    summary: (i.summary as string) ?? '',
    lessons: (i.lessons as Lesson[]) ?? [],
    status: i.status as CourseStatus,
    version: Number(i.version ?? 1),
    retiredLessonIds: (i.retiredLessonIds as string[]) ?? [],
    createdBy: i.createdBy as string,
    createdAt: i.createdAt as string,
    updatedAt: i.updatedAt as string,
    ...(i.publishedAt ? { publishedAt: i.publishedAt as string } : {}),
  };
}

function toProgress(i: Record<string, unknown>): ProgressRecord {
  return {
    courseId: i.courseId as string,
    done: [...((i.done as Set<string> | undefined) ?? [])].sort(),
    startedAt: i.startedAt as string,
    updatedAt: i.updatedAt as string,
    ...(i.finishedAt ? { finishedAt: i.finishedAt as string, outcome: i.outcome as ProgressRecord['outcome'], points: Number(i.points ?? 0) } : {}),
  };
}

const courseItem = (c: CourseRecord) => ({ ...courseKey(c.id), type: 'course', gsi1pk: 'COURSES', gsi1sk: c.id, ...c });

/** A new draft; `exists` when the id is taken (ids are stable: rewards and benefits name them). */
export async function createCourse(id: string, input: CourseInput, by: string, now: Date): Promise<{ ok: true; course: CourseRecord } | { ok: false; reason: 'exists' }> {
  const at = now.toISOString();
  const course: CourseRecord = { id, title: input.title, summary: input.summary, lessons: assignLessonIds(input.lessons), status: 'draft', version: 1, retiredLessonIds: [], createdBy: by, createdAt: at, updatedAt: at };
  try {
    await db().send(new PutCommand({ TableName: table(), Item: courseItem(course), ConditionExpression: 'attribute_not_exists(pk)' }));
    return { ok: true, course };
  } catch (err) {
    if (isConditionFailure(err)) return { ok: false, reason: 'exists' };
    throw err;
  }
}

export async function getCourse(id: string, consistent = false): Promise<CourseRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: courseKey(id), ConsistentRead: consistent }));
  return out.Item ? toCourse(out.Item) : undefined;
}

/**
 * Replaces title, summary and lessons. Kept lessons keep their ids (and so everyone's progress on them); a removed
 * lesson's id is retired. Written only over the version read, so two marketers' edits never silently merge.
 */
export async function updateCourse(id: string, input: CourseInput, now: Date): Promise<{ ok: true; course: CourseRecord } | { ok: false; reason: 'not_found' | 'changed' }> {
  const old = await getCourse(id, true);
  if (!old) return { ok: false, reason: 'not_found' };
  const lessons = assignLessonIds(input.lessons, [...old.retiredLessonIds, ...old.lessons.map((l) => l.id)]);
  const kept = new Set(lessons.map((l) => l.id));
  const retired = [...new Set([...old.retiredLessonIds, ...old.lessons.map((l) => l.id).filter((l) => !kept.has(l))])];
  const course: CourseRecord = { ...old, title: input.title, summary: input.summary, lessons, retiredLessonIds: retired, version: old.version + 1, updatedAt: now.toISOString() };
  try {
    await db().send(new PutCommand({ TableName: table(), Item: courseItem(course), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': old.version } }));
    return { ok: true, course };
  } catch (err) {
    if (isConditionFailure(err)) return { ok: false, reason: 'changed' };
    throw err;
  }
}

export async function setCourseStatus(id: string, status: CourseStatus, now: Date): Promise<CourseRecord | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: courseKey(id),
        UpdateExpression: `SET #s = :s, updatedAt = :at${status === 'published' ? ', publishedAt = if_not_exists(publishedAt, :at)' : ''} ADD version :one`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':at': now.toISOString(), ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toCourse(out.Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

/** Every course, drafts included (a practice has a handful: one query on gsi1). */
export async function listCourses(): Promise<CourseRecord[]> {
  const out = await db().send(new QueryCommand({ TableName: table(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'COURSES' } }));
  return (out.Items ?? []).map(toCourse);
}

export async function listMyProgress(userId: string): Promise<ProgressRecord[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'COURSE#' }, ConsistentRead: true });
  return items.map(toProgress);
}

export async function getProgress(userId: string, courseId: string): Promise<ProgressRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: progressKey(userId, courseId), ConsistentRead: true }));
  return out.Item ? toProgress(out.Item) : undefined;
}

/** Marks one lesson as read: adding to a set, so retries and concurrent calls are harmless. */
export async function markLessonDone(userId: string, courseId: string, lessonId: string, now: Date, via?: CourseWay): Promise<ProgressRecord> {
  const at = now.toISOString();
  const out = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: progressKey(userId, courseId),
      UpdateExpression: `SET #t = :t, userId = :u, courseId = :c, startedAt = if_not_exists(startedAt, :at), updatedAt = :at${via ? ', via = if_not_exists(via, :via)' : ''} ADD done :l`,
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'course_progress', ':u': userId, ':c': courseId, ':at': at, ':l': new Set([lessonId]), ...(via ? { ':via': via } : {}) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toProgress(out.Attributes!);
}

/**
 * Notes, once, that a client opened a course through a benefit (for the marketer's figures: the stream counts the
 * item's insertion). Later opens change nothing and cost one conditional write.
 */
export async function recordBenefitOpen(userId: string, courseId: string, now: Date): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { pk: `USER#${userId}`, sk: `COURSEOPEN#${courseId}`, type: 'course_open', courseId, via: 'benefit', at: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

/** The courses a client opened through a benefit, and when (their data export). */
export async function listBenefitOpens(userId: string): Promise<{ courseId: string; at: string }[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `USER#${userId}`, ':s': 'COURSEOPEN#' }, ConsistentRead: true });
  return items.map((i) => ({ courseId: i.courseId as string, at: i.at as string }));
}

/** Records how finishing turned out, once (a later call keeps the first record). */
export async function recordFinish(userId: string, courseId: string, outcome: 'earned' | 'no_points', points: number, now: Date): Promise<ProgressRecord> {
  const out = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: progressKey(userId, courseId),
      UpdateExpression: 'SET finishedAt = if_not_exists(finishedAt, :at), outcome = if_not_exists(outcome, :o), points = if_not_exists(points, :p)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': now.toISOString(), ':o': outcome, ':p': points },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toProgress(out.Attributes!);
}

/** The points a ledger entry holds (what an earlier earn for this cause gave). */
export async function ledgerPoints(userId: string, cause: string): Promise<number | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: entryKey(userId, cause), ConsistentRead: true }));
  return out.Item ? Number(out.Item.points) : undefined;
}
