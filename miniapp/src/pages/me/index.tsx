import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { useOffersPaused } from '../../api/offers';
import { getSession, loginUrl, type Session } from '../../api/session';
import { Button, Card, Notice, Page } from '../../components';
import { ROLE_LABELS } from '../auth/strings';
import { badgeText, useMeBadges } from './badges';
import { entriesFor } from './entries';
import { ME_STRINGS as S } from './strings';
import './me.scss';

/** 我的: one place for everything that is the signed-in person's own — the entries come from `entries.ts`. */
export default function MePage() {
  const [session, setSession] = useState<Session | null>(getSession());
  useDidShow(() => setSession(getSession()));
  const badges = useMeBadges();
  const paused = useOffersPaused();

  if (!session) {
    return (
      <Page title={S.title} back>
        <Card description={S.signIn}>
          <Button onClick={() => Taro.navigateTo({ url: loginUrl('/pages/me/index') })}>{S.signInAction}</Button>
        </Card>
      </Page>
    );
  }

  const { user } = session;
  return (
    <Page title={S.title} back className='me'>
      <View className='me__who'>
        <Text className='me__name'>{S.greeting(user.name)}</Text>
        <Text className='me__role'>{ROLE_LABELS[user.role]}</Text>
      </View>
      {entriesFor(user.role, paused).map((e) => (
        <Card
          key={e.key}
          className={`me__entry me__entry--${e.key}`}
          title={e.title}
          description={e.description}
          badge={e.badge ? badgeText(badges[e.badge]) : undefined}
          tone={e.badge && badges[e.badge] > 0 ? 'accent' : 'default'}
          onClick={() => Taro.navigateTo({ url: e.url })}
        />
      ))}
      {user.role === 'client' && <Notice tone='privacy'>{S.privacy}</Notice>}
    </Page>
  );
}
