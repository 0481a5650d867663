import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { actThenReload, useShownData } from '../../api/hooks';
import { Button, Card, Empty, ErrorState, Loading, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { courseApi, type CourseSummary } from './api';
import { COURSE_STRINGS as S } from './strings';
import './course.scss';

/** The marketer's courses, drafts included: edit, publish or take back to draft. */
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
    </Page>
  );
}
