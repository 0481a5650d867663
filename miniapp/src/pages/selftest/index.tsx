import { Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { selftestApi, type InstrumentSummary } from './api';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

export default function SelftestIndexPage() {
  const [items, setItems] = useState<InstrumentSummary[] | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setItems((await selftestApi.list()).items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useLoad(() => {
    load();
  });

  const start = (id: string) => Taro.navigateTo({ url: `/pages/selftest/quiz?id=${id}` });

  return (
    <Page title={S.chooseTitle} subtitle={S.chooseSubtitle} back>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : (
        items.map((i) => (
          <Card key={i.id} className={`selftest__choice selftest__choice--${i.id}`} onClick={() => start(i.id)}>
            <View className='selftest__choice-head'>
              <Text className='selftest__choice-title'>{i.title}</Text>
              <Text className='selftest__choice-name'>{i.name}</Text>
            </View>
            <Text className='selftest__choice-subtitle'>{i.subtitle}</Text>
            <View className='selftest__choice-foot'>
              <Text className='selftest__choice-meta'>{S.minutes(i.minutes, i.itemCount)}</Text>
              {/* The whole card is the tap target; this pill only shows it. */}
              <Text className='selftest__choice-start'>{S.start}</Text>
            </View>
          </Card>
        ))
      )}
      <Notice tone='privacy' title={S.privacyTitle}>
        {S.privacy}
      </Notice>
      <Text className='selftest__footnote'>{S.screeningNote}</Text>
      <Button variant='quiet' onClick={() => Taro.navigateTo({ url: '/pages/selftest/history' })}>
        {S.historyLink}
      </Button>
    </Page>
  );
}
