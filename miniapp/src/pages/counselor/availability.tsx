import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, canRetry, friendlyMessage } from '../../api/client';
import { getSession, requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Notice, Page, tappable } from '../../components';
import { bookingApi, type AvailabilitySlot, type ThemeDay } from '../booking/api';
import { chinaToday, dayLabel, timeRange } from '../booking/format';
import { COUNSELOR_STRINGS as S } from './strings';
import './counselor.scss';

interface DayAvailability {
  day: ThemeDay;
  slots: AvailabilitySlot[];
}

function DayEditor({ value }: { value: DayAvailability }) {
  const [slots, setSlots] = useState(value.slots);
  const [busy, setBusy] = useState(false);
  const toggle = (s: AvailabilitySlot) => {
    if (s.booked) {
      Taro.showToast({ title: S.slotBooked, icon: 'none' });
      return;
    }
    setSlots((prev) => prev.map((x) => (x.id === s.id ? { ...x, offered: !x.offered } : x)));
  };
  const save = async () => {
    setBusy(true);
    try {
      const res = await bookingApi.setAvailability(value.day.id, slots.filter((s) => s.offered).map((s) => s.id));
      setSlots(res.slots);
      Taro.showToast({ title: S.saved, icon: 'none' });
    } catch (err) {
      Taro.showToast({ title: err instanceof ApiError && err.code === 'slot_booked' ? S.slotBooked : S.saveFailed, icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={`${dayLabel(value.day.date)} · ${value.day.theme}`} badge={value.day.published ? undefined : S.draft}>
      <View className='avail__slots'>
        {slots.map((s) => (
          <View
            key={s.id}
            className={`avail__slot ${s.offered ? 'avail__slot--on' : ''} ${s.booked ? 'avail__slot--booked' : ''}`}
            {...tappable({ onClick: () => toggle(s), role: 'checkbox', pressed: s.offered, label: `${timeRange(s.start, s.end)} ${s.booked ? S.booked : s.offered ? S.offered : S.withdrawn}` })}
            onClick={() => toggle(s)}
          >
            <Text className='avail__time'>{timeRange(s.start, s.end)}</Text>
            <Text className='avail__state'>{s.booked ? S.booked : s.offered ? S.offered : S.withdrawn}</Text>
          </View>
        ))}
      </View>
      <View className='avail__save'>
        <Button busy={busy} onClick={save}>
          {S.save}
        </Button>
      </View>
    </Card>
  );
}

/** Which 15-minute slots the counselor offers on each of their coming theme days. */
export default function AvailabilityPage() {
  const [days, setDays] = useState<DayAvailability[] | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);

  const load = async () => {
    const session = requireLogin();
    if (!session) return;
    setError('');
    try {
      const { months } = await bookingApi.settings();
      const lists = await Promise.all(months.map((m) => bookingApi.themeDays(m)));
      const me = getSession()?.user.id;
      const mine = lists
        .flatMap((l) => l.themeDays)
        .filter((d) => d.date >= chinaToday() && d.counselors.some((c) => c.id === me));
      const withSlots = await Promise.all(mine.map(async (day) => ({ day, slots: (await bookingApi.availability(day.id)).slots })));
      setDays(withSlots);
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useDidShow(() => {
    load();
  });

  return (
    <Page title={S.availabilityTitle} subtitle={S.availabilitySubtitle} back>
      {error ? (
        <ErrorState message={error} onRetry={retry ? load : undefined} />
      ) : !days ? (
        <Loading />
      ) : days.length === 0 ? (
        <Empty title={S.noThemeDays} description={S.noThemeDaysHint} />
      ) : (
        days.map((d) => <DayEditor key={d.day.id} value={d} />)
      )}
      <Notice>{S.timezoneNote}</Notice>
    </Page>
  );
}
