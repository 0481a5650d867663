import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { actThenReload, useShownData } from '../../api/hooks';
import { Button, Card, Empty, ErrorState, Loading, Page, Table } from '../../components';
import type { CourseFigure } from '../../../../shared/course/report';
import { formatDateTime } from '../../utils/time';
import { courseApi, type CourseSummary } from './api';
import { COURSE_STRINGS as S } from './strings';
import './course.scss';

const FIGURE_COLUMNS = ['clients', 'points', 'benefit', 'started', 'finished', 'rate', 'pointsIssued', 'noPoints'] as const;

/** One course's figures as shown: counts as given ("<5" included), derived numbers "—" when hidden. */
function figureCells(f: CourseFigure): Record<(typeof FIGURE_COLUMNS)[number], string> {
  return {
    clients: String(f.clients),
    points: String(f.byWay.points),
    benefit: String(f.byWay.benefit),
    started: String(f.started),
    finished: String(f.finished),
    rate: f.completionRate === null ? S.hidden : S.percent(f.completionRate),
    pointsIssued: f.pointsIssued === null ? S.hidden : String(f.pointsIssued),
    noPoints: String(f.finishedWithoutPoints),
  };
}

/** 课程数据: per course, who got in and how, started, finished, points paid. Aggregates only. */
function CourseFiguresSection() {
  const { data, error, reload } = useShownData(async () => (await courseApi.figures()).courses);
  return (
    <Card className='course__figures' title={S.figuresTitle} description={S.figuresNote}>
      {error ? (
        <ErrorState message={error} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : data.length === 0 ? (
        <Empty title={S.figuresEmpty} description={S.figuresEmptyHint} />
      ) : (
        <Table
          className='course__figures-table'
          label={S.figuresLabel}
          head={S.figuresHead}
          columns={FIGURE_COLUMNS.map((key) => ({ key, label: S.figureColumns[key] }))}
          rows={data.map((f) => ({ key: f.courseId, label: `${f.title}${S.figureStatus[f.status] ?? ''}`, cells: figureCells(f) }))}
        />
      )}
    </Card>
  );
}

/** The marketer's courses, drafts included: edit, publish or take back to draft; and each course's figures. */
export default function CourseAdminPage() {
  const { data: items, error, reload: load } = useShownData(async () => (await courseApi.adminList()).items);
  const toggle = (c: CourseSummary) => actThenReload(() => courseApi.publish(c.id, c.status !== 'published'), load);
  const go = (url: string) => Taro.navigateTo({ url });
  return (
    <Page back title={S.adminTitle} subtitle={S.adminSubtitle} className='course-admin'>
      <View className='course__row'>
        <Button block={false} onClick={() => go('/pages/course/editor')}>{S.create}</Button>
      </View>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.adminEmpty} description={S.adminEmptyHint} />
      ) : (
        items.map((c) => (
          <Card key={c.id} className='course__item' title={c.title} description={c.summary} badge={S.status[c.status]}>
            <Text className='course__meta'>{`${S.lessons(c.lessonCount)}${c.updatedAt ? ` · ${formatDateTime(c.updatedAt)}` : ''}`}</Text>
            <Text className='course__meta'>{S.idLine(c.id)}</Text>
            <View className='course__row'>
              <Button variant='secondary' block={false} label={`${S.edit}：${c.title}`} onClick={() => go(`/pages/course/editor?id=${c.id}`)}>{S.edit}</Button>
              <Button variant='secondary' block={false} label={`${c.status === 'published' ? S.unpublish : S.publish}：${c.title}`} onClick={() => toggle(c)}>{c.status === 'published' ? S.unpublish : S.publish}</Button>
              <Button variant='quiet' block={false} label={`${S.preview}：${c.title}`} onClick={() => go(`/pages/course/reader?id=${c.id}`)}>{S.preview}</Button>
            </View>
          </Card>
        ))
      )}
      <CourseFiguresSection />
    </Page>
  );
}
