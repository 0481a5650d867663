import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { User } from '../../../shared/auth/schema';
import { api } from './client';
import { getSession, updateSessionUser } from './session';

/**
 * After a crisis result every offer is paused for a while (GET /me → `user.offersPaused`). Pages that show an
 * offer — invite, vouchers, paid consults, gatherings, points rewards — hide it while this is true. Starts from the
 * stored session and refreshes it each time the page shows, so a crisis result taken a moment ago counts at once.
 */
export function useOffersPaused(): boolean {
  const [paused, setPaused] = useState<boolean>(Boolean(getSession()?.user.offersPaused));
  useDidShow(() => {
    if (!getSession()) return;
    api
      .get<{ user: User }>('/me')
      .then(({ user }) => {
        updateSessionUser(user);
        setPaused(Boolean(user.offersPaused));
      })
      .catch(() => {
        /* keep the stored answer: a network hiccup must not show offers to someone paused */
      });
  });
  return paused;
}
