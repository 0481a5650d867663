import type { Lesson, LessonInput } from './schema';

/** Which of a course's lessons a client has marked as read, and whether that is all of them. */
export interface Progress {
  done: number;
  total: number;
  finished: boolean;
}

export function progressOf(lessonIds: readonly string[], doneIds: Iterable<string>): Progress {
  const done = new Set(doneIds);
  const count = lessonIds.filter((id) => done.has(id)).length;
  // A course with no lessons is never "finished": nothing was read.
  return { done: count, total: lessonIds.length, finished: lessonIds.length > 0 && count === lessonIds.length };
}

/**
 * Gives every new lesson an id no lesson of the course has or had (`taken`: the ids stored before this edit), so
 * progress on an edited course still points at the same lessons and a removed lesson's id is never reused.
 */
export function assignLessonIds(lessons: readonly LessonInput[], taken: readonly string[] = []): Lesson[] {
  const used = new Set([...taken, ...lessons.map((l) => l.id).filter((id): id is string => !!id)]);
  let n = 1;
  return lessons.map((l) => {
    if (l.id) return { ...l, id: l.id };
    while (used.has(`l${n}`)) n++;
    used.add(`l${n}`);
    return { ...l, id: `l${n}` };
  });
}

export const courseEntitlement = (courseId: string) => `course#${courseId}`;

/** A reward / benefit names its course by id; settings stored before ids existed named it by title. */
export function namesCourse(ref: { courseId?: string; course?: string }, course: { id: string; title: string }): boolean {
  if (ref.courseId) return ref.courseId === course.id;
  return !!ref.course && (ref.course === course.id || ref.course === course.title);
}
