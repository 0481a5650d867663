import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page, tappable } from '../../components';
import { formatDate, formatDateTime } from '../../utils/time';
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
        m.benefits.map((b) => (
          <Card
            key={b.id}
            className='membership__benefit'
            title={b.title}
            description={b.detail}
            {...(b.courseId ? { onClick: () => Taro.navigateTo({ url: `/pages/course/reader?id=${encodeURIComponent(b.courseId!)}` }) } : {})}
          >
            {b.kind === 'checkin_reminder' && m.checkinReminder && <CheckinReminderControl state={m.checkinReminder} paused={m.offersPaused} onChanged={load} />}
          </Card>
        ))
      )}
      {m.entitlements.length > 0 && (
        <Card title={S.courses}>
          {m.entitlements.map((e) => {
            const id = e.what.replace(/^course#/, '');
            const openCourse = () => Taro.navigateTo({ url: `/pages/course/reader?id=${encodeURIComponent(id)}` });
            return (
              <Text key={e.what} className='membership__link' {...tappable({ onClick: openCourse, role: 'link' })} onClick={openCourse}>{`《${e.title ?? id}》 ${S.openCourse}`}</Text>
            );
          })}
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

/**
 * The quarterly check-in reminder under its benefit: the `checkins` consent (changed in 隐私与授权, never here), the
 * one-time grants left, and in the weapp "开启季度关心提醒" — one accepted subscription request = one reminder.
 */
function CheckinReminderControl({ state, paused, onChanged }: { state: NonNullable<Membership['checkinReminder']>; paused: boolean; onChanged: () => void }) {
  const [asking, setAsking] = useState(false);
  const C = S.checkin;
  const openPrivacy = () => Taro.navigateTo({ url: '/pages/care/privacy' });
  const ask = async () => {
    const tid = state.templateId;
    if (!tid) return;
    setAsking(true);
    try {
      const res = (await Taro.requestSubscribeMessage({ tmplIds: [tid], entityIds: [] } as any)) as unknown as Record<string, string>;
      if (res[tid] === 'accept') {
        await membershipApi.grant(tid);
        Taro.showToast({ title: C.on, icon: 'success' });
        onChanged();
      } else Taro.showToast({ title: C.declined, icon: 'none' });
    } catch {
      Taro.showToast({ title: C.failed, icon: 'none' });
    } finally {
      setAsking(false);
    }
  };
  const consentLine = state.consent.granted ? C.consentOn(state.consent.at ? formatDate(state.consent.at) : '') : C.consentOff;
  return (
    <View className='membership__checkin'>
      <Text className='membership__line'>{consentLine}</Text>
      <Text className='membership__link' {...tappable({ onClick: openPrivacy, role: 'link' })} onClick={openPrivacy}>{C.privacyLink}</Text>
      {state.lastSentAt && <Text className='membership__line'>{C.lastSent(formatDate(state.lastSentAt))}</Text>}
      {paused ? (
        <Text className='membership__line'>{C.paused}</Text>
      ) : !state.templateId ? (
        <Text className='membership__line'>{C.notConfigured}</Text>
      ) : (
        <>
          {(state.grants > 0 || process.env.TARO_ENV === 'weapp') && <Text className='membership__line'>{state.grants > 0 ? C.grants(state.grants) : C.noGrants}</Text>}
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className='membership__reward-action' variant={state.grants > 0 ? 'secondary' : 'primary'} busy={asking} onClick={ask}>
              {state.grants > 0 ? C.enableAgain : C.enable}
            </Button>
          ) : (
            <Text className='membership__line'>{C.h5Only}</Text>
          )}
        </>
      )}
    </View>
  );
}
