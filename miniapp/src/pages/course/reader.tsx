import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page, ProgressBar } from '../../components';
import { courseApi, type Course, type CourseProgress } from './api';
import { COURSE_STRINGS as S } from './strings';
import './course.scss';

/**
 * The course reader: one lesson at a time, "读完了" marks it as read. Finishing (every lesson read) shows the
 * points it brought, or a calm line when the points budget is used up.
 */
export default function CourseReaderPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [course, setCourse] = useState<Course | null>(null);
  const [progress, setProgress] = useState<CourseProgress | null>(null);
  const [index, setIndex] = useState(0);
  const [error, setError] = useState('');
  const [locked, setLocked] = useState('');
  const [busy, setBusy] = useState(false);
  const [finishNote, setFinishNote] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const c = await courseApi.get(id);
      setCourse(c);
      if (c.progress) {
        setProgress(c.progress);
        // Open at the first lesson not read yet.
        const first = c.lessons.findIndex((l) => !c.progress!.doneLessonIds.includes(l.id));
        if (!course) setIndex(first < 0 ? 0 : first);
      }
    } catch (err) {
      // A locked course: the server's reason says how to open it (points or a level benefit).
      if (err instanceof ApiError && err.code === 'course_locked') setLocked(err.message);
      else setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });
  if (locked) {
    return (
      <Page back title={S.listTitle}>
        <Notice tone='info'>{locked}</Notice>
        <Button variant='secondary' onClick={() => Taro.redirectTo({ url: '/pages/course/index' })}>{S.backToList}</Button>
      </Page>
    );
  }
  if (error) return <Page back title={S.listTitle}><ErrorState message={error} onRetry={load} /></Page>;
  if (!course) return <Page back title={S.listTitle}><Loading /></Page>;
  const lesson = course.lessons[index];
  const done = new Set(progress?.doneLessonIds ?? []);
  const isDone = done.has(lesson.id);
  // Staff get the course without progress: a preview, nothing to mark.
  const preview = !course.progress;
  const mark = async () => {
    setBusy(true);
    try {
      const out = await courseApi.done(course.id, lesson.id);
      setProgress(out.progress);
      if (out.finished) {
        setFinishNote(out.pending ? S.pending : out.earnedPoints ? S.finishedWith(out.earnedPoints) : S.finishedCalm);
      } else if (index < course.lessons.length - 1) setIndex(index + 1);
    } catch (err) {
      Taro.showToast({ title: friendlyMessage(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  const finishedLine = finishNote || (progress?.finished ? (progress.earnedPoints ? S.finishedWith(progress.earnedPoints) : S.finishedCalm) : '');
  const showPoints = !!progress?.earnedPoints || finishNote === S.pending || /积分/.test(finishNote);
  return (
    <Page back title={course.title} subtitle={course.summary} className='course'>
      {progress && <ProgressBar value={progress.done} max={progress.total} label={S.progress(progress.done, progress.total)} />}
      <View className='course__toc' ariaRole='navigation' ariaLabel={S.lessonNav}>
        {course.lessons.map((l, i) => (
          <Button key={l.id} variant='secondary' block={false} selected={i === index} label={`${S.readerLesson(i + 1, course.lessons.length)}：${l.title}${done.has(l.id) ? `，${S.marked}` : ''}`} onClick={() => setIndex(i)}>
            {`${i + 1}${done.has(l.id) ? ' ✓' : ''}`}
          </Button>
        ))}
      </View>
      <Card>
        <Text className='course__lesson-index'>{S.readerLesson(index + 1, course.lessons.length)}</Text>
        <Text className='course__lesson-title'>{lesson.title}</Text>
        {lesson.paragraphs.map((p, i) => (
          <Text key={i} className='course__paragraph'>{p}</Text>
        ))}
        <View className='course__actions'>
          {preview ? (
            <Notice tone='info'>{S.previewNote}</Notice>
          ) : isDone ? (
            <Button variant='secondary' disabled label={`${lesson.title}：${S.marked}`}>{`✓ ${S.marked}`}</Button>
          ) : (
            <Button busy={busy} onClick={mark}>{S.markDone}</Button>
          )}
          {index < course.lessons.length - 1 && <Button variant='quiet' onClick={() => setIndex(index + 1)}>{S.next}</Button>}
          {index > 0 && <Button variant='quiet' onClick={() => setIndex(index - 1)}>{S.prev}</Button>}
        </View>
      </Card>
      {preview ? null : finishedLine ? (
        <Card tone='soft' className='course__finished' title={finishedLine}>
          {showPoints && (
            <View className='course__row'>
              <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pages/membership/points' })}>{S.viewPoints}</Button>
            </View>
          )}
        </Card>
      ) : (
        <Text className='course__meta'>{S.finishHint}</Text>
      )}
    </Page>
  );
}
