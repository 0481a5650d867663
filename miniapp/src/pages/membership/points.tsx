import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDate, formatDateTime } from '../../utils/time';
import { membershipApi, type Membership, type PointsEntry, type Reward } from './api';
import { MEMBERSHIP_STRINGS as S } from './strings';
import './membership.scss';

/** With the year: points last 12 months, so a date without it would be ambiguous. */
const fullDate = (iso: string) => formatDateTime(iso).split(' ')[0];

const newKey = () => `rd-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** 积分: balance, what expires when (shown in advance), rewards to spend on, and every entry of the ledger. */
export default function PointsPage() {
  const [m, setM] = useState<Membership | null>(null);
  const [items, setItems] = useState<PointsEntry[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const [mine, points] = await Promise.all([membershipApi.mine(), membershipApi.points()]);
      setM(mine);
      setItems(points.items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const redeem = async (r: Reward) => {
    const ok = await Taro.showModal({ title: S.redeem, content: S.redeemConfirm(r.name, r.points) });
    if (!ok.confirm) return;
    setBusy(r.id);
    try {
      // One key per tap: a retried request after a timeout spends nothing twice.
      const out = await membershipApi.redeem(r.id, newKey());
      Taro.showModal({ title: S.redeemed, content: out.voucherId ? S.redeemedVoucher : r.name, showCancel: false });
      await load();
    } catch (err) {
      Taro.showModal({ title: S.redeem, content: err instanceof ApiError && S.errors[err.code] ? S.errors[err.code] : friendlyMessage(err), showCancel: false });
    } finally {
      setBusy('');
    }
  };

  if (error) return <Page back title={S.pointsTitle}><ErrorState message={error} onRetry={load} /></Page>;
  if (!m) return <Page back title={S.pointsTitle}><Loading /></Page>;
  return (
    <Page back title={S.pointsTitle} subtitle={S.pointsHint} className='membership'>
      <View className='membership__balance'>
        <Text className='membership__level-label'>{S.balance}</Text>
        <Text className='membership__balance-value'>{m.points.balance}</Text>
      </View>

      <Text className='membership__section'>{S.expiring}</Text>
      <Card>
        {m.points.expiring.length === 0 ? (
          <Text className='membership__line'>{S.noExpiring}</Text>
        ) : (
          m.points.expiring.map((e) => (
            <Text key={e.at} className={e.soon ? 'membership__line membership__line--soon' : 'membership__line'}>{S.expiringLine(e.points, fullDate(e.at))}</Text>
          ))
        )}
      </Card>

      <Text className='membership__section'>{S.rewards}</Text>
      {m.offersPaused ? (
        <Notice tone='info'>{S.paused}</Notice>
      ) : (
        m.rewards.map((r) => (
          <Card key={r.id} className='membership__reward' title={r.name} badge={S.rewardCost(r.points)} {...(r.startsAt ? { description: S.seatWhen(formatDateTime(r.startsAt)) } : {})}>
            <View className='membership__reward-action'>
              <Button variant={m.points.balance >= r.points ? 'primary' : 'secondary'} block={false} busy={busy === r.id} disabled={m.points.balance < r.points} onClick={() => redeem(r)}>
                {m.points.balance >= r.points ? S.redeem : S.notEnough}
              </Button>
            </View>
          </Card>
        ))
      )}
      {!m.offersPaused && (
        <Button variant='quiet' onClick={() => Taro.navigateTo({ url: '/pages/voucher/index' })}>{S.wallet}</Button>
      )}

      <Text className='membership__section'>{S.history}</Text>
      <Card>
        {items.length === 0 ? (
          <Text className='membership__line'>{S.noHistory}</Text>
        ) : (
          items.map((e) => (
            <View key={e.cause} className='membership__entry'>
              <View className='membership__entry-body'>
                <Text className='membership__entry-label'>{`${S.kinds[e.kind]} · ${e.label ?? ''}`}</Text>
                <Text className='membership__entry-date'>{formatDate(e.at)}</Text>
              </View>
              <Text className={e.points > 0 ? 'membership__entry-points membership__entry-points--plus' : 'membership__entry-points'}>{e.points > 0 ? `+${e.points}` : String(e.points)}</Text>
            </View>
          ))
        )}
      </Card>
    </Page>
  );
}
