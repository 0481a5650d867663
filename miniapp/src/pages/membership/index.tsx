import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Card, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { membershipApi, type Membership } from './api';
import { MEMBERSHIP_STRINGS as S } from './strings';
import './membership.scss';

/** 我的权益: the client's level (earned from the relationship), what it brings and when, and the points summary. */
export default function MembershipPage() {
  const [m, setM] = useState<Membership | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setM(await membershipApi.mine());
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });
  if (error) return <Page back title={S.title}><ErrorState message={error} onRetry={load} /></Page>;
  if (!m) return <Page back title={S.title}><Loading /></Page>;
  const soon = m.points.expiring.filter((e) => e.soon);
  return (
    <Page back title={S.title} subtitle={S.subtitle} className='membership'>
      <View className='membership__level' ariaRole='region' ariaLabel={`${S.level} ${m.levelName}`}>
        <Text className='membership__level-label'>{S.level}</Text>
        <Text className='membership__level-name'>{m.levelName}</Text>
        <Text className='membership__level-hint'>{m.next ? S.next(m.next.name, m.next.hint) : S.top}</Text>
      </View>

      <Text className='membership__section'>{S.benefits}</Text>
      {m.benefits.length === 0 ? (
        <Notice tone='info'>{S.noBenefits}</Notice>
      ) : (
        m.benefits.map((b) => <Card key={b.id} className='membership__benefit' title={b.title} description={b.detail} />)
      )}
      {m.entitlements.length > 0 && (
        <Card title={S.courses}>
          {m.entitlements.map((e) => (
            <Text key={e.what} className='membership__line'>{`《${e.what.replace(/^course#/, '')}》`}</Text>
          ))}
        </Card>
      )}

      <Text className='membership__section'>{S.points}</Text>
      <Card className='membership__points' title={`${S.balance} ${m.points.balance}`} description={S.pointsHint} onClick={() => Taro.navigateTo({ url: '/pages/membership/points' })}>
        {soon.map((e) => (
          <Text key={e.at} className='membership__line membership__line--soon'>{S.expiringLine(e.points, formatDateTime(e.at).split(' ')[0])}</Text>
        ))}
        <Text className='membership__link'>{S.viewPoints}</Text>
      </Card>
      {m.offersPaused && <Notice tone='info'>{S.paused}</Notice>}
    </Page>
  );
}
