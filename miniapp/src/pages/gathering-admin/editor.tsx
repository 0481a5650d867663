import { Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { LEVELS } from '../../../../shared/membership/levels';
import { GATHERING_KINDS } from '../../../../shared/gathering/schema';
import { ApiError, friendlyMessage } from '../../api/client';
import { useEditorForm, useSave } from '../../api/hooks';
import { Button, Card, ErrorState, goBack, labelled, Loading, Notice, Page } from '../../components';
import { chinaToday } from '../booking/format';
import { gatheringApi } from '../gathering/api';
import { emptyForm, formOf, toBody, type GatheringForm } from './form';
import { GADMIN_STRINGS as S } from './strings';
import './gathering-admin.scss';

function explain(err: unknown): string {
  if (err instanceof ApiError && err.field) return S.fieldError(S.fieldNames[err.field.split('.')[0]] ?? err.field);
  return friendlyMessage(err);
}

function Field({ label, value, onInput, type }: { label: string; value: string; onInput: (v: string) => void; type?: 'number' | 'text' }) {
  return (
    <View className='gadmin__field'>
      <Text className='gadmin__label'>{label}</Text>
      <Input className='gadmin__input' type={type ?? 'text'} value={value} {...labelled(label)} onInput={(e) => onInput(e.detail.value)} />
    </View>
  );
}

/** A simple form for a gathering (the campaign builder's block editors can replace the description box later). */
export default function GatheringEditorPage() {
  const { params } = useRouter();
  const id = params.id;
  const { form: f, setForm: setF, error } = useEditorForm(id, () => emptyForm(chinaToday(7)), async (gatheringId) => formOf(await gatheringApi.get(gatheringId)));
  const { busy, saveError, save } = useSave(() => (id ? gatheringApi.update(id, toBody(f!)) : gatheringApi.create(toBody(f!))), { saved: S.saved, explain, done: goBack });
  if (error) return <Page back title={S.editorEdit}><ErrorState message={error} /></Page>;
  if (!f) return <Page back title={S.editorEdit}><Loading /></Page>;
  const set = (patch: Partial<GatheringForm>) => setF({ ...f, ...patch });
  return (
    <Page back title={id ? S.editorEdit : S.editorNew} className='gadmin'>
      <Card>
        <Text className='gadmin__label'>{S.kind}</Text>
        <View className='gadmin__row'>
          {GATHERING_KINDS.map((k) => (
            <Button key={k} variant='secondary' block={false} selected={f.kind === k} onClick={() => set({ kind: k })}>{S.kinds[k]}</Button>
          ))}
        </View>
        <Field label={S.title} value={f.title} onInput={(v) => set({ title: v })} />
        <Field label={S.summary} value={f.summary} onInput={(v) => set({ summary: v })} />
        <Text className='gadmin__label'>{S.mode}</Text>
        <View className='gadmin__row'>
          <Button variant='secondary' block={false} selected={f.mode === 'offline'} onClick={() => set({ mode: 'offline' })}>{S.offline}</Button>
          <Button variant='secondary' block={false} selected={f.mode === 'online'} onClick={() => set({ mode: 'online' })}>{S.online}</Button>
        </View>
        {f.mode === 'online' ? <Field label={S.link} value={f.link} onInput={(v) => set({ link: v })} /> : <Field label={S.address} value={f.address} onInput={(v) => set({ address: v })} />}
        <Field label={S.date} value={f.date} onInput={(v) => set({ date: v })} />
        <View className='gadmin__pair'>
          <Field label={S.start} value={f.start} onInput={(v) => set({ start: v })} />
          <Field label={S.end} value={f.end} onInput={(v) => set({ end: v })} />
        </View>
        <View className='gadmin__pair'>
          <Field label={S.capacity} type='number' value={f.capacity} onInput={(v) => set({ capacity: v })} />
          <Field label={S.price} type='number' value={f.price} onInput={(v) => set({ price: v })} />
        </View>
        <Field label={S.cover} value={f.coverUrl} onInput={(v) => set({ coverUrl: v })} />
        <Text className='gadmin__label'>{S.description}</Text>
        <Textarea className='gadmin__textarea' value={f.description} maxlength={5000} {...labelled(S.description)} onInput={(e) => set({ description: e.detail.value })} />
        <Text className='gadmin__label'>{S.early}</Text>
        <View className='gadmin__row'>
          {LEVELS.map((l) => (
            <Button key={l} variant='secondary' block={false} selected={f.earlyLevels.includes(l)} onClick={() => set({ earlyLevels: f.earlyLevels.includes(l) ? f.earlyLevels.filter((x) => x !== l) : [...f.earlyLevels, l] })}>
              {S.levels[l]}
            </Button>
          ))}
        </View>
        <View className='gadmin__pair'>
          <Field label={S.earlyHours} type='number' value={f.earlyHours} onInput={(v) => set({ earlyHours: v })} />
        </View>
        <Field label={S.opensAt} value={f.opensAt} onInput={(v) => set({ opensAt: v })} />
        {f.kind === 'quiz' && (
          <>
            <Text className='gadmin__label'>{S.quiz}</Text>
            <Textarea className='gadmin__textarea' value={f.quiz} maxlength={5000} {...labelled(S.quiz)} onInput={(e) => set({ quiz: e.detail.value })} />
            <Notice tone='info'>{S.quizHint}</Notice>
          </>
        )}
        {saveError && <Notice tone='warning'>{saveError}</Notice>}
        <View className='gadmin__actions'>
          <Button busy={busy} onClick={save}>{S.save}</Button>
          <Button variant='quiet' onClick={goBack}>{S.cancel}</Button>
        </View>
      </Card>
    </Page>
  );
}
