import Taro from '@tarojs/taro';

/** One visitor id per device, shared by the campaign landing page and the invite landing page. */
const VISITOR_KEY = 'ripple.visitorId';
/** What the server issues: `v` + 44 base64url characters (a random part and its signature). */
const ISSUED = /^v[A-Za-z0-9_-]{44}$/;

/**
 * The visitor id this device was given by the server, if any. Before sign-in, campaign page views and invite
 * opens carry it (so they still count, and start the invite window). The server hands one out with the first
 * campaign page or invite landing page (`rememberVisitorId`); an id made up here would be refused.
 */
export function visitorId(): string | undefined {
  try {
    const id = Taro.getStorageSync(VISITOR_KEY) as string;
    return ISSUED.test(id) ? id : undefined;
  } catch {
    return undefined; // storage unavailable: the server gives a fresh id
  }
}

/** Keeps the id the server sent with a landing page (the same one, or a new one if ours was unknown to it). */
export function rememberVisitorId(id: string | undefined): void {
  if (!id || !ISSUED.test(id) || id === visitorId()) return;
  try {
    Taro.setStorageSync(VISITOR_KEY, id);
  } catch {
    /* storage unavailable: this page still uses the id it was given */
  }
}
