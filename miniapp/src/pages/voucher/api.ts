import Taro from '@tarojs/taro';
import { api } from '../../api/client';
import type { WalletItem } from '../../../../shared/voucher/schema';

/** The wallet as the mini-program uses it (docs/api.md § voucher). `expired` is computed by the server at read time. */
export type { WalletItem };

export const voucherApi = {
  wallet: () => api.get<{ items: WalletItem[]; unseen: number; noticeTemplateId: string }>('/me/vouchers'),
  /** Opening the wallet clears the 我的 badge. */
  markSeen: () => api.post<void>('/me/vouchers/seen'),
  /** One one-time grant (wx.requestSubscribeMessage → accept) = one message when a voucher arrives. */
  grantNotice: (templateId: string) => api.post<{ grants: number }>('/me/vouchers/notices', { templateId }),
};

let noticeTemplate: string | undefined;

/** weapp: fetched when the invite page opens, so the ask below runs straight from the tap (WeChat requires it). */
export function preloadVoucherNotice(): void {
  if (process.env.TARO_ENV !== 'weapp' || noticeTemplate) return;
  voucherApi
    .wallet()
    .then((w) => (noticeTemplate = w.noticeTemplateId || undefined))
    .catch(() => undefined);
}

/**
 * Asks the inviter (weapp only) whether WeChat may tell them when a voucher arrives, and records the grant.
 * Declining, or H5, simply means no message: the 我的 badge still shows new vouchers.
 */
export async function askForVoucherNotice(): Promise<void> {
  const templateId = noticeTemplate;
  if (process.env.TARO_ENV !== 'weapp' || !templateId) return;
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] } as any)) as unknown as Record<string, string>;
    if (res[templateId] === 'accept') await voucherApi.grantNotice(templateId);
  } catch {
    /* no message: fine */
  }
}

/** Vouchers that can lower the amount due right now, the largest first (and the soonest to expire among equals). */
export function usableVouchers(items: WalletItem[]): WalletItem[] {
  return items
    .filter((v) => v.status === 'issued')
    .sort((a, b) => b.value - a.value || a.expiresAt.localeCompare(b.expiresAt));
}
