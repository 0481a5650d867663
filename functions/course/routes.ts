import { ulid } from 'ulidx';
import { CourseInputSchema, CourseParamsSchema, LessonParamsSchema, PublishBodySchema } from '../../shared/course/schema';
import { createCourse, getCourse, listCourses, listMyProgress, setCourseStatus, updateCourse, type CourseRecord } from '../db/course';
import { getMembershipSettings } from '../db/membership';
import { badRequest, conflict, HttpError, notFound } from '../http/errors';
import { route } from '../http/route';
import { accessContext, accessOf, lockedError, markDone, openedBy, presentProgress, requirePublished } from './service';

const STAFF = ['marketer', 'admin'] as const;
const isStaff = (role: string) => role === 'marketer' || role === 'admin';

const summaryOf = (c: CourseRecord) => ({ id: c.id, title: c.title, summary: c.summary, lessonCount: c.lessons.length, status: c.status });
const presentCourse = (c: CourseRecord) => ({ ...summaryOf(c), lessons: c.lessons, updatedAt: c.updatedAt, ...(c.publishedAt ? { publishedAt: c.publishedAt } : {}) });

/** Self-help courses (`/courses`): clients read what they have access to; marketers write and publish them. */
export const courseRoutes = [
  route({
    method: 'GET',
    path: '/courses',
    auth: ['client'],
    handle: async ({ caller }) => {
      const [courses, ctx, progress, settings] = await Promise.all([listCourses(), accessContext(caller.id), listMyProgress(caller.id), getMembershipSettings()]);
      const items = courses
        .filter((c) => c.status === 'published')
        .sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.id.localeCompare(b.id))
        .map((c) => ({ ...summaryOf(c), access: accessOf(c, ctx, settings.benefits), progress: presentProgress(c, progress.find((p) => p.courseId === c.id)) }))
        // During a crisis pause a locked course would be an offer: only the courses already open are listed.
        .filter((c) => !ctx.paused || c.access.open);
      return { status: 200, body: { items, offersPaused: ctx.paused } };
    },
  }),

  route({
    method: 'GET',
    path: '/courses/{id}',
    auth: ['client', ...STAFF],
    params: CourseParamsSchema,
    handle: async ({ params, caller }) => {
      const found = await getCourse(params.id);
      if (isStaff(caller.role)) {
        if (!found) throw notFound('course');
        return { status: 200, body: presentCourse(found) };
      }
      const course = requirePublished(found);
      const [ctx, settings] = await Promise.all([accessContext(caller.id), getMembershipSettings()]);
      const access = accessOf(course, ctx, settings.benefits);
      if (!access.open) throw lockedError(access);
      return { status: 200, body: { ...presentCourse(course), access, progress: await openedBy(caller.id, course, access.via, new Date()), offersPaused: ctx.paused } };
    },
  }),

  route({
    method: 'POST',
    path: '/courses/{id}/lessons/{lessonId}/done',
    auth: ['client'],
    params: LessonParamsSchema,
    handle: async ({ params, caller }) => {
      const course = requirePublished(await getCourse(params.id));
      if (!course.lessons.some((l) => l.id === params.lessonId)) throw new HttpError(404, 'not_found', 'lessonId: no such lesson in this course', 'lessonId');
      const [ctx, settings] = await Promise.all([accessContext(caller.id), getMembershipSettings()]);
      const access = accessOf(course, ctx, settings.benefits);
      if (!access.open) throw lockedError(access);
      const out = await markDone(caller.id, course, params.lessonId, new Date(), access.via);
      return { status: 200, body: { courseId: course.id, lessonId: params.lessonId, progress: out.progress, ...out.finish } };
    },
  }),

  route({
    method: 'POST',
    path: '/courses',
    auth: STAFF,
    body: CourseInputSchema,
    handle: async ({ body, caller }) => {
      const id = body.id ?? `c-${ulid().slice(-8).toLowerCase()}`;
      const out = await createCourse(id, body, caller.id, new Date());
      if (!out.ok) throw new HttpError(409, 'course_exists', 'id: a course with this id exists already', 'id');
      return { status: 201, body: presentCourse(out.course) };
    },
  }),

  route({
    method: 'PUT',
    path: '/courses/{id}',
    auth: STAFF,
    params: CourseParamsSchema,
    body: CourseInputSchema,
    handle: async ({ params, body }) => {
      if (body.id && body.id !== params.id) throw badRequest('id', 'a course keeps its id');
      const out = await updateCourse(params.id, body, new Date());
      if (!out.ok && out.reason === 'not_found') throw notFound('course');
      if (!out.ok) throw conflict('course_changed', 'Someone else changed this course just now: reload it and edit again.');
      return { status: 200, body: presentCourse(out.course) };
    },
  }),

  route({
    method: 'POST',
    path: '/courses/{id}/publish',
    auth: STAFF,
    params: CourseParamsSchema,
    body: PublishBodySchema,
    handle: async ({ params, body }) => {
      const c = await setCourseStatus(params.id, body.published ? 'published' : 'draft', new Date());
      if (!c) throw notFound('course');
      return { status: 200, body: presentCourse(c) };
    },
  }),

  route({
    method: 'GET',
    path: '/admin/courses',
    auth: STAFF,
    handle: async () => {
      const items = (await listCourses()).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((c) => ({ ...summaryOf(c), updatedAt: c.updatedAt }));
      return { status: 200, body: { items } };
    },
  }),
];
