import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { Campaign } from '../../../../shared/campaign/schema';
import { api, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Page } from '../../components';
import { channelName } from '../../../../shared/campaign/channels';
import { formatPeriod } from '../../utils/time';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import './campaign-admin.scss';

export default function CampaignListPage() {
  const [items, setItems] = useState<Campaign[] | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setItems((await api.get<{ items: Campaign[] }>('/campaigns')).items);
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  // Back from the editor: show what changed.
  useDidShow(() => {
    load();
  });

  const actions = (
    <View className='cadmin__row'>
      <Button block={false} onClick={() => Taro.navigateTo({ url: '/pages/campaign/editor' })}>{S.create}</Button>
      <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pages/analytics/tiers' })}>{S.tiers}</Button>
      <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/campaign/themedays' })}>{S.themedays}</Button>
    </View>
  );
  if (error) return <Page title={S.listNav} back><ErrorState message={error} onRetry={retry ? load : undefined} /></Page>;
  if (!items) return <Page title={S.listNav} back><Loading /></Page>;
  return (
    <Page title={S.listNav} subtitle={S.listSubtitle} back className='cadmin'>
      {actions}
      {!items.length && <Empty title={S.empty} description={S.emptyHint} />}
      <View className='cadmin__list'>
      {items.map((c) => (
        <Card key={c.id} title={c.name} badge={S.status[c.status]} className='cadmin__item'>
          <Text className='cadmin__meta'>{`${S.types[c.type]} · ${S.variantsCount(c.variants.length)}`}</Text>
          <Text className='cadmin__period' data-period={c.id}>{`${S.period}：${formatPeriod(c.startsAt, c.endsAt)}`}</Text>
          <Text className='cadmin__meta'>{c.channels.map((ch) => channelName(ch, c.channelLabels)).join(' · ') || '—'}</Text>
          <View className='cadmin__row'>
            <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: `/pages/campaign/editor?id=${c.id}` })}>{S.edit}</Button>
            <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: `/pages/analytics/dashboard?id=${c.id}` })}>{S.data}</Button>
          </View>
        </Card>
      ))}
      </View>
    </Page>
  );
}
