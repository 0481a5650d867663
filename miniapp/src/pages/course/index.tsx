import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Notice, Page, ProgressBar } from '../../components';
import { courseApi, type CourseListItem } from './api';
import { COURSE_STRINGS as S } from './strings';
import './course.scss';

/** 我的课程: the published courses, open ones with their progress, locked ones with how to open them. */
export default function CourseListPage() {
  const [data, setData] = useState<{ items: CourseListItem[]; offersPaused: boolean } | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setData(await courseApi.list());
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });
  if (error) return <Page back title={S.listTitle}><ErrorState message={error} onRetry={load} /></Page>;
  if (!data) return <Page back title={S.listTitle}><Loading /></Page>;
  const go = (url: string) => Taro.navigateTo({ url });
  return (
    <Page back title={S.listTitle} subtitle={S.listSubtitle} className='course'>
      {data.offersPaused && <Notice tone='info'>{S.pausedNote}</Notice>}
      {data.items.length === 0 ? (
        <Empty title={S.empty} description={S.emptyHint} />
      ) : (
        data.items.map((c) => <CourseCard key={c.id} c={c} paused={data.offersPaused} onOpen={() => go(`/pages/course/reader?id=${c.id}`)} onRedeem={() => go('/pages/membership/points')} />)
      )}
    </Page>
  );
}

function CourseCard({ c, paused, onOpen, onRedeem }: { c: CourseListItem; paused: boolean; onOpen: () => void; onRedeem: () => void }) {
  if (!c.access.open) {
    return (
      <Card className='course__item course__item--locked' title={c.title} description={c.summary} badge={S.locked}>
        <Text className='course__meta'>{S.lessons(c.lessonCount)}</Text>
        <Text className='course__reason'>{c.access.reason}</Text>
        {/* No offer while paused (the server sends no locked course then either). */}
        {!paused && c.access.how.includes('points') && (
          <View className='course__row'>
            <Button variant='secondary' block={false} label={`${S.redeem}：${c.title}`} onClick={onRedeem}>{S.redeem}</Button>
          </View>
        )}
      </Card>
    );
  }
  const p = c.progress;
  return (
    <Card className='course__item' title={c.title} description={c.summary} badge={c.access.via === 'benefit' ? S.viaBenefit : S.viaPoints}>
      <Text className='course__meta'>{S.lessons(c.lessonCount)}</Text>
      <ProgressBar value={p.done} max={p.total} label={S.progress(p.done, p.total)} />
      {p.finished && <Text className='course__done'>{p.earnedPoints ? S.finishedWith(p.earnedPoints) : S.finished}</Text>}
      <View className='course__row'>
        <Button variant={p.finished ? 'secondary' : 'primary'} block={false} label={`${p.finished ? S.review : p.done ? S.continue : S.start}：${c.title}`} onClick={onOpen}>
          {p.finished ? S.review : p.done ? S.continue : S.start}
        </Button>
      </View>
    </Card>
  );
}
