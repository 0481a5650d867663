import Taro from '@tarojs/taro';
import type { Attribution } from '../../../../shared/auth/schema';

/**
 * Where a visitor came from, kept on the device until they sign up: the login page sends it with the first login
 * and the server stores it on a NEW account only. First touch wins within 30 days.
 */
const ATTRIBUTION_KEY = 'ripple.attribution';
const KEEP_DAYS = 30;

export function rememberAttribution(a: Attribution): void {
  const existing = pendingAttribution();
  if (existing) return;
  Taro.setStorageSync(ATTRIBUTION_KEY, { ...a, at: Date.now() });
}

export function pendingAttribution(): Attribution | undefined {
  try {
    const a = Taro.getStorageSync(ATTRIBUTION_KEY) as (Attribution & { at: number }) | '';
    if (!a || typeof a !== 'object' || Date.now() - a.at > KEEP_DAYS * 86_400_000) return undefined;
    return { campaignId: a.campaignId, channel: a.channel, variant: a.variant, visitorId: a.visitorId };
  } catch {
    return undefined;
  }
}

/** A client-generated event id: sent again on retry, so the server counts the event once. */
export function newEventId(): string {
  return `e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 14)}`;
}
