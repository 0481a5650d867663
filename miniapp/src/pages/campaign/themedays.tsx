import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { DEFAULT_THEME_HOURS, DEFAULT_THEMES, themeDayDates } from '../../../../shared/booking/themes';
import { ApiError, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { bookingApi, type Counselor, type ThemeDay, type ThemeDayInput } from '../booking/api';
import { chinaToday, dayLabel, monthLabel } from '../booking/format';
import { THEMEDAY_STRINGS as S } from './themedays-strings';
import './themedays.scss';

function explain(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'themeday_has_bookings') return S.hasBookings(Number(err.body?.bookings ?? 1));
    if (S.errors[err.code]) return S.errors[err.code];
    if (err.field) return S.fieldError(S.fieldNames[fieldOf(err.field)] ?? err.field);
  }
  return friendlyMessage(err);
}

/** `counselorIds.2` → `counselorIds`: the form has one place per field. */
const fieldOf = (field: string) => field.replace(/\.\d+$/, '');

/**
 * The server's reason for a refused field, in the staff's words, shown next to that field: its own `hint` when it
 * sends one (e.g. a past date), else its message translated where known, else the message as sent.
 */
function fieldReason(err: ApiError): string {
  const hint = err.body?.hint;
  if (typeof hint === 'string' && hint) return hint;
  const raw = err.message.replace(/^[\w.]+: /, '');
  return S.reasons[raw] ?? raw;
}

function FieldError({ errors, field }: { errors: Record<string, string>; field: string }) {
  return errors[field] ? <Text className='tdform__error'>{errors[field]}</Text> : null;
}

function ThemeDayForm({ initial, isNew, counselors, onDone }: { initial: ThemeDayInput; isNew: boolean; counselors: Counselor[]; onDone: (saved: boolean) => void }) {
  const [v, setV] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<ThemeDayInput>) => setV((prev) => ({ ...prev, ...patch }));
  const toggleCounselor = (id: string) =>
    set({ counselorIds: v.counselorIds.includes(id) ? v.counselorIds.filter((x) => x !== id) : [...v.counselorIds, id] });
  const save = async () => {
    setBusy(true);
    setError('');
    setFieldErrors({});
    try {
      if (isNew) await bookingApi.createThemeDay(v);
      else await bookingApi.updateThemeDay(v.date, { theme: v.theme, description: v.description, counselorIds: v.counselorIds, hours: v.hours });
      Taro.showToast({ title: S.saved, icon: 'none' });
      onDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.field && fieldOf(err.field) in S.fieldNames) {
        setFieldErrors({ [fieldOf(err.field)]: fieldReason(err) });
      } else {
        setError(explain(err));
      }
      setBusy(false);
    }
  };
  return (
    <Card className='tdform' title={isNew ? S.create : `${S.edit} · ${dayLabel(v.date)}`}>
      {isNew && (
        <>
          <Text className='tdform__label'>{S.date}</Text>
          <Input className='tdform__input' {...labelled(S.date)} value={v.date} onInput={(e) => set({ date: e.detail.value })} />
          <FieldError errors={fieldErrors} field='date' />
        </>
      )}
      <Text className='tdform__label'>{S.theme}</Text>
      <Input className='tdform__input' {...labelled(S.theme)} value={v.theme} maxlength={20} onInput={(e) => set({ theme: e.detail.value })} />
      <FieldError errors={fieldErrors} field='theme' />
      <Text className='tdform__label'>{S.description}</Text>
      <Textarea className='tdform__textarea' {...labelled(S.description)} value={v.description} maxlength={300} onInput={(e) => set({ description: e.detail.value })} />
      <FieldError errors={fieldErrors} field='description' />
      <View className='tdform__hours'>
        <View className='tdform__hour'>
          <Text className='tdform__label'>{S.from}</Text>
          <Input className='tdform__input' {...labelled(S.from)} value={v.hours.from} onInput={(e) => set({ hours: { ...v.hours, from: e.detail.value } })} />
          <FieldError errors={fieldErrors} field='hours.from' />
        </View>
        <View className='tdform__hour'>
          <Text className='tdform__label'>{S.to}</Text>
          <Input className='tdform__input' {...labelled(S.to)} value={v.hours.to} onInput={(e) => set({ hours: { ...v.hours, to: e.detail.value } })} />
          <FieldError errors={fieldErrors} field='hours.to' />
        </View>
      </View>
      <Text className='tdform__label'>{S.counselors}</Text>
      <View className='tdform__counselors'>
        {counselors.map((c) => (
          <Button key={c.id} variant='secondary' block={false} selected={v.counselorIds.includes(c.id)} onClick={() => toggleCounselor(c.id)}>
            {c.name}
          </Button>
        ))}
      </View>
      <FieldError errors={fieldErrors} field='counselorIds' />
      {error && <Notice tone='warning'>{error}</Notice>}
      <View className='tdform__actions'>
        <Button busy={busy} onClick={save}>
          {S.save}
        </Button>
        <Button variant='quiet' onClick={() => onDone(false)}>
          {S.cancel}
        </Button>
      </View>
    </Card>
  );
}

/** Marketers and admins create, edit and publish the month's theme days. */
export default function ThemeDaysEditorPage() {
  const [months, setMonths] = useState<string[]>([]);
  const [month, setMonth] = useState('');
  const [days, setDays] = useState<ThemeDay[] | null>(null);
  const [counselors, setCounselors] = useState<Counselor[]>([]);
  const [editing, setEditing] = useState<{ input: ThemeDayInput; isNew: boolean } | null>(null);
  const [error, setError] = useState('');
  const [retry, setRetry] = useState(true);
  const [dayErrors, setDayErrors] = useState<Record<string, string>>({});

  const load = async (m = month) => {
    if (!requireLogin()) return;
    setError('');
    try {
      let target = m;
      if (!target) {
        const s = await bookingApi.settings();
        setMonths(s.months);
        target = s.months[0];
        setMonth(target);
      }
      const [list, c] = await Promise.all([bookingApi.themeDays(target), bookingApi.counselors()]);
      setDays(list.themeDays);
      setCounselors(c.counselors);
    } catch (err) {
      setError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const newDay = () => {
    const taken = new Set((days ?? []).map((d) => d.date));
    // The month's next free Saturday that is still ahead; otherwise tomorrow, to be edited.
    const date = themeDayDates(month).find((d) => !taken.has(d) && d > chinaToday()) ?? chinaToday(1);
    const preset = DEFAULT_THEMES[(days ?? []).length % DEFAULT_THEMES.length];
    setEditing({ isNew: true, input: { date, theme: preset.theme, description: preset.description, hours: { ...DEFAULT_THEME_HOURS }, counselorIds: counselors.map((c) => c.id) } });
  };

  const togglePublish = async (d: ThemeDay) => {
    setDayErrors(({ [d.id]: _gone, ...rest }) => rest);
    try {
      await bookingApi.publishThemeDay(d.id, !d.published);
      Taro.showToast({ title: d.published ? S.unpublishedToast : S.publishedToast, icon: 'none' });
      load();
    } catch (err) {
      // Stays on the day's card (a toast would vanish before the count is read).
      setDayErrors((prev) => ({ ...prev, [d.id]: explain(err) }));
    }
  };

  if (editing) {
    return (
      <Page title={S.title} back>
        <ThemeDayForm
          initial={editing.input}
          isNew={editing.isNew}
          counselors={counselors}
          onDone={(saved) => {
            setEditing(null);
            if (saved) load();
          }}
        />
      </Page>
    );
  }

  return (
    <Page title={S.title} subtitle={S.subtitle} back>
      <View className='tdlist__months'>
        {months.map((m) => (
          <Button key={m} variant='secondary' block={false} selected={m === month} onClick={() => { setMonth(m); setDays(null); load(m); }}>
            {monthLabel(m)}
          </Button>
        ))}
      </View>
      {error ? (
        <ErrorState message={error} onRetry={retry ? () => load() : undefined} />
      ) : !days ? (
        <Loading />
      ) : days.length === 0 ? (
        <Empty title={S.empty} description={S.emptyHint} />
      ) : (
        // Two columns of day cards from 960 px (themedays.scss).
        <View className='tdlist__grid'>
        {days.map((d) => (
          <Card key={d.id} title={`${dayLabel(d.date)} · ${d.theme}`} badge={d.published ? S.published : S.draft}>
            <Text className='tdlist__meta'>{`${d.hours.from}–${d.hours.to} · ${d.counselors.map((c) => c.name).join('、')}`}</Text>
            <Text className='tdlist__meta'>{S.slotCount(d.slots.length, d.slots.filter((s) => s.booked).length)}</Text>
            {dayErrors[d.id] && <Notice tone='warning'>{dayErrors[d.id]}</Notice>}
            <View className='tdlist__actions'>
              <Button variant='secondary' block={false} onClick={() => setEditing({ isNew: false, input: { date: d.date, theme: d.theme, description: d.description, hours: d.hours, counselorIds: d.counselors.map((c) => c.id) } })}>
                {S.edit}
              </Button>
              <Button variant={d.published ? 'quiet' : 'primary'} block={false} onClick={() => togglePublish(d)}>
                {d.published ? S.unpublish : S.publish}
              </Button>
            </View>
          </Card>
        ))}
        </View>
      )}
      <Button onClick={newDay}>{S.create}</Button>
      <Notice>{S.timezoneNote}</Notice>
    </Page>
  );
}
