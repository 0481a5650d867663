import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { api } from '../../api/client';
import { getSession } from '../../api/session';

/** Counts behind the small badges of 我的 (and of its entry on the home page). */
export interface MeBadges {
  newVouchers: number;
}

/** Vouchers that arrived since the wallet was last opened (the server keeps when that was). */
export function useMeBadges(): MeBadges {
  const [badges, setBadges] = useState<MeBadges>({ newVouchers: 0 });
  useDidShow(() => {
    if (getSession()?.user.role !== 'client') return;
    api
      .get<{ unseen: number }>('/me/vouchers', { noAuthRedirect: true })
      .then((r) => setBadges({ newVouchers: r.unseen ?? 0 }))
      .catch(() => undefined);
  });
  return badges;
}

export const badgeText = (n: number) => (n > 0 ? `${n} 张新券` : undefined);
