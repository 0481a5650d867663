import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { CampaignDashboard } from '../../../../shared/analytics/dashboard';
import { FUNNEL_STAGES, type FunnelRow } from '../../../../shared/analytics/funnel';
import { canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { analyticsApi, downloadCsv } from './api';
import { Bars } from './Bars';
import { ANALYTICS_STRINGS as S } from './strings';
import './analytics.scss';

function Figure({ label, value }: { label: string; value: string | number | null }) {
  return (
    <View className='admin__figure'>
      <Text className='admin__figure-value'>{value === null ? S.none : String(value)}</Text>
      <Text className='admin__figure-label'>{label}</Text>
    </View>
  );
}

/** A funnel table: one row per channel or variant, counts then step rates. */
function FunnelTable({ head, rows, extra }: { head: string; rows: (FunnelRow & { key: string; label: string })[]; extra?: (key: string) => string[] }) {
  const extraHead = extra ? [S.signupRate, S.test.replace('{v}', rows[0]?.key ?? '')] : [];
  return (
    <View className='admin__table-wrap'>
      <View className='admin__table'>
        <View className='admin__tr'>
          {[head, ...FUNNEL_STAGES.map((s) => S.stages[s]), ...extraHead].map((h) => (
            <Text key={h} className='admin__th'>{h}</Text>
          ))}
        </View>
        {rows.map((r) => (
          <View key={r.key} className='admin__tr' data-row={r.key}>
            <Text className='admin__td'>{r.label}</Text>
            {FUNNEL_STAGES.map((s, i) => (
              <Text key={s} className='admin__td' data-cell={`${r.key}:${s}`}>
                {String(r.counts[s])}
                {i > 0 && r.stepRates[s] !== null ? <Text className='admin__muted'> ({S.pct(r.stepRates[s])})</Text> : null}
              </Text>
            ))}
            {extra?.(r.key).map((x, i) => (
              <Text key={i} className={`admin__td ${x.startsWith('显著') ? 'admin__sig' : ''}`}>{x}</Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  );
}

export default function DashboardPage() {
  const id = useRouter().params.id ?? '';
  const [d, setD] = useState<CampaignDashboard | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);
  const [exportError, setExportError] = useState('');

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setD(await analyticsApi.dashboard(id));
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const exportTable = async (table: 'channels' | 'variants' | 'summary') => {
    setExportError('');
    try {
      await downloadCsv(`/analytics/campaigns/${encodeURIComponent(id)}/export.csv?table=${table}`, `campaign-${id}-${table}.csv`);
    } catch {
      setExportError(S.exportFailed);
    }
  };

  if (error) return <Page title={S.dashboardNav} back><ErrorState message={error} onRetry={retry ? load : undefined} /></Page>;
  if (!d) return <Page title={S.dashboardNav} back><Loading /></Page>;

  const total = d.funnel.total;
  const variantTests = (key: string) => {
    const v = d.funnel.byVariant.find((x) => x.variant === key)!;
    const test = !v.test ? S.control : v.test.note === 'too_few' || v.test.pValue === null ? S.tooFew : v.test.significant ? S.significant(v.test.pValue) : S.notSignificant(v.test.pValue);
    return [S.pct(v.signupRate), test];
  };
  return (
    <Page title={d.campaign.name} subtitle={S.dashboardNav} back className='admin'>
      <Notice tone='privacy'>{S.privacyNote}</Notice>
      <View className='admin__actions'>
        <Button variant='secondary' block={false} onClick={() => exportTable('channels')}>{S.exportChannels}</Button>
        <Button variant='secondary' block={false} onClick={() => exportTable('variants')}>{S.exportVariants}</Button>
        <Button variant='secondary' block={false} onClick={() => exportTable('summary')}>{S.exportSummary}</Button>
        <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/analytics/tiers' })}>{S.tiersLink}</Button>
      </View>
      {exportError && <Notice tone='warning'>{exportError}</Notice>}

      <View className='admin__grid'>
        <Card title={S.funnel}>
          <Bars rows={FUNNEL_STAGES.map((s, i) => ({ label: S.stages[s], value: total.counts[s], note: i ? S.pct(total.stepRates[s]) : '' }))} />
          <View className='admin__figures'>
            <Figure label={S.pageViews} value={d.pageViews} />
            <Figure label={S.reachable} value={d.reachable} />
          </View>
        </Card>
        <Card title={S.kTitle}>
          <View className='admin__figures'>
            <Figure label={S.kFactor} value={d.kFactor.k} />
            <Figure label={S.perInviter} value={d.kFactor.invitesPerInviter} />
            <Figure label={S.conversion} value={S.pct(d.kFactor.conversion)} />
            <Figure label={S.inviters} value={d.kFactor.inviters} />
            <Figure label={S.invitesSent} value={d.kFactor.invitesSent} />
            <Figure label={S.accepted} value={d.kFactor.accepted} />
            <Figure label={S.depth} value={d.kFactor.maxCascadeDepth} />
          </View>
        </Card>
      </View>

      <Card title={S.byChannel}>
        <FunnelTable head={S.channel} rows={d.funnel.byChannel.map((r) => ({ ...r, key: r.channel, label: r.channel }))} />
      </Card>
      <Card title={S.byVariant}>
        <Bars rows={d.funnel.byVariant.map((v) => ({ label: `${v.variant} · ${v.name}`, value: v.counts.signups, note: S.pct(v.signupRate) }))} />
        <FunnelTable head={S.variant} rows={d.funnel.byVariant.map((r) => ({ ...r, key: r.variant, label: `${r.variant} · ${r.name}` }))} extra={variantTests} />
      </Card>

      <View className='admin__grid'>
        <Card title={S.vouchersTitle}>
          <Bars
            rows={[
              { label: S.granted, value: d.vouchers.granted, note: S.yuan(d.vouchers.grantedValue) },
              { label: S.redeemed, value: d.vouchers.redeemed, note: S.yuan(d.vouchers.redeemedValue) },
              { label: S.expired, value: d.vouchers.expired, note: S.yuan(d.vouchers.expiredValue) },
              { label: S.revoked, value: d.vouchers.revoked },
            ]}
          />
          <View className='admin__figures'>
            <Figure label={S.costPerClient} value={S.yuan(d.vouchers.rewardCostPerNewClient)} />
            <Figure label={S.grantedPerClient} value={S.yuan(d.vouchers.grantedValuePerNewClient)} />
          </View>
        </Card>
        <Card title={S.npsTitle}>
          <View className='admin__figures'>
            <Figure label={S.nps} value={d.nps.nps} />
            <Figure label={S.responses} value={d.nps.responses} />
          </View>
          <Bars
            rows={[
              { label: S.promoters, value: d.nps.promoters },
              { label: S.passives, value: d.nps.passives },
              { label: S.detractors, value: d.nps.detractors },
            ]}
          />
        </Card>
      </View>
    </Page>
  );
}
