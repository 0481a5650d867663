import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { CampaignDashboard, DashboardTable } from '../../../../shared/analytics/dashboard';
import { FUNNEL_STAGES, type FunnelRow } from '../../../../shared/analytics/funnel';
import { sourceName } from '../../../../shared/analytics/labels';
import { channelName } from '../../../../shared/campaign/channels';
import { canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page, Table } from '../../components';
import { formatPeriod } from '../../utils/time';
import { analyticsApi, downloadCsv } from './api';
import { Bars } from './Bars';
import { DailyChart } from './DailyChart';
import { ANALYTICS_STRINGS as S } from './strings';
import './analytics.scss';

const shown = (v: unknown) => (v === null || v === undefined ? S.none : String(v));

function Figure({ label, value, id }: { label: string; value: string | number | null; id?: string }) {
  return (
    <View className='admin__figure' data-figure={id}>
      <Text className='admin__figure-value'>{shown(value)}</Text>
      <Text className='admin__figure-label'>{label}</Text>
    </View>
  );
}

/** A funnel table: one row per channel or variant, counts with the step rate under them. */
function FunnelTable({ head, rows, extra }: { head: string; rows: (FunnelRow & { key: string; label: string })[]; extra?: { label: string; values: (key: string) => string }[] }) {
  const columns = [...FUNNEL_STAGES.map((s) => ({ key: s, label: S.stages[s] })), ...(extra ?? []).map((x, i) => ({ key: `x${i}`, label: x.label }))];
  return (
    <Table
      head={head}
      columns={columns}
      rows={rows.map((r) => ({
        key: r.key,
        label: r.label,
        cells: {
          ...Object.fromEntries(FUNNEL_STAGES.map((s, i) => [s, i > 0 && r.stepRates[s] !== null ? `${String(r.counts[s])} (${S.pct(r.stepRates[s])})` : String(r.counts[s])])),
          ...Object.fromEntries((extra ?? []).map((x, i) => [`x${i}`, x.values(r.key)])),
        },
      }))}
    />
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

  const exportTable = async (table: DashboardTable) => {
    setExportError('');
    try {
      await downloadCsv(`/analytics/campaigns/${encodeURIComponent(id)}/export.csv?table=${table}`, `campaign-${id}-${table}.csv`);
    } catch {
      setExportError(S.exportFailed);
    }
  };

  if (error) return <Page title={S.dashboardNav} back><ErrorState message={error} onRetry={retry ? load : undefined} /></Page>;
  if (!d) return <Page title={S.dashboardNav} back><Loading /></Page>;

  const labels = d.campaign.channelLabels;
  const total = d.funnel.total;
  const loop = d.inviteLoop;
  const variantTests = (key: string) => {
    const v = d.funnel.byVariant.find((x) => x.variant === key)!;
    return !v.test ? S.control : v.test.note === 'too_few' || v.test.pValue === null ? S.tooFew : v.test.significant ? S.significant(v.test.pValue) : S.notSignificant(v.test.pValue);
  };
  // The invite loop belongs to invite campaigns (or any campaign whose clients went on to invite friends).
  const showLoop = d.campaign.type === 'invite' || loop.stages.some((s) => s.count !== 0 && s.count !== null);
  const seriesTotals = d.daily.series.map((s) => `${sourceName(s.source, labels)} ${String(s.total)}`).join('，');
  return (
    <Page title={d.campaign.name} subtitle={`${S.dashboardNav} · ${formatPeriod(d.campaign.startsAt, d.campaign.endsAt)}`} back className='admin'>
      <Notice tone='privacy'>{S.privacyNote}</Notice>
      <View className='admin__actions'>
        {(
          [
            ['channels', S.exportChannels],
            ['variants', S.exportVariants],
            ['loop', S.exportLoop],
            ['generations', S.exportGenerations],
            ['daily', S.exportDaily],
            ['summary', S.exportSummary],
          ] as [DashboardTable, string][]
        ).map(([t, label]) => (
          <Button key={t} variant='secondary' block={false} onClick={() => exportTable(t)}>{label}</Button>
        ))}
        <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/analytics/tiers' })}>{S.tiersLink}</Button>
      </View>
      {exportError && <Notice tone='warning'>{exportError}</Notice>}

      <View className='admin__grid'>
        <Card title={S.funnel} className='admin__funnel'>
          <Bars rows={FUNNEL_STAGES.map((s, i) => ({ label: S.stages[s], value: total.counts[s], note: i ? S.pct(total.stepRates[s]) : '' }))} />
          <Text className='admin__note'>{S.funnelNote}</Text>
          <View className='admin__figures'>
            <Figure label={S.pageViews} value={d.pageViews} />
            <Figure label={S.reachable} value={d.reachable} />
          </View>
        </Card>
        {showLoop && (
        <Card title={S.loopTitle} className='admin__loop'>
          <View data-loop>
            <Bars rows={loop.stages.map((s) => ({ id: s.stage, label: S.loopStages[s.stage], value: s.count ?? '—', note: s.stepRate !== null ? S.pct(s.stepRate) : '' }))} />
          </View>
          <Text className='admin__note'>{S.loopNote}</Text>
          <View className='admin__figures'>
            <Figure id='k' label={S.kOverall} value={loop.kOverall} />
            <Figure id='depth' label={S.depth} value={loop.maxCascadeDepth} />
            <Figure label={S.inviters} value={d.kFactor.inviters} />
          </View>
        </Card>
        )}
      </View>

      <Card title={S.dailyTitle} className='admin__daily'>
        <DailyChart days={d.daily.days} series={d.daily.series} names={(s) => sourceName(s, labels)} summary={S.dailySummary(seriesTotals)} suppressedNote={S.suppressedKey} />
        <Text className='admin__note'>{S.firstTouchNote}</Text>
      </Card>

      {showLoop && (
      <View>
        <Card title={S.byVia}>
          <Table
            head={S.via}
            columns={(['shared', 'opened', 'accepted', 'qualified', 'booked', 'attended', 'paid'] as const).map((k) => ({ key: k, label: S.loopStages[k] }))}
            rows={loop.byShareKind.map((r) => ({
              key: r.via,
              label: S.vias[r.via],
              cells: { shared: shown(r.shared), opened: shown(r.opened), accepted: shown(r.accepted), qualified: shown(r.qualified), booked: shown(r.booked), attended: shown(r.attended), paid: shown(r.paid) },
            }))}
          />
        </Card>
        <Card title={S.byGeneration} description={S.generationHint}>
          <Table
            head={S.generation}
            columns={[...(['accepted', 'qualified', 'booked', 'attended', 'paid'] as const).map((k) => ({ key: k, label: S.loopStages[k] })), { key: 'k', label: S.kPerGeneration }]}
            rows={loop.byGeneration.map((g) => ({
              key: `g${g.generation}`,
              label: S.generationName(g.generation),
              cells: { accepted: shown(g.accepted), qualified: shown(g.qualified), booked: shown(g.booked), attended: shown(g.attended), paid: shown(g.paid), k: shown(g.k) },
            }))}
          />
        </Card>
      </View>
      )}

      <View className='admin__grid'>
        <Card title={S.returnsTitle}>
          <View className='admin__figures'>
            <Figure id='newClients' label={S.newClients} value={d.returns.newClients} />
            <Figure id='payingClients' label={S.payingClients} value={loop.paymentsLive ? d.returns.payingClients : null} />
            <Figure id='costPerClient' label={S.costPerClient} value={S.yuan(d.returns.rewardCostPerNewClient)} />
            <Figure id='revenuePerClient' label={S.revenuePerClient} value={S.yuan(d.returns.revenuePerNewClient)} />
            <Figure id='ratio' label={S.returnRatio} value={d.returns.ratio === null ? null : `${d.returns.ratio}×`} />
          </View>
          <Text className='admin__note'>{S.returnsNote}</Text>
        </Card>
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
            <Figure label={S.grantedPerClient} value={S.yuan(d.vouchers.grantedValuePerNewClient)} />
          </View>
        </Card>
      </View>

      <Card title={S.byChannel}>
        <FunnelTable head={S.channel} rows={d.funnel.byChannel.map((r) => ({ ...r, key: r.channel, label: channelName(r.channel, labels) }))} />
      </Card>
      <Card title={S.byVariant}>
        <Bars rows={d.funnel.byVariant.map((v) => ({ label: `${v.variant} · ${v.name}`, value: v.counts.signups, note: S.pct(v.signupRate) }))} />
        <FunnelTable
          head={S.variant}
          rows={d.funnel.byVariant.map((r) => ({ ...r, key: r.variant, label: `${r.variant} · ${r.name}` }))}
          extra={[
            { label: S.signupRate, values: (k) => S.pct(d.funnel.byVariant.find((x) => x.variant === k)!.signupRate) },
            { label: S.test.replace('{v}', d.funnel.byVariant[0]?.variant ?? ''), values: variantTests },
          ]}
        />
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
    </Page>
  );
}
