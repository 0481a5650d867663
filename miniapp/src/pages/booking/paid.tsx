import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Empty, ErrorState, Loading, Notice, Page, tappable } from '../../components';
import { bookingApi, type Counselor, type PaidSlot } from './api';
import { BookPanel } from './BookPanel';
import { chinaDate, dayLabel, timeRange } from './format';
import { BOOKING_STRINGS as S } from './strings';
import { renderVoucherPicker } from './voucherSlot';
import './booking.scss';

const WINDOW_DAYS = 14;

/** Paid 50-minute consults for the next two weeks, browsed by time or by counselor, each with its price. */
export default function PaidConsultsPage() {
  const [counselors, setCounselors] = useState<Counselor[] | null>(null);
  const [slots, setSlots] = useState<PaidSlot[] | null>(null);
  const [mode, setMode] = useState<'time' | 'counselor'>('time');
  const [counselorId, setCounselorId] = useState<string | undefined>();
  const [picked, setPicked] = useState<PaidSlot | null>(null);
  const [error, setError] = useState('');

  const load = async (cid = counselorId) => {
    if (!requireLogin()) return;
    setError('');
    setSlots(null);
    try {
      const from = new Date().toISOString();
      const to = new Date(Date.now() + WINDOW_DAYS * 86_400_000).toISOString();
      const [c, s] = await Promise.all([counselors ? { counselors } : bookingApi.counselors(), bookingApi.paidSlots(from, to, cid)]);
      setCounselors(c.counselors);
      setSlots(s.slots.filter((x) => x.available));
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const choose = (cid: string | undefined) => {
    setCounselorId(cid);
    load(cid);
  };
  const nameOf = (id: string) => counselors?.find((c) => c.id === id)?.name ?? '';

  if (picked) {
    return (
      <Page back title={S.paidTitle}>
        <BookPanel
          slot={picked}
          counselorName={nameOf(picked.counselorId)}
          renderVoucherPicker={renderVoucherPicker}
          onCancel={() => setPicked(null)}
          onBooked={(b) => Taro.redirectTo({ url: `/pages/booking/confirm?id=${b.id}&new=1` })}
        />
      </Page>
    );
  }

  const days = [...new Set((slots ?? []).map((s) => chinaDate(s.start)))];
  return (
    <Page back title={S.paidTitle} subtitle={S.paidSubtitle}>
      <View className='paid__modes'>
        <Button variant='secondary' block={false} selected={mode === 'time'} onClick={() => { setMode('time'); choose(undefined); }}>
          {S.byTime}
        </Button>
        <Button variant='secondary' block={false} selected={mode === 'counselor'} onClick={() => setMode('counselor')}>
          {S.byCounselor}
        </Button>
      </View>
      {mode === 'counselor' && counselors && (
        <View className='paid__counselors'>
          {counselors.map((c) => (
            <View key={c.id} className={`paid__counselor ${counselorId === c.id ? 'paid__counselor--on' : ''}`} {...tappable({ onClick: () => choose(c.id), pressed: counselorId === c.id })} onClick={() => choose(c.id)}>
              <Text className='paid__counselor-name'>{c.name}</Text>
              {c.price !== null && <Text className='paid__counselor-price'>{S.perSession(c.price)}</Text>}
            </View>
          ))}
        </View>
      )}
      {error ? (
        <ErrorState message={error} onRetry={() => load()} />
      ) : !slots ? (
        <Loading />
      ) : slots.length === 0 ? (
        <Empty title={S.noPaidSlots} description={S.noPaidSlotsHint} />
      ) : (
        days.map((d) => (
          <View key={d} className='paid__day'>
            <Text className='booking__section-title'>{dayLabel(d)}</Text>
            {slots
              .filter((s) => chinaDate(s.start) === d)
              .map((s) => (
                <View key={s.id} className='paid__slot' {...tappable({ onClick: () => setPicked(s) })} onClick={() => setPicked(s)}>
                  <Text className='paid__slot-time'>{timeRange(s.start, s.end)}</Text>
                  <Text className='paid__slot-who'>{nameOf(s.counselorId)}</Text>
                  <Text className='paid__slot-price'>{S.price(s.price)}</Text>
                </View>
              ))}
          </View>
        ))
      )}
      <Notice>{S.timezoneNote}</Notice>
    </Page>
  );
}
