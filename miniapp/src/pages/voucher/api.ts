import { api } from '../../api/client';
import type { WalletItem } from '../../../../shared/voucher/schema';

/** The wallet as the mini-program uses it (docs/api.md § voucher). `expired` is computed by the server at read time. */
export type { WalletItem };

export const voucherApi = {
  wallet: () => api.get<{ items: WalletItem[] }>('/me/vouchers'),
};

/** Vouchers that can lower the amount due right now, the largest first (and the soonest to expire among equals). */
export function usableVouchers(items: WalletItem[]): WalletItem[] {
  return items
    .filter((v) => v.status === 'issued')
    .sort((a, b) => b.value - a.value || a.expiresAt.localeCompare(b.expiresAt));
}
