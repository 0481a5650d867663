import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { API_URL, ApiError, canRetry, friendlyMessage } from '../../api/client';
import { getSession, requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { bookingApi, type Booking, type Settings } from './api';
import { chinaToday, whenLabel } from './format';
import { PayPanel, PlaceRow } from './PayPanel';
import { PriceRows } from './PriceRows';
import { waitForStatus } from '../payment/pay';
import { BOOKING_STRINGS as S, STATUS_TEXT } from './strings';
import './booking.scss';

/**
 * Adds the consult to the phone's calendar: H5 downloads the .ics (fetched with the token, since a plain link
 * cannot send it); the mini-program uses WeChat's own calendar API.
 */
async function addToCalendar(b: Booking, title: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(`${API_URL}/bookings/${encodeURIComponent(b.id)}/ics`, { headers: { Authorization: `Bearer ${getSession()?.token ?? ''}` } });
    if (!res.ok) throw new Error(`ics: ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `ripple-${b.id}.ics`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  await Taro.addPhoneCalendar({ title, startTime: Date.parse(b.start) / 1000, endTime: Date.parse(b.end) / 1000, alarm: true, alarmOffset: 3600 } as any);
}

/** Where 重新预约 leads: the same theme day while it is still ahead, else the theme days; paid consults to their list. */
function bookAgainUrl(b: Booking): string {
  if (b.kind === 'paid') return '/pages/booking/paid';
  return b.themeDayId && b.themeDayId >= chinaToday() ? `/pages/booking/day?id=${b.themeDayId}` : '/pages/booking/index';
}

/** A booking's details: the confirmation right after booking, and the page “my bookings” opens. */
export default function BookingConfirmPage() {
  const { params } = useRouter();
  const fresh = params.new === '1';
  const [booking, setBooking] = useState<Booking | null>(null);
  const [theme, setTheme] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);
  const [busy, setBusy] = useState(false);

  const id = String(params.id ?? '');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const [b, s] = await Promise.all([bookingApi.booking(id), bookingApi.settings()]);
      setBooking(b);
      setSettings(s);
      if (b.themeDayId) setTheme((await bookingApi.themeDay(b.themeDayId).catch(() => null))?.theme ?? null);
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  if (error) return <Page back title={S.bookingTitle}><ErrorState message={error} onRetry={retry ? load : undefined} /></Page>;
  if (!booking || !settings) return <Page back title={S.bookingTitle}><Loading /></Page>;

  const title = booking.kind === 'free' ? `${S.kindFree}${theme ? ` · ${theme}` : ''}` : S.kindPaid;
  const pending = booking.status === 'pending_payment';
  const paid = (booking.amountPaid ?? 0) > 0;
  // An unpaid hold can be let go at any time; a standing booking until the cut-off.
  const cancellable = pending || (booking.status === 'booked' && Date.parse(booking.start) - Date.now() >= settings.cancelCutoffMinutes * 60_000);

  /** After WeChat Pay: the notice confirms the booking, usually within a second. */
  const afterPay = async () => {
    Taro.showLoading({ title: S.checkingPayment });
    try {
      setBooking(await waitForStatus(() => bookingApi.booking(id), (b) => b.status !== 'pending_payment'));
    } finally {
      Taro.hideLoading();
    }
  };

  const calendar = async () => {
    try {
      await addToCalendar(booking, title);
      Taro.showToast({ title: S.calendarSaved, icon: 'none' });
    } catch {
      Taro.showToast({ title: S.calendarFailed, icon: 'none' });
    }
  };

  const cancel = async () => {
    const content = pending ? S.cancelConfirmHold : paid ? S.cancelConfirmPaid : S.cancelConfirmContent;
    const { confirm } = await Taro.showModal({ title: S.cancelConfirmTitle, content, confirmText: S.cancelYes, cancelText: S.cancelNo, confirmColor: '#a3221b' });
    if (!confirm) return;
    setBusy(true);
    try {
      const after = await bookingApi.cancel(booking.id);
      setBooking({ ...booking, ...after });
      Taro.showToast({ title: after.status === 'refund_pending' ? S.refundStarted : S.cancelled, icon: 'none' });
    } catch (err) {
      Taro.showToast({ title: err instanceof ApiError && S.errors[err.code] ? S.errors[err.code] : friendlyMessage(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      back
      title={pending ? S.holdTitle : fresh && booking.status === 'booked' ? S.confirmedTitle : S.bookingTitle}
      subtitle={pending ? S.holdSubtitle : fresh && booking.status === 'booked' ? S.confirmedSubtitle : undefined}
    >
      {fresh && booking.status === 'booked' && (
        <View className='confirm__mark'>
          <Text className='confirm__check'>✓</Text>
        </View>
      )}
      <Card className='confirm__card'>
        <View className='book-panel__rows'>
          <View className='book-panel__row'>
            <Text className='book-panel__label'>{S.kind}</Text>
            <Text className='book-panel__value'>{title}</Text>
          </View>
          <View className='book-panel__row'>
            <Text className='book-panel__label'>{S.when}</Text>
            <Text className='book-panel__value confirm__when'>{whenLabel(booking.start, booking.end)}</Text>
          </View>
          <View className='book-panel__row'>
            <Text className='book-panel__label'>{S.counselor}</Text>
            <Text className='book-panel__value'>{booking.counselorName ?? ''}</Text>
          </View>
          <PlaceRow booking={booking} />
          <View className='book-panel__row'>
            <Text className='book-panel__label'>{S.status}</Text>
            <Text className={`book-panel__value status status--${booking.status}`}>{STATUS_TEXT[booking.status]}</Text>
          </View>
        </View>
        {booking.kind === 'paid' && !pending && <PriceRows price={booking.price} voucherValue={booking.voucherValue ?? 0} />}
      </Card>
      {pending && <PayPanel booking={booking} onPaid={afterPay} onExpired={load} />}
      {booking.status === 'expired' && <Notice tone='warning'>{S.holdExpired}</Notice>}
      {booking.status === 'refund_pending' && <Notice>{S.refundPendingNote}</Notice>}
      {booking.status === 'refunded' && <Notice>{S.refundedNote(booking.amountPaid ?? booking.amountDue)}</Notice>}
      {(booking.status === 'booked' || pending) && (
        <View className='confirm__actions'>
          {booking.status === 'booked' && <Button onClick={calendar}>{S.addToCalendar}</Button>}
          {cancellable && (
            <Button variant={pending ? 'quiet' : 'danger'} busy={busy} onClick={cancel}>
              {pending ? S.cancelHold : S.cancelBooking}
            </Button>
          )}
        </View>
      )}
      {booking.status === 'cancelled' && (
        <View className='confirm__actions'>
          <Notice>{S.cancelledNote(booking.kind)}</Notice>
          <Button onClick={() => Taro.navigateTo({ url: bookAgainUrl(booking) })}>{S.bookAgain}</Button>
        </View>
      )}
      <Notice>{booking.status === 'booked' || pending ? `${S.cancelRule(S.duration(settings.cancelCutoffMinutes))}${S.timezoneNote}` : S.timezoneNote}</Notice>
      <View className='confirm__links'>
        <Button variant='quiet' onClick={() => Taro.redirectTo({ url: '/pages/booking/mine' })}>
          {S.viewMine}
        </Button>
        {booking.outTradeNo && (
          <Button variant='quiet' onClick={() => Taro.navigateTo({ url: '/pages/payment/orders' })}>
            {S.viewOrders}
          </Button>
        )}
        <Button variant='quiet' onClick={() => Taro.redirectTo({ url: '/pages/booking/index' })}>
          {S.backToList}
        </Button>
      </View>
    </Page>
  );
}
