import { ScrollView, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { BAND_TEXT, INSTRUMENTS, type Band } from '../../../../shared/selftest/instruments';
import { ApiError, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Notice, Page, tappable } from '../../components';
import { bookingApi, type CounselorBooking } from '../booking/api';
import { chinaToday, dayLabel, timeRange } from '../booking/format';
import { COUNSELOR_STRINGS as S } from './strings';
import './counselor.scss';

const DAYS = 14;
const ATTENDANCE_OPENS_MS = 15 * 60_000;

function BookingCard({ b, onMark }: { b: CounselorBooking; onMark: (status: 'attended' | 'no_show') => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const canMark = b.status === 'booked' && Date.parse(b.start) - ATTENDANCE_OPENS_MS <= Date.now();
  const mark = async (status: 'attended' | 'no_show') => {
    setBusy(true);
    await onMark(status);
    setBusy(false);
  };
  return (
    <Card className='cbooking'>
      <View className='cbooking__head'>
        <Text className='cbooking__time'>{timeRange(b.start, b.end)}</Text>
        <Text className={`cbooking__status cbooking__status--${b.status}`}>{S.status[b.status]}</Text>
      </View>
      <Text className='cbooking__client'>{b.clientName}</Text>
      <Text className='cbooking__kind'>{`${b.kind === 'free' ? S.free : S.paid}${b.theme ? ` · ${S.theme(b.theme)}` : ''}`}</Text>
      {b.sharedResult ? (
        <View className='cbooking__shared'>
          <Text className='cbooking__shared-title'>{S.shared}</Text>
          <Text className='cbooking__shared-line'>
            {S.sharedLine(INSTRUMENTS[b.sharedResult.instrument]?.title ?? b.sharedResult.instrument, BAND_TEXT[b.sharedResult.band as Band]?.label ?? b.sharedResult.band, b.sharedResult.score)}
          </Text>
        </View>
      ) : (
        <Text className='cbooking__not-shared'>{S.notShared}</Text>
      )}
      {b.status === 'booked' && (
        <View className='cbooking__actions'>
          <Button block={false} disabled={!canMark} busy={busy} onClick={() => mark('attended')}>
            {S.attended}
          </Button>
          <Button variant='secondary' block={false} disabled={!canMark} busy={busy} onClick={() => mark('no_show')}>
            {S.noShow}
          </Button>
        </View>
      )}
    </Card>
  );
}

/** The counselor's own bookings by day, today first; mark who came. */
export default function CounselorBookingsPage() {
  const [date, setDate] = useState(chinaToday());
  const [items, setItems] = useState<CounselorBooking[] | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);

  const load = async (d = date) => {
    if (!requireLogin()) return;
    setError('');
    setItems(null);
    try {
      setItems((await bookingApi.counselorDay(d)).items);
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const pick = (d: string) => {
    setDate(d);
    load(d);
  };

  const mark = async (b: CounselorBooking, status: 'attended' | 'no_show') => {
    try {
      await bookingApi.markAttendance(b.id, status);
      setItems((prev) => (prev ?? []).map((x) => (x.id === b.id ? { ...x, status } : x)));
      Taro.showToast({ title: S.marked, icon: 'none' });
    } catch (err) {
      Taro.showToast({ title: err instanceof ApiError && err.code === 'not_started' ? S.markOpensNote : friendlyMessage(err), icon: 'none' });
    }
  };

  const dates = Array.from({ length: DAYS }, (_, i) => chinaToday(i));
  return (
    <Page title={S.title} subtitle={S.subtitle} back>
      <ScrollView scrollX className='cdays'>
        <View className='cdays__row'>
          {dates.map((d, i) => (
            <View key={d} className={`cdays__day ${d === date ? 'cdays__day--on' : ''}`} {...tappable({ onClick: () => pick(d), pressed: d === date })} onClick={() => pick(d)}>
              <Text className='cdays__label'>{i === 0 ? S.today : dayLabel(d).split(' ')[1]}</Text>
              <Text className='cdays__date'>{dayLabel(d).split(' ')[0]}</Text>
            </View>
          ))}
        </View>
      </ScrollView>
      {error ? (
        <ErrorState message={error} onRetry={retry ? () => load() : undefined} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.empty} description={S.emptyHint} />
      ) : (
        // Two columns of booking cards from 960 px (counselor.scss).
        <View className='cbooking__grid'>
          {items.map((b) => <BookingCard key={b.id} b={b} onMark={(status) => mark(b, status)} />)}
        </View>
      )}
      <Card tone='soft' title={S.availabilityLink} description={S.availabilityHint} onClick={() => Taro.navigateTo({ url: '/pages/counselor/availability' })} />
      <Card tone='soft' title={S.hoursLink} description={S.hoursHint} onClick={() => Taro.navigateTo({ url: '/pages/counselor/hours' })} />
      <Card tone='soft' title={S.gatheringCheckinLink} description={S.gatheringCheckinHint} onClick={() => Taro.navigateTo({ url: '/pages/gathering-admin/checkin' })} />
      <Notice>{`${S.markOpensNote}${S.timezoneNote}`}</Notice>
    </Page>
  );
}
