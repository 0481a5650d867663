import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, labelled, Loading, Notice, Page, Table } from '../../components';
import { analyticsApi, downloadCsv, type TiersView } from './api';
import { Bars } from './Bars';
import { ANALYTICS_STRINGS as S } from './strings';
import './analytics.scss';

export default function TiersPage() {
  const [view, setView] = useState<TiersView | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);
  const [form, setForm] = useState({ minSessions: '', minSpend: '', clvYears: '' });
  const [status, setStatus] = useState('');

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const v = await analyticsApi.tiers();
      setView(v);
      setForm({ minSessions: String(v.thresholds.minSessions), minSpend: String(v.thresholds.minSpend), clvYears: String(v.thresholds.clvYears) });
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const save = async () => {
    setStatus('');
    try {
      await analyticsApi.setThresholds({ minSessions: Number(form.minSessions), minSpend: Number(form.minSpend), clvYears: Number(form.clvYears) });
      setStatus(S.saved);
      await load();
    } catch (err) {
      setStatus(err instanceof ApiError && err.status === 400 ? err.message : friendlyMessage(err));
    }
  };

  if (error) return <Page title={S.tiersNav} back><ErrorState message={error} onRetry={retry ? load : undefined} /></Page>;
  if (!view) return <Page title={S.tiersNav} back><Loading /></Page>;

  return (
    <Page title={S.tiersNav} subtitle={`${S.totalClients} ${view.clients} · ${S.reachable} ${view.reachable}`} back className='admin'>
      <Notice tone='privacy'>{S.privacyNote}</Notice>
      <View className='admin__actions'>
        <Button variant='secondary' block={false} onClick={() => downloadCsv('/analytics/tiers?format=csv', 'tiers.csv').catch(() => setStatus(S.exportFailed))}>
          {S.exportCsv}
        </Button>
        <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/campaign/list' })}>{S.backToCampaigns}</Button>
      </View>
      <View className='admin__grid'>
        <Card title={S.clients}>
          <Bars rows={view.tiers.map((t) => ({ label: S.tiers[t.tier], value: t.clients, note: `${S.repeatRate} ${S.pct(t.repeatRate)}` }))} />
        </Card>
        <Card title={S.thresholds}>
          {(['minSessions', 'minSpend', 'clvYears'] as const).map((k) => (
            <View key={k}>
              <Text className='admin__label'>{S[k]}</Text>
              <Input className='admin__input' type='digit' {...labelled(S[k])} value={form[k]} onInput={(e) => setForm({ ...form, [k]: e.detail.value })} />
            </View>
          ))}
          <View className='admin__actions'>
            <Button block={false} onClick={save}>{S.save}</Button>
            {status && <Text className='admin__status'>{status}</Text>}
          </View>
        </Card>
      </View>
      <Card>
        <Table
          head={S.tiersNav}
          columns={[
            { key: 'clients', label: S.clients },
            { key: 'reachable', label: S.reachableShort },
            { key: 'repeat', label: S.repeatRate },
            { key: 'clv', label: S.clv },
            { key: 'offers', label: S.offers },
            { key: 'campaigns', label: S.fittingCampaigns },
          ]}
          rows={view.tiers.map((t) => ({
            key: t.tier,
            label: `${S.tiers[t.tier]}（${S.tierHint[t.tier]}）`,
            cells: {
              clients: String(t.clients),
              reachable: String(t.reachable),
              repeat: S.pct(t.repeatRate),
              clv: S.yuan(t.clv),
              offers: t.offers.join('、'),
              campaigns: t.campaigns.map((c) => c.name).join('、') || S.none,
            },
          }))}
        />
      </Card>
    </Page>
  );
}
