import Taro from '@tarojs/taro';

/** One visitor id per device, shared by the campaign landing page and the invite landing page. */
const VISITOR_KEY = 'ripple.visitorId';

/**
 * A random id kept on this device before sign-in: campaign page views and invite opens made before signing in
 * are tied to it (and so still count, and start the invite window).
 */
export function visitorId(): string {
  let id = '';
  try {
    id = Taro.getStorageSync(VISITOR_KEY) as string;
  } catch {
    /* storage unavailable: a fresh id */
  }
  if (/^[A-Za-z0-9_-]{8,64}$/.test(id)) return id;
  id = `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
  Taro.setStorageSync(VISITOR_KEY, id);
  return id;
}
