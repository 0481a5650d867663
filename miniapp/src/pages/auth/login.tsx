import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { Role } from '../../../../shared/auth/roles';
import type { User } from '../../../../shared/auth/schema';
import { api, ApiError, friendlyMessage } from '../../api/client';
import { setSession } from '../../api/session';
import { pendingAttribution } from '../campaign-landing/attribution';
import { Button, Card, labelled, Notice, Page } from '../../components';
import { AUTH_STRINGS as S, ROLE_LABELS, STAFF_ROLES } from './strings';
import './auth.scss';

interface LoginResponse {
  token: string;
  user: User;
}

const HOME = '/pages/index/index';

/** Only paths inside the app are followed after login. */
function safeRedirect(raw: string | undefined): string {
  const target = raw ? decodeURIComponent(raw) : '';
  return target.startsWith('/pages/') && !target.startsWith('/pages/auth/login') ? target : HOME;
}

export default function LoginPage() {
  const router = useRouter();
  const redirect = safeRedirect(router.params.redirect);
  const [name, setName] = useState('');
  const [staff, setStaff] = useState(false);
  const [role, setRole] = useState<Role>('counselor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const finish = (res: LoginResponse) => {
    setSession({ token: res.token, user: res.user });
    // Home is the root of the stack: start afresh there rather than stacking a second home page.
    if (redirect === HOME) Taro.reLaunch({ url: HOME });
    else Taro.redirectTo({ url: redirect });
  };

  const devLogin = async () => {
    if (!name.trim()) {
      setError(S.nameRequired);
      return;
    }
    setBusy(true);
    setError('');
    try {
      // attribution: the campaign page this visitor came from (used by the server for a new account only).
      finish(await api.post<LoginResponse>('/auth/dev-login', { name: name.trim(), role: staff ? role : 'client', attribution: staff ? undefined : pendingAttribution() }, { noAuthRedirect: true }));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? S.nameRequired : friendlyMessage(err));
      setBusy(false);
    }
  };

  const wechatLogin = async () => {
    setBusy(true);
    setError('');
    try {
      const { code } = await Taro.login();
      finish(await api.post<LoginResponse>('/auth/wechat', { code, attribution: pendingAttribution() }, { noAuthRedirect: true }));
    } catch (err) {
      setError(err instanceof ApiError ? friendlyMessage(err) : S.loginFailed);
      setBusy(false);
    }
  };

  if (process.env.TARO_ENV === 'weapp') {
    return (
      <Page title={S.loginTitle} subtitle={S.loginSubtitle}>
        <Button onClick={wechatLogin} busy={busy}>
          {busy ? S.loggingIn : S.wechatLogin}
        </Button>
        {error && <Text className='auth__error'>{error}</Text>}
        <Notice tone='privacy'>{S.wechatHint}</Notice>
      </Page>
    );
  }

  return (
    <Page title={staff ? S.staffToggle : S.loginTitle} subtitle={S.loginSubtitle} back>
      <Card>
        <Text className='auth__label'>{S.nameLabel}</Text>
        <Input
          className='auth__input'
          value={name}
          maxlength={40}
          placeholder={S.namePlaceholder}
          placeholderClass='auth__placeholder'
          {...labelled(S.nameLabel)}
          confirmType='done'
          onInput={(e) => setName(e.detail.value)}
          onConfirm={devLogin}
        />
        {staff && (
          <View className='auth__roles'>
            <Text className='auth__label'>{S.staffRoleLabel}</Text>
            <View className='auth__role-list'>
              {STAFF_ROLES.map((r) => (
                <Button key={r} variant='secondary' block={false} selected={role === r} className='auth__role' onClick={() => setRole(r)}>
                  {ROLE_LABELS[r]}
                </Button>
              ))}
            </View>
          </View>
        )}
        {error && <Text className='auth__error'>{error}</Text>}
        <View className='auth__submit'>
          <Button onClick={devLogin} busy={busy}>
            {busy ? S.loggingIn : S.login}
          </Button>
        </View>
      </Card>
      <Notice>{S.localNote}</Notice>
      <View className='auth__staff-toggle'>
        <Button variant='quiet' block={false} onClick={() => setStaff(!staff)}>
          {staff ? S.staffToggleClose : S.staffToggle}
        </Button>
      </View>
    </Page>
  );
}
