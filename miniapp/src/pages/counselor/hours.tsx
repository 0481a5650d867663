import { Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, labelled, Loading, Notice, Page, tappable } from '../../components';
import { bookingApi, type ConsultHours } from '../booking/api';
import { ConsultModeCard } from './ConsultModeCard';
import { COUNSELOR_STRINGS as S } from './strings';
import './counselor.scss';

/** Start hours offered as toggles: 09:00–20:00 on the hour, China time. */
const HOURS = Array.from({ length: 12 }, (_, i) => `${String(9 + i).padStart(2, '0')}:00`);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

type Weekly = Record<number, string[]>;

const toWeekly = (list: ConsultHours['weekly']): Weekly =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, [...(list.find((w) => w.weekday === d)?.starts ?? [])].sort()]));

const fromWeekly = (weekly: Weekly): ConsultHours['weekly'] =>
  WEEKDAYS.filter((d) => weekly[d].length > 0).map((weekday) => ({ weekday, starts: [...weekly[weekday]].sort() }));

/** Whole yuan between 1 and 100000, or undefined. */
function parsePrice(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 100_000 ? n : undefined;
}

/** The counselor's paid 50-minute consult hours (per weekday) and price; saving reopens the next six weeks. */
export default function ConsultHoursPage() {
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState('');
  const [retry, setRetry] = useState(true);
  const [price, setPrice] = useState('');
  const [weekly, setWeekly] = useState<Weekly>(toWeekly([]));
  const [day, setDay] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState<number | null>(null);

  const load = async () => {
    if (!requireLogin()) return;
    setLoadError('');
    try {
      const hours = await bookingApi.consultHours();
      setPrice(hours.price === null ? '' : String(hours.price));
      setWeekly(toWeekly(hours.weekly));
      setLoaded(true);
    } catch (err) {
      setLoadError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const edited = () => {
    setError('');
    setSaved(null);
  };
  const toggle = (hour: string) => {
    edited();
    setWeekly((prev) => ({ ...prev, [day]: prev[day].includes(hour) ? prev[day].filter((h) => h !== hour) : [...prev[day], hour].sort() }));
  };

  const save = async () => {
    const value = parsePrice(price);
    if (value === undefined) {
      setError(S.priceInvalid);
      setSaved(null);
      return;
    }
    setBusy(true);
    setError('');
    setSaved(null);
    try {
      const res = await bookingApi.setConsultHours({ price: value, weekly: fromWeekly(weekly) });
      setPrice(String(res.price));
      setWeekly(toWeekly(res.weekly));
      setSaved(res.openedSlots);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? S.hoursInvalid : friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  // Hours saved earlier outside the grid (e.g. 21:00) stay visible and can be switched off.
  const options = [...new Set([...HOURS, ...weekly[day]])].sort();
  const dayName = S.weekdays[day - 1];

  return (
    <Page title={S.hoursTitle} subtitle={S.hoursSubtitle} back>
      {loadError ? (
        <ErrorState message={loadError} onRetry={retry ? load : undefined} />
      ) : !loaded ? (
        <Loading />
      ) : (
        <>
          <Card title={S.priceTitle}>
            <View className='chours__price'>
              <Text className='chours__currency'>¥</Text>
              <Input
                className='chours__price-input'
                type='number'
                value={price}
                maxlength={6}
                placeholder={S.pricePlaceholder}
                {...labelled(S.priceTitle)}
                onInput={(e) => {
                  edited();
                  setPrice(e.detail.value);
                }}
              />
              <Text className='chours__unit'>{`${S.priceUnit} / ${S.priceLabel}`}</Text>
            </View>
          </Card>

          <Card title={S.weeklyTitle} description={S.weeklyHint}>
            <View className='chours__days'>
              {WEEKDAYS.map((d) => (
                <View
                  key={d}
                  className={`chours__day ${d === day ? 'chours__day--on' : ''} ${weekly[d].length ? 'chours__day--set' : ''}`}
                  {...tappable({ onClick: () => setDay(d), pressed: d === day, label: `${S.weekdays[d - 1]} ${S.dayCount(weekly[d].length)}` })}
                  onClick={() => setDay(d)}
                >
                  <Text className='chours__day-name'>{S.weekdays[d - 1]}</Text>
                  <Text className='chours__day-count'>{weekly[d].length || '–'}</Text>
                </View>
              ))}
            </View>
            <Text className='chours__summary'>{S.daySummary(dayName, weekly[day].length)}</Text>
            <View className='chours__hours'>
              {options.map((h) => {
                const on = weekly[day].includes(h);
                return (
                  <View
                    key={h}
                    className={`chours__hour ${on ? 'chours__hour--on' : ''}`}
                    {...tappable({ onClick: () => toggle(h), role: 'checkbox', pressed: on, label: `${dayName} ${h} ${on ? S.hourOn : S.hourOff}` })}
                    onClick={() => toggle(h)}
                  >
                    <Text className='chours__time'>{h}</Text>
                  </View>
                );
              })}
            </View>
          </Card>

          {error && <Text className='chours__error'>{error}</Text>}
          {saved !== null && <Text className='chours__saved'>{S.hoursSavedDetail(saved)}</Text>}
          <View className='chours__save'>
            <Button busy={busy} onClick={save}>
              {S.hoursSave}
            </Button>
          </View>
          <Notice>{`${S.hoursNote}${S.timezoneNote}`}</Notice>
          <ConsultModeCard />
        </>
      )}
    </Page>
  );
}
