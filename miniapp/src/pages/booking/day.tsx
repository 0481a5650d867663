import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Empty, ErrorState, Loading, Notice, Page, tappable } from '../../components';
import { bookingApi, type Settings, type Slot, type ThemeDay } from './api';
import { BookPanel } from './BookPanel';
import { dayLabel, timeRange } from './format';
import { MonthlyLimitNotice, useFreeConsultMonths } from './MonthlyLimit';
import { BOOKING_STRINGS as S } from './strings';
import './booking.scss';

/** One theme day: each counselor's free 15-minute slots, in Shanghai time; pick one, confirm, done. */
export default function ThemeDayPage() {
  const { params } = useRouter();
  const [day, setDay] = useState<ThemeDay | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [error, setError] = useState('');
  const freeMonths = useFreeConsultMonths();

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const [d, s] = await Promise.all([bookingApi.themeDay(String(params.id ?? '')), bookingApi.settings()]);
      setDay(d);
      setSettings(s);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  if (error) return <Page back title={S.title}><ErrorState message={error} onRetry={load} /></Page>;
  if (!day || !settings) return <Page back title={S.title}><Loading /></Page>;

  const nameOf = (id: string) => day.counselors.find((c) => c.id === id)?.name ?? '';
  // This month's free consult is already booked: say so (with that booking) instead of offering slots.
  const usedMonth = freeMonths.find((m) => m.month === day.date.slice(0, 7) && m.used);
  const byCounselor = day.counselors
    .map((c) => ({ counselor: c, slots: day.slots.filter((s) => s.counselorId === c.id) }))
    .filter((g) => g.slots.length > 0);

  return (
    <Page back title={S.dayTitle(day.theme)} subtitle={dayLabel(day.date)}>
      {day.description && <Text className='day__description'>{day.description}</Text>}
      {usedMonth ? (
        <MonthlyLimitNotice month={usedMonth} next={usedMonth.month !== freeMonths[0]?.month} />
      ) : picked ? (
        <BookPanel
          slot={picked}
          counselorName={nameOf(picked.counselorId)}
          onCancel={() => setPicked(null)}
          onBooked={(b) => Taro.redirectTo({ url: `/pages/booking/confirm?id=${b.id}&new=1` })}
        />
      ) : byCounselor.every((g) => !g.slots.some((s) => s.available)) ? (
        <Empty title={S.noSlots} description={S.noSlotsHint} />
      ) : (
        <>
          <Text className='booking__section-title'>{S.pickSlot}</Text>
          {byCounselor.map(({ counselor, slots }) => (
            <View key={counselor.id} className='day__counselor'>
              <Text className='day__counselor-name'>{S.withCounselor(counselor.name)}</Text>
              <View className='day__slots'>
                {slots.map((s) => (
                  <View
                    key={s.id}
                    className={`day__slot ${s.available ? '' : 'day__slot--taken'}`}
                    {...tappable({ onClick: () => setPicked(s), label: `${timeRange(s.start, s.end)} ${counselor.name}${s.available ? '' : ` ${S.taken}`}`, disabled: !s.available })}
                    onClick={s.available ? () => setPicked(s) : undefined}
                  >
                    <Text className='day__slot-time'>{timeRange(s.start, s.end)}</Text>
                    {!s.available && <Text className='day__slot-state'>{S.taken}</Text>}
                  </View>
                ))}
              </View>
            </View>
          ))}
        </>
      )}
      <Notice>{`${S.rules(S.duration(settings.minNoticeMinutes), S.duration(settings.cancelCutoffMinutes))}${S.timezoneNote}`}</Notice>
    </Page>
  );
}
