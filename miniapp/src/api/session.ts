import Taro from '@tarojs/taro';
import type { User } from '../../../shared/auth/schema';

export interface Session {
  token: string;
  user: User;
}

const KEY = 'ripple.session';
export const LOGIN_PAGE = '/pages/auth/login';

export function getSession(): Session | null {
  try {
    const s = Taro.getStorageSync(KEY) as Session | '' | undefined;
    return s && typeof s === 'object' && s.token ? s : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session): void {
  Taro.setStorageSync(KEY, session);
}

/** Keeps the token, replaces the user (after PATCH /me). */
export function updateSessionUser(user: User): void {
  const s = getSession();
  if (s) setSession({ ...s, user });
}

export function clearSession(): void {
  Taro.removeStorageSync(KEY);
}

/** The current page with its query, e.g. `/pages/selftest/quiz?id=phq9`, to come back to after login. */
export function currentPath(): string {
  const router = Taro.getCurrentInstance().router;
  if (!router) return '/pages/index/index';
  const path = (router.path || '/pages/index/index').split('?')[0];
  const query = Object.entries(router.params ?? {})
    // Taro adds its own timestamp and id params to router.params.
    .filter(([k, v]) => v !== undefined && v !== '' && !k.startsWith('$') && k !== 'stamp')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return (path.startsWith('/') ? path : `/${path}`) + (query ? `?${query}` : '');
}

export function loginUrl(returnTo: string = currentPath()): string {
  return `${LOGIN_PAGE}?redirect=${encodeURIComponent(returnTo)}`;
}

/**
 * The session, or null after sending the user to the login page (which brings them back here).
 * Pages call it before their first request.
 */
export function requireLogin(): Session | null {
  const s = getSession();
  if (s) return s;
  Taro.redirectTo({ url: loginUrl() });
  return null;
}
