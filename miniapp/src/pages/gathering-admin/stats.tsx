import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Card, ErrorState, Loading, Notice, Page } from '../../components';
import { gatheringApi, type GatheringStats, type StatRow } from '../gathering/api';
import { GADMIN_STRINGS as S } from './strings';
import './gathering-admin.scss';

const COLUMNS: (keyof StatRow)[] = ['registered', 'attended', 'noShow', 'waitlisted', 'cancelled', 'newClients'];

/** Per gathering: registrations, attendance, no-shows, new clients, by channel — aggregates only, "<5" for small cells. */
export default function GatheringStatsPage() {
  const { params } = useRouter();
  const [stats, setStats] = useState<GatheringStats | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    try {
      setStats(await gatheringApi.stats(params.id ?? ''));
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });
  if (error) return <Page back title={S.statsTitle}><ErrorState message={error} onRetry={load} /></Page>;
  if (!stats) return <Page back title={S.statsTitle}><Loading /></Page>;
  const rows = [...stats.byChannel, { channel: S.total, ...stats.total }];
  return (
    <Page back title={S.statsTitle} subtitle={stats.gathering.title} className='gadmin'>
      <Card>
        <View className='gadmin__table' ariaRole='table'>
          <View className='gadmin__tr gadmin__tr--head' ariaRole='row'>
            {['channel', ...COLUMNS].map((c) => (
              <Text key={c} className='gadmin__td'>{S.columns[c]}</Text>
            ))}
          </View>
          {rows.map((r) => (
            <View key={r.channel} className='gadmin__tr' ariaRole='row'>
              <Text className='gadmin__td'>{r.channel}</Text>
              {COLUMNS.map((c) => (
                <Text key={c} className='gadmin__td'>{String(r[c])}</Text>
              ))}
            </View>
          ))}
        </View>
      </Card>
      <Notice tone='privacy'>{S.statsHint}</Notice>
    </Page>
  );
}
