import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { TIERS } from '../../../../shared/analytics/tiers';
import { friendlyMessage } from '../../api/client';
import { getSession, requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page, Table } from '../../components';
import { adminApi, type GroupFigures, type OwnerDashboard } from './api';
import { ADMIN_STRINGS as S } from './strings';
import './care-admin.scss';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <View className='cadm__figure'>
      <Text className='cadm__figure-value'>{value}</Text>
      <Text className='cadm__figure-label'>{label}</Text>
    </View>
  );
}

const COLUMNS: [string, (g: GroupFigures) => string][] = [
  [S.clients, (g) => S.num(g.clients)],
  [S.repeatRate, (g) => S.pct(g.repeatRate)],
  [S.clv, (g) => S.yuan(g.clv)],
  [S.csatAvg, (g) => S.num(g.csat.average)],
  [S.satisfied, (g) => S.pct(g.csat.satisfiedShare)],
  [S.nps, (g) => S.num(g.nps.nps)],
  [S.responses, (g) => S.num(g.csat.responses)],
];

/** One group per row, the four numbers across (a table at a desk, a card per group on a phone). */
function Figures({ label, rows }: { label: string; rows: [string, GroupFigures][] }) {
  return (
    <Table
      head=''
      label={label}
      columns={COLUMNS.map(([h]) => ({ key: h, label: h }))}
      rows={rows.map(([name, g]) => ({ key: name, label: name, cells: Object.fromEntries(COLUMNS.map(([h, f]) => [h, f(g)])) }))}
    />
  );
}

/** The owner's four numbers side by side (referred vs not, per tier) and how complaints are handled. */
export default function DashboardPage() {
  const [d, setD] = useState<OwnerDashboard | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setD(await adminApi.dashboard());
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  if (error) return <Page title={S.dashboardTitle} back><ErrorState message={error} onRetry={load} /></Page>;
  if (!d) return <Page title={S.dashboardTitle} back><Loading /></Page>;
  const c = d.complaints;
  return (
    <Page title={S.dashboardTitle} subtitle={S.dashboardSubtitle} back className='cadm'>
      <Notice tone='privacy'>{S.privacyNote}</Notice>
      <View className='cadm__row'>
        <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pages/care-admin/messages' })}>{S.toMessages}</Button>
        {getSession()?.user.role === 'admin' && (
          <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pages/care-admin/complaints' })}>{S.toComplaints}</Button>
        )}
      </View>
      <Card title={S.byReferral}>
        <Figures label={S.byReferral} rows={[[S.referred, d.byReferral.referred], [S.notReferred, d.byReferral.notReferred]]} />
      </Card>
      <Card title={S.byTier}>
        <Figures label={S.byTier} rows={TIERS.map((t) => [S.tiers[t], d.byTier[t]] as [string, GroupFigures])} />
      </Card>
      <Card title={S.complaintsCard}>
        <View className='cadm__figures'>
          <Figure label={S.volume} value={S.num(c.volume)} />
          <Figure label={S.openCount} value={S.num(c.open)} />
          <Figure label={S.medianFirst} value={S.hours(c.medianFirstResponseHours)} />
          <Figure label={S.medianResolution} value={S.hours(c.medianResolutionHours)} />
          <Figure label={S.withinSla} value={S.pct(c.withinSlaShare)} />
          <Figure label={S.returnRate} value={S.pct(c.returnRate)} />
        </View>
      </Card>
    </Page>
  );
}
