import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Page } from '../../components';
import { bookingApi, type Booking } from './api';
import { whenLabel } from './format';
import { BOOKING_STRINGS as S, STATUS_TEXT } from './strings';
import './booking.scss';

function BookingRow({ b }: { b: Booking }) {
  return (
    <Card className='mine__item' onClick={() => Taro.navigateTo({ url: `/pages/booking/confirm?id=${b.id}` })}>
      <View className='mine__head'>
        <Text className='mine__kind'>{b.kind === 'free' ? S.kindFree : S.kindPaid}</Text>
        <Text className={`status status--${b.status}`}>{STATUS_TEXT[b.status]}</Text>
      </View>
      <Text className='mine__when'>{whenLabel(b.start, b.end)}</Text>
      <Text className='mine__counselor'>{`${S.counselor}：${b.counselorName ?? ''}${b.kind === 'paid' ? ` · ${S.amountDue} ${S.price(b.amountDue)}` : ''}`}</Text>
    </Card>
  );
}

/** The client's bookings: upcoming first (soonest first), then the rest. */
export default function MyBookingsPage() {
  const [items, setItems] = useState<Booking[] | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setItems((await bookingApi.mine()).items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const now = new Date().toISOString();
  const upcoming = (items ?? []).filter((b) => (b.status === 'booked' || b.status === 'pending_payment') && b.end > now);
  const past = (items ?? []).filter((b) => !upcoming.includes(b));

  return (
    <Page back title={S.mineTitle}>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.mineEmpty} description={S.mineEmptyHint} action={<Button onClick={() => Taro.redirectTo({ url: '/pages/booking/index' })}>{S.browseThemeDays}</Button>} />
      ) : (
        <>
          {upcoming.length > 0 && <Text className='booking__section-title'>{S.upcoming}</Text>}
          {upcoming.map((b) => <BookingRow key={b.id} b={b} />)}
          {past.length > 0 && <Text className='booking__section-title'>{S.past}</Text>}
          {past.map((b) => <BookingRow key={b.id} b={b} />)}
        </>
      )}
    </Page>
  );
}
