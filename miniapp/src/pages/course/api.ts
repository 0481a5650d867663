import { api } from '../../api/client';
import type { CourseInput } from '../../../../shared/course/schema';
import type { CourseFigures } from '../../../../shared/course/report';

export type CourseAccess =
  | { open: true; via: 'entitlement' | 'benefit' }
  | { open: false; reason: string; how: ('points' | 'benefit')[]; rewardId?: string; points?: number };

export interface CourseProgress {
  done: number;
  total: number;
  finished: boolean;
  doneLessonIds: string[];
  finishedAt?: string;
  earnedPoints?: number;
}

export interface Lesson {
  id: string;
  title: string;
  paragraphs: string[];
}

export interface CourseSummary {
  id: string;
  title: string;
  summary: string;
  lessonCount: number;
  status: 'draft' | 'published';
  updatedAt?: string;
}

export interface CourseListItem extends CourseSummary {
  access: CourseAccess;
  progress: CourseProgress;
}

export interface Course extends CourseSummary {
  lessons: Lesson[];
  /** Clients only. */
  access?: CourseAccess;
  progress?: CourseProgress;
  offersPaused?: boolean;
}

export interface DoneAnswer {
  progress: CourseProgress;
  finished: boolean;
  earnedPoints?: number;
  pending?: true;
}

export const courseApi = {
  list: () => api.get<{ items: CourseListItem[]; offersPaused: boolean }>('/courses'),
  get: (id: string) => api.get<Course>(`/courses/${encodeURIComponent(id)}`),
  done: (id: string, lessonId: string) => api.post<DoneAnswer>(`/courses/${encodeURIComponent(id)}/lessons/${encodeURIComponent(lessonId)}/done`),
  adminList: () => api.get<{ items: CourseSummary[] }>('/admin/courses'),
  /** The marketer's per-course figures (aggregates, "<5" for 1–4 clients). */
  figures: () => api.get<CourseFigures>('/analytics/courses'),
  create: (body: CourseInput) => api.post<Course>('/courses', body),
  update: (id: string, body: CourseInput) => api.put<Course>(`/courses/${encodeURIComponent(id)}`, body),
  publish: (id: string, published: boolean) => api.post<Course>(`/courses/${encodeURIComponent(id)}/publish`, { published }),
};
