import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Card, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { gatheringApi, type Gathering } from './api';
import { gatheringPrice, gatheringWhen, gatheringWhere } from './format';
import { GATHERING_STRINGS as S } from './strings';
import './gathering.scss';

/** Upcoming gatherings (this month and next), soonest first, with the client's own status on each. */
export default function GatheringListPage() {
  const [data, setData] = useState<{ items: Gathering[]; offersPaused: boolean } | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setData(await gatheringApi.list());
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  return (
    <Page back title={S.listTitle} subtitle={S.listSubtitle} className='gathering'>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !data ? (
        <Loading />
      ) : data.offersPaused ? (
        <Notice tone='info'>{S.paused}</Notice>
      ) : data.items.length === 0 ? (
        <Empty title={S.empty} description={S.emptyHint} />
      ) : (
        data.items.map((g) => (
          <Card key={g.id} className='gathering__item' badge={g.myStatus ? S.myStatus[g.myStatus] : g.kindName} title={g.title} onClick={() => Taro.navigateTo({ url: `/pages/gathering/detail?id=${g.id}` })}>
            <Text className='gathering__meta'>{gatheringWhen(g)}</Text>
            <Text className='gathering__meta'>{`${gatheringWhere(g)} · ${gatheringPrice(g)}`}</Text>
            <View className='gathering__seats'>
              <Text className={g.seatsLeft > 0 ? 'gathering__seats-text' : 'gathering__seats-text gathering__seats-text--full'}>{S.seatsLeft(g.seatsLeft)}</Text>
            </View>
          </Card>
        ))
      )}
    </Page>
  );
}
