import { Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { ApiError, friendlyMessage } from '../../api/client';
import { useEditorForm, useSave } from '../../api/hooks';
import { Button, Card, ErrorState, goBack, labelled, Loading, Notice, Page } from '../../components';
import { courseApi } from './api';
import { emptyCourseForm, formOfCourse, toCourseBody, type CourseForm, type LessonForm } from './form';
import { COURSE_STRINGS as S } from './strings';
import './course.scss';

function explain(err: unknown): string {
  if (err instanceof ApiError && err.field) {
    const [head, index] = err.field.split('.');
    const name = S.fieldNames[head] ?? err.field;
    return S.fieldError(head === 'lessons' && index !== undefined ? `${name} · 第 ${Number(index) + 1} 节` : name);
  }
  return friendlyMessage(err);
}

function Field({ label, value, onInput, disabled, placeholder }: { label: string; value: string; onInput: (v: string) => void; disabled?: boolean; placeholder: string }) {
  return (
    <View>
      <Text className='course__label'>{label}</Text>
      <Input className='course__input' value={value} disabled={disabled} {...labelled(label)} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
    </View>
  );
}

/** A course: title, summary and its lessons (a title and paragraphs each). Saved as a draft; published from the list. */
export default function CourseEditorPage() {
  const { params } = useRouter();
  const id = params.id;
  const { form: f, setForm: setF, error } = useEditorForm(id, emptyCourseForm, async (courseId) => formOfCourse(await courseApi.get(courseId)));
  const { busy, saveError, save } = useSave(() => (id ? courseApi.update(id, toCourseBody(f!, false)) : courseApi.create(toCourseBody(f!, true))), { saved: S.saved, explain, done: goBack });
  if (error) return <Page back title={S.editorEdit}><ErrorState message={error} /></Page>;
  if (!f) return <Page back title={S.editorEdit}><Loading /></Page>;
  const set = (patch: Partial<CourseForm>) => setF({ ...f, ...patch });
  const setLesson = (i: number, patch: Partial<LessonForm>) => set({ lessons: f.lessons.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const move = (i: number) => {
    const lessons = [...f.lessons];
    [lessons[i - 1], lessons[i]] = [lessons[i], lessons[i - 1]];
    set({ lessons });
  };
  return (
    <Page back title={id ? S.editorEdit : S.editorNew} className='course-admin'>
      <Notice tone='info'>{S.contentRule}</Notice>
      <Card>
        <Field label={S.id} placeholder={S.idPlaceholder} value={f.id} disabled={!!id} onInput={(v) => set({ id: v })} />
        <Field label={S.title} placeholder={S.titlePlaceholder} value={f.title} onInput={(v) => set({ title: v })} />
        <Text className='course__label'>{S.summary}</Text>
        <Textarea className='course__textarea course__textarea--short' value={f.summary} maxlength={200} {...labelled(S.summary)} placeholder={S.summaryPlaceholder} onInput={(e) => set({ summary: e.detail.value })} />
      </Card>
      <Text className='course__label'>{S.lessonsLabel}</Text>
      {f.lessons.map((l, i) => (
        <Card key={l.id ?? `new-${i}`} className='course__lesson-edit'>
          <Field label={S.lessonTitle(i + 1)} placeholder={S.lessonTitlePlaceholder} value={l.title} onInput={(v) => setLesson(i, { title: v })} />
          <Text className='course__label'>{S.lessonBody(i + 1)}</Text>
          <Textarea className='course__textarea' value={l.body} maxlength={8000} {...labelled(S.lessonBody(i + 1))} placeholder={S.lessonBodyPlaceholder} onInput={(e) => setLesson(i, { body: e.detail.value })} />
          <View className='course__row'>
            {i > 0 && <Button variant='quiet' block={false} onClick={() => move(i)}>{S.moveUp(i + 1)}</Button>}
            {f.lessons.length > 1 && <Button variant='quiet' block={false} onClick={() => set({ lessons: f.lessons.filter((_, j) => j !== i) })}>{S.removeLesson(i + 1)}</Button>}
          </View>
        </Card>
      ))}
      <View className='course__row'>
        <Button variant='secondary' block={false} onClick={() => set({ lessons: [...f.lessons, { title: '', body: '' }] })}>{S.addLesson}</Button>
      </View>
      {saveError && <Notice tone='warning'>{saveError}</Notice>}
      <View className='course__actions'>
        <Button busy={busy} onClick={save}>{S.save}</Button>
        <Button variant='quiet' onClick={goBack}>{S.cancel}</Button>
      </View>
    </Page>
  );
}
