import { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Card, ErrorState, Loading, Notice, Page, Table } from '../../components';
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
        <Table
          head={S.columns.channel}
          label={S.statsTitle}
          columns={COLUMNS.map((c) => ({ key: c, label: S.columns[c] }))}
          rows={rows.map((r) => ({ key: r.channel, label: r.channel, cells: Object.fromEntries(COLUMNS.map((c) => [c, String(r[c])])) }))}
        />
      </Card>
      <Notice tone='privacy'>{S.statsHint}</Notice>
    </Page>
  );
}
