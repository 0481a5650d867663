import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { actThenReload, useShownData } from '../../api/hooks';
import { Button, Card, Empty, ErrorState, Loading, Page } from '../../components';
import { gatheringApi, type Gathering } from '../gathering/api';
import { gatheringWhen } from '../gathering/format';
import { GADMIN_STRINGS as S } from './strings';
import './gathering-admin.scss';

/** The marketer's gatherings this month and next: edit, publish, check in, figures. */
export default function GatheringAdminListPage() {
  const { data: items, error, reload: load } = useShownData(async () => (await gatheringApi.list()).items);
  const toggle = (g: Gathering) => actThenReload(() => gatheringApi.publish(g.id, g.status !== 'published'), load);
  const go = (url: string) => Taro.navigateTo({ url });
  return (
    <Page back title={S.listTitle} subtitle={S.listSubtitle} className='gadmin'>
      <View className='gadmin__row'>
        <Button block={false} onClick={() => go('/pages/gathering-admin/editor')}>{S.create}</Button>
        <Button variant='secondary' block={false} onClick={() => go('/pages/gathering-admin/members')}>{S.members}</Button>
      </View>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.empty} description={S.emptyHint} />
      ) : (
        items.map((g) => (
          <Card key={g.id} className='gadmin__item' title={g.title} badge={S.status[g.status]}>
            <Text className='gadmin__meta'>{`${S.kinds[g.kind]} · ${gatheringWhen(g)} · ${S.seats(g.registered, g.capacity)}`}</Text>
            <View className='gadmin__row'>
              <Button variant='secondary' block={false} onClick={() => go(`/pages/gathering-admin/editor?id=${g.id}`)}>{S.edit}</Button>
              <Button variant='secondary' block={false} onClick={() => toggle(g)}>{g.status === 'published' ? S.unpublish : S.publish}</Button>
              {g.status === 'published' && <Button variant='secondary' block={false} onClick={() => go(`/pages/gathering-admin/checkin?id=${g.id}`)}>{S.checkin}</Button>}
              <Button variant='secondary' block={false} onClick={() => go(`/pages/gathering-admin/stats?id=${g.id}`)}>{S.stats}</Button>
              {g.status === 'published' && <Button variant='quiet' block={false} onClick={() => go(`/pages/gathering/detail?id=${g.id}`)}>{S.publicLink}</Button>}
            </View>
          </Card>
        ))
      )}
    </Page>
  );
}
