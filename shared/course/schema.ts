import * as z from 'zod/mini';
import { freeText } from '../text';

/**
 * Courses: psychology-education self-help reading (e.g. 情绪自助基础课). A course is lessons of text; a client
 * finishes it by marking each lesson as read. Never a screening instrument and never a question to answer: what
 * is stored about a client is only which lessons they marked as read.
 */
export const COURSE_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;
export const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,23}$/;

export const LessonSchema = z.object({
  /** Stable across edits (progress refers to it); the server assigns one to a new lesson. */
  id: z.optional(z.string().check(z.regex(LESSON_ID, 'lowercase letters, digits or -'))),
  title: freeText({ max: 40 }),
  paragraphs: z.array(freeText({ max: 1500, multiline: true })).check(z.minLength(1), z.maxLength(30)),
});
export type LessonInput = z.infer<typeof LessonSchema>;
export type Lesson = LessonInput & { id: string };

export const CourseInputSchema = z
  .object({
    /** The course's stable id (slug), chosen at creation; rewards and benefits name it. Generated when left out. */
    id: z.optional(z.string().check(z.regex(COURSE_ID, 'lowercase letters, digits or -, 2–40 characters'))),
    title: freeText({ max: 30 }),
    summary: z._default(freeText({ min: 0, max: 200, multiline: true }), ''),
    lessons: z.array(LessonSchema).check(z.minLength(1), z.maxLength(20)),
  })
  .check(
    z.refine((c) => { const ids = c.lessons.map((l) => l.id).filter(Boolean); return new Set(ids).size === ids.length; }, { message: 'lesson ids must be unique', path: ['lessons'] }),
  );
export type CourseInput = z.infer<typeof CourseInputSchema>;

export const CourseParamsSchema = z.object({ id: z.string().check(z.regex(COURSE_ID, 'not a course id')) });
export const LessonParamsSchema = z.object({
  id: z.string().check(z.regex(COURSE_ID, 'not a course id')),
  lessonId: z.string().check(z.regex(LESSON_ID, 'not a lesson id')),
});
export const PublishBodySchema = z.object({ published: z._default(z.boolean(), true) });
