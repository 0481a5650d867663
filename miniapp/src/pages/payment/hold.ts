import { useEffect, useState } from 'react';
import { holdSecondsLeft } from '../../../../shared/payment/rules';
import { ApiError, friendlyMessage } from '../../api/client';
import type { PayResult } from './pay';

const pad = (n: number) => String(n).padStart(2, '0');

/** mm:ss, or h:mm:ss for a longer hold (a seat reached from the waitlist is kept up to a day). */
export const holdClock = (seconds: number) =>
  seconds >= 3600 ? `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}` : `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;

/** Seconds left on a payment hold (0 without one), ticking each second; `onOver` once when it reaches zero. */
export function useHoldCountdown(holdExpiresAt: string | undefined, onOver?: () => void): number {
  const secondsLeft = () => holdSecondsLeft(holdExpiresAt ?? new Date().toISOString(), new Date());
  const [left, setLeft] = useState(secondsLeft);
  useEffect(() => {
    const t = setInterval(() => {
      const s = secondsLeft();
      setLeft(s);
      if (s === 0) {
        clearInterval(t);
        onOver?.();
      }
    }, 1000);
    return () => clearInterval(t);
  }, [holdExpiresAt]);
  return left;
}

export interface PayMessages {
  cancelled: string;
  unavailable: string;
  /** zh-CN words for the server's refusal codes; others get the generic message. */
  errors: Record<string, string>;
}

/**
 * The WeChat Pay button's action: busy while paying (and while leaving for the H5 stand-in's page), a note for a
 * payment the client cancelled, one that only works in WeChat, or a refusal. `onPaid` runs when WeChat accepted it
 * (the notice confirms it a moment later); `onRefused` gets the refusal's code.
 */
export function usePayAction(start: (returnTo: string) => Promise<PayResult>, m: PayMessages, on: { onPaid: () => unknown; onRefused: (code: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const pay = async () => {
    setBusy(true);
    setNote('');
    try {
      const result = await start(process.env.TARO_ENV === 'h5' ? window.location.href : '');
      if (result === 'paid') await on.onPaid();
      if (result === 'cancelled') setNote(m.cancelled);
      if (result === 'unavailable') setNote(m.unavailable);
      if (result !== 'redirected') setBusy(false);
    } catch (err) {
      setNote(err instanceof ApiError && m.errors[err.code] ? m.errors[err.code] : friendlyMessage(err));
      setBusy(false);
      if (err instanceof ApiError) on.onRefused(err.code);
    }
  };
  return { busy, note, pay };
}
