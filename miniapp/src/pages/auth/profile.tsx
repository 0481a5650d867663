import { Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { User } from '../../../../shared/auth/schema';
import { api, friendlyMessage } from '../../api/client';
import { clearSession, requireLogin, updateSessionUser } from '../../api/session';
import { Button, Card, ErrorState, labelled, Loading, Page } from '../../components';
import { AUTH_STRINGS as S, ROLE_LABELS } from './strings';
import './auth.scss';

export default function ProfilePage() {
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const res = await api.get<{ user: User }>('/me');
      setUser(res.user);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const toggleMarketing = async (marketingOptIn: boolean) => {
    if (!user) return;
    setSaving(true);
    try {
      const res = await api.patch<{ user: User }>('/me', { marketingOptIn });
      setUser(res.user);
      updateSessionUser(res.user);
      Taro.showToast({ title: S.saved, icon: 'success' });
    } catch {
      Taro.showToast({ title: S.saveFailed, icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  const logout = async () => {
    const { confirm } = await Taro.showModal({ title: S.logoutConfirm, confirmText: S.confirm, cancelText: S.cancel, confirmColor: '#1d6b73' });
    if (!confirm) return;
    clearSession();
    Taro.reLaunch({ url: '/pages/index/index' });
  };

  return (
    <Page title={S.profileTitle} back>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !user ? (
        <Loading />
      ) : (
        <>
          <Card>
            <View className='auth__row'>
              <Text className='auth__row-label'>{S.profileName}</Text>
              <Text className='auth__row-value'>{user.name}</Text>
            </View>
            <View className='auth__row'>
              <Text className='auth__row-label'>{S.profileRole}</Text>
              <Text className='auth__row-value'>{ROLE_LABELS[user.role]}</Text>
            </View>
          </Card>
          <Card>
            <View className='auth__row auth__row--switch'>
              <Text className='auth__row-label auth__row-label--strong'>{S.marketingLabel}</Text>
              <Switch {...labelled(S.marketingLabel)} checked={user.marketingOptIn} disabled={saving} color='#1d6b73' onChange={(e) => toggleMarketing(e.detail.value)} />
            </View>
            <Text className='auth__hint'>{S.marketingHint}</Text>
          </Card>
          <Button variant='secondary' onClick={logout}>
            {S.logout}
          </Button>
        </>
      )}
    </Page>
  );
}
