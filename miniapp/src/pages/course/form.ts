import type { CourseInput } from '../../../../shared/course/schema';
import type { Course } from './api';

/** The editor's state: a lesson's paragraphs are typed as one text, separated by an empty line. */
export interface LessonForm {
  id?: string;
  title: string;
  body: string;
}
export interface CourseForm {
  id: string;
  title: string;
  summary: string;
  lessons: LessonForm[];
}

export const emptyCourseForm = (): CourseForm => ({ id: '', title: '', summary: '', lessons: [{ title: '', body: '' }] });

export const formOfCourse = (c: Course): CourseForm => ({
  id: c.id,
  title: c.title,
  summary: c.summary,
  lessons: c.lessons.map((l) => ({ id: l.id, title: l.title, body: l.paragraphs.join('\n\n') })),
});

export const paragraphsOf = (body: string): string[] =>
  body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function toCourseBody(f: CourseForm, creating: boolean): CourseInput {
  return {
    ...(creating && f.id.trim() ? { id: f.id.trim() } : {}),
    title: f.title,
    summary: f.summary,
    lessons: f.lessons.map((l) => ({ ...(l.id ? { id: l.id } : {}), title: l.title, paragraphs: paragraphsOf(l.body) })),
  };
}
