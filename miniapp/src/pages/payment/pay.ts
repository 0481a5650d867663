import Taro from '@tarojs/taro';
import { paymentApi, type PayAnswer } from './api';

export type PayResult = 'paid' | 'cancelled' | 'redirected' | 'unavailable';

/**
 * Pays a held booking: in the mini-program through wx.requestPayment with the server-signed parameters; in the
 * local H5 build on the WeChat Pay stand-in's page, which comes back to `returnTo`. `paid` only means WeChat
 * accepted it — the booking is confirmed by WeChat Pay's notice, so callers re-read the booking.
 */
export async function payBooking(bookingId: string, returnTo: string): Promise<PayResult> {
  return payWith(await paymentApi.pay(bookingId), returnTo);
}

/** Pays a held seat at a priced gathering, the same way (the registration is confirmed by the notice). */
export async function paySeat(gatheringId: string, returnTo: string): Promise<PayResult> {
  return payWith(await paymentApi.paySeat(gatheringId), returnTo);
}

async function payWith(answer: PayAnswer, returnTo: string): Promise<PayResult> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ ...answer.payment } as Parameters<typeof Taro.requestPayment>[0]);
      return 'paid';
    } catch (err) {
      if (String((err as { errMsg?: string })?.errMsg ?? '').includes('cancel')) return 'cancelled';
      throw err;
    }
  }
  if (answer.standInUrl) {
    window.location.href = `${answer.standInUrl}?return=${encodeURIComponent(returnTo)}`;
    return 'redirected';
  }
  return 'unavailable';
}

/** Reads the booking again until the payment notice has confirmed it (or a few seconds pass). */
export async function waitForStatus<T extends { status: string }>(read: () => Promise<T>, done: (b: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  let b = await read();
  while (!done(b) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 700));
    b = await read();
  }
  return b;
}
