import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useOffersPaused } from '../../api/offers';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { getSession, requireLogin } from '../../api/session';
import { Card, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { bookingApi, type ThemeDay } from './api';
import { chinaToday, dayLabel, monthLabel } from './format';
import { MonthlyLimitNotice, useFreeConsultMonths } from './MonthlyLimit';
import { BOOKING_STRINGS as S } from './strings';
import './booking.scss';

interface MonthDays {
  month: string;
  days: ThemeDay[];
}

function ThemeDayCard({ day }: { day: ThemeDay }) {
  const left = day.slots.filter((s) => s.available).length;
  const past = day.date < chinaToday();
  const badge = past ? S.dayPast : left === 0 ? S.dayFull : S.slotsLeft(left);
  return (
    <Card
      className={`themeday themeday--${past ? 'past' : 'open'}`}
      onClick={past ? undefined : () => Taro.navigateTo({ url: `/pages/booking/day?id=${day.id}` })}
    >
      <View className='themeday__head'>
        <Text className='themeday__date'>{dayLabel(day.date)}</Text>
        <Text className={`themeday__badge ${left && !past ? 'themeday__badge--open' : ''}`}>{badge}</Text>
      </View>
      <Text className='themeday__theme'>{day.theme}</Text>
      {day.description && <Text className='themeday__description'>{day.description}</Text>}
      <View className='themeday__foot'>
        <Text className='themeday__counselors'>{S.counselorsLine(day.counselors.map((c) => c.name))}</Text>
        {!past && left > 0 && <Text className='themeday__go'>{S.seeSlots}</Text>}
      </View>
    </Card>
  );
}

/** Theme days of this month and next: the free 15-minute consults. */
export default function BookingIndexPage() {
  const [months, setMonths] = useState<MonthDays[] | null>(null);
  const [error, setError] = useState('');
  // After a crisis result the free consult stays; the paid-consult promotion does not.
  const paused = useOffersPaused();
  const role = getSession()?.user.role;
  const freeMonths = useFreeConsultMonths();

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const { months: [thisMonth, nextMonth] } = await bookingApi.settings();
      const [a, b] = await Promise.all([bookingApi.themeDays(thisMonth), bookingApi.themeDays(nextMonth)]);
      setMonths([
        { month: thisMonth, days: a.themeDays.filter((d) => d.published) },
        { month: nextMonth, days: b.themeDays.filter((d) => d.published) },
      ]);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  return (
    <Page title={S.title} subtitle={S.subtitle} back>
      {role === 'counselor' && (
        <Card tone='accent' title={S.counselorDesk} description={S.counselorDeskHint} onClick={() => Taro.navigateTo({ url: '/pages/counselor/index' })} />
      )}
      {(role === 'marketer' || role === 'admin') && (
        <Card tone='accent' title={S.staffDesk} description={S.staffDeskHint} onClick={() => Taro.navigateTo({ url: '/pages/campaign/themedays' })} />
      )}
      <View className='booking__links'>
        <Card className='booking__link booking__link--mine' title={S.myBookings} onClick={() => Taro.navigateTo({ url: '/pages/booking/mine' })} />
        {!paused && <Card className='booking__link' title={S.paidConsults} description={S.paidConsultsHint} onClick={() => Taro.navigateTo({ url: '/pages/booking/paid' })} />}
      </View>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !months ? (
        <Loading />
      ) : (
        months.map(({ month, days }, i) => (
          <View key={month} className='booking__month'>
            <Text className='booking__month-title'>{`${i === 0 ? S.thisMonth : S.nextMonth} · ${monthLabel(month)}`}</Text>
            {freeMonths.filter((m) => m.month === month && m.used).map((m) => <MonthlyLimitNotice key={m.month} month={m} next={i > 0} />)}
            {days.length === 0 ? <Empty title={S.noThemeDays} description={S.noThemeDaysHint} /> : days.map((d) => <ThemeDayCard key={d.id} day={d} />)}
          </View>
        ))
      )}
      <Notice>{S.timezoneNote}</Notice>
    </Page>
  );
}
