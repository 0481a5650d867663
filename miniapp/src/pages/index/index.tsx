import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { useOffersPaused } from '../../api/offers';
import { getSession, loginUrl, type Session } from '../../api/session';
import { Card, Notice, Page, tappable } from '../../components';
import { badgeText, useMeBadges } from '../me/badges';
import { HOME_ENTRIES, type HomeEntry } from './entries';
import { HOME_STRINGS as S } from './strings';
import './index.scss';

export default function HomePage() {
  const [session, setSessionState] = useState<Session | null>(getSession());
  // Coming back from login or the profile page: show the new name.
  useDidShow(() => setSessionState(getSession()));
  // A voucher that arrived since the wallet was last opened shows on the 我的 entry.
  const badges = useMeBadges();
  // After a crisis result: no invite, no events — only care (self-test, free consult, one's own records).
  const paused = useOffersPaused();

  const open = (entry: HomeEntry) => {
    if (!entry.url) {
      Taro.showToast({ title: S.comingSoonToast, icon: 'none' });
      return;
    }
    Taro.navigateTo({ url: entry.url });
  };

  return (
    <Page className='home'>
      <View className='home__hero'>
        <View className='home__ripple'>
          <View className='home__ring home__ring--1' />
          <View className='home__ring home__ring--2' />
          <View className='home__ring home__ring--3' />
        </View>
        <Text className='home__brand'>{S.brand}</Text>
        <Text className='home__tagline'>{S.tagline}</Text>
      </View>

      <View className='home__account'>
        <Text className='home__greeting'>{session ? S.greeting(session.user.name) : S.greetingGuest}</Text>
        {session ? (
          <Text className='home__account-link' {...tappable({ onClick: () => Taro.navigateTo({ url: '/pages/auth/profile' }), role: 'link' })} onClick={() => Taro.navigateTo({ url: '/pages/auth/profile' })}>
            {S.profile}
          </Text>
        ) : (
          <Text className='home__account-link' {...tappable({ onClick: () => Taro.navigateTo({ url: loginUrl('/pages/index/index') }), role: 'link' })} onClick={() => Taro.navigateTo({ url: loginUrl('/pages/index/index') })}>
            {S.signIn}
          </Text>
        )}
      </View>

      {HOME_ENTRIES.filter((entry) => !(paused && entry.offer)).map((entry) => (
        <Card
          key={entry.key}
          className={`home__entry home__entry--${entry.key}`}
          title={entry.title}
          description={entry.description}
          badge={entry.url ? (entry.key === 'history' ? badgeText(badges.newVouchers) : undefined) : S.comingSoon}
          tone={entry.key === 'selftest' ? 'soft' : 'default'}
          onClick={() => open(entry)}
        />
      ))}

      {session?.user.role === 'counselor' && (
        // The counselor's workbench (counselor sub-package).
        <Card tone='accent' title={S.counselorDesk} description={S.counselorDeskHint} onClick={() => Taro.navigateTo({ url: '/pages/counselor/index' })} />
      )}

      {(session?.user.role === 'marketer' || session?.user.role === 'admin') && (
        // The marketer's back office (campaign and analytics sub-packages).
        <Card tone='accent' title={S.marketerDesk} description={S.marketerDeskHint} onClick={() => Taro.navigateTo({ url: '/pages/campaign/list' })} />
      )}
      {(session?.user.role === 'marketer' || session?.user.role === 'admin') && (
        // Gatherings, check-in at the door, membership rules (gathering-admin sub-package).
        <Card tone='accent' title={S.gatheringDesk} description={S.gatheringDeskHint} onClick={() => Taro.navigateTo({ url: '/pages/gathering-admin/list' })} />
      )}

      <Notice tone='privacy'>{S.privacy}</Notice>
    </Page>
  );
}
