import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignLessonIds, namesCourse, progressOf } from '../../shared/course/progress';
import { CourseInputSchema } from '../../shared/course/schema';
import { lockedReason } from '../../functions/course/service';

describe('course progress', () => {
  it('is finished exactly when every current lesson is read, whatever else was read or repeated', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^l[0-9]{1,2}$/), { minLength: 1, maxLength: 8 }), fc.array(fc.stringMatching(/^l[0-9]{1,2}$/)), (lessons, read) => {
        const p = progressOf(lessons, [...read, ...read]);
        expect(p.total).toBe(lessons.length);
        expect(p.done).toBe(lessons.filter((l) => read.includes(l)).length);
        expect(p.finished).toBe(lessons.every((l) => read.includes(l)));
      }),
    );
  });

  it('a course without lessons is never finished', () => {
    expect(progressOf([], ['l1']).finished).toBe(false);
  });

  it('new lessons get ids no lesson had, kept lessons keep theirs', () => {
    const lessons = assignLessonIds([{ id: 'l2', title: 'a', paragraphs: ['x'] }, { title: 'b', paragraphs: ['y'] }, { title: 'c', paragraphs: ['z'] }], ['l1', 'l3']);
    expect(lessons.map((l) => l.id)).toEqual(['l2', 'l4', 'l5']);
  });
});

describe('naming a course', () => {
  const course = { id: 'emotion-basics', title: '情绪自助基础课' };
  it('by id, or (settings stored before ids) by title', () => {
    expect(namesCourse({ courseId: 'emotion-basics' }, course)).toBe(true);
    expect(namesCourse({ courseId: 'other', course: '情绪自助基础课' }, course)).toBe(false);
    expect(namesCourse({ course: '情绪自助基础课' }, course)).toBe(true);
    expect(namesCourse({}, course)).toBe(false);
  });

  it('the locked reason names the ways in, calmly, and never a tier', () => {
    const reward = { id: 'course-basic', kind: 'course_access' as const, name: '课', points: 60, courseId: 'emotion-basics' };
    expect(lockedReason(reward, ['同行', '挚友']).reason).toBe('这门课程开通后即可学习：用 60 积分在「我的积分」中兑换；或会员等级为同行、挚友时可免费学习。');
    expect(lockedReason(undefined, []).how).toEqual([]);
    expect(lockedReason(undefined, []).reason).not.toMatch(/积分|basic|core/);
  });

  it('course input: lesson ids unique, each error at its field', () => {
    const bad = CourseInputSchema.safeParse({ title: '课', lessons: [{ id: 'a', title: 't', paragraphs: ['p'] }, { id: 'a', title: 't', paragraphs: ['p'] }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['lessons']);
    expect(CourseInputSchema.safeParse({ title: '课', lessons: [{ title: 't', paragraphs: ['p\u202e'] }] }).success).toBe(false);
  });
});
