import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { lightFormat } from 'date-fns';
import { useEffect, useState } from 'react';
import type { Block, BlockKind, Variant } from '../../../../shared/campaign/blocks';
import type { PublishProblem } from '../../../../shared/campaign/publish';
import type { Campaign } from '../../../../shared/campaign/schema';
import { inShanghai } from '../../../../shared/time';
import { api, ApiError, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { Blocks } from '../campaign-landing/Blocks';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { BlockForm } from './BlockForm';
import { ChannelLinks } from './ChannelLinks';
import { ChannelPicker } from './ChannelPicker';
import { BLOCK_KINDS, check, duplicateVariant, errorsFromApi, move, newBlock, rulesOf, startOf, toBody, toForm, type Errors, type Form, type VariantForm } from './editor-form';
import { Choice, MiniButton, TextField } from './FormControls';
import { RulesForm } from './RulesForm';
import { newVariant } from './templates';
import './campaign-admin.scss';

/** "2026-12-01" → "2026年12月1日", or '' when it is not a date yet. */
function readDate(date: string, plusDays = 0): string {
  const iso = startOf(date, plusDays);
  return iso ? lightFormat(inShanghai(iso), 'yyyy年M月d日') : '';
}

/** H5: bring the first field with a message into view. */
function scrollToFirst(errors: Errors) {
  if (process.env.TARO_ENV !== 'h5') return;
  const first = Object.keys(errors)[0];
  if (!first) return;
  setTimeout(() => document.querySelector(`[data-field="${first}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 50);
}

/** A variant's form (left) and what a client sees (right from 960 px, below on a phone). */
function VariantEditor(props: {
  v: VariantForm;
  i: number;
  form: Form;
  errors: Errors;
  onChange: (v: VariantForm) => void;
  onDuplicate?: () => void;
  onRemove?: () => void;
}) {
  const { v, i, form, errors, onChange, onDuplicate, onRemove } = props;
  const at = `variants.${i}`;
  const setBlocks = (blocks: Block[]) => onChange({ ...v, blocks });
  const rules = form.type === 'invite' ? rulesOf(form.rules) : undefined;
  return (
    <View className='cform__variant' data-variant={v.id}>
      <View className='cform__variant-form'>
        <Card title={S.variantTitle(v.id)}>
          <View className='cform__grid'>
            <TextField errors={errors} label={S.variantName} path={`${at}.name`} value={v.name} maxlength={30} onChange={(name) => onChange({ ...v, name })} />
            <TextField errors={errors} number label={S.weight} path={`${at}.weight`} value={v.weight} onChange={(weight) => onChange({ ...v, weight })} />
          </View>
          <View data-field={`${at}.blocks`}>
            <Text className='cform__subtitle'>{S.blocks}</Text>
            {errors[`${at}.blocks`] && (
              <View className='cform__error' ariaRole='alert'>
                <Text>{errors[`${at}.blocks`]}</Text>
              </View>
            )}
          </View>
          {v.blocks.map((b, j) => (
            <View key={j} className='cform__block' data-block={`${v.id}-${j}`}>
              <View className='cform__block-head'>
                <Text className='cform__block-kind'>{`${j + 1}. ${S.blockKinds[b.kind]}`}</Text>
                <View className='cform__row'>
                  <MiniButton label='↑' name={`${S.moveUp}：${S.blockKinds[b.kind]}`} disabled={j === 0} onClick={() => setBlocks(move(v.blocks, j, j - 1))} />
                  <MiniButton label='↓' name={`${S.moveDown}：${S.blockKinds[b.kind]}`} disabled={j === v.blocks.length - 1} onClick={() => setBlocks(move(v.blocks, j, j + 1))} />
                  {v.blocks.length > 1 && <MiniButton label={S.removeBlock} name={`${S.removeBlock}：${S.blockKinds[b.kind]}`} danger onClick={() => setBlocks(v.blocks.filter((_, k) => k !== j))} />}
                </View>
              </View>
              <BlockForm block={b} at={`${at}.blocks.${j}`} errors={errors} onChange={(nb) => setBlocks(v.blocks.map((x, k) => (k === j ? nb : x)))} />
            </View>
          ))}
          <Text className='cform__subtitle'>{S.addBlock}</Text>
          <View className='cform__row'>
            {BLOCK_KINDS.map((k: BlockKind) => (
              <MiniButton key={k} label={`＋ ${S.blockKinds[k]}`} name={`${S.addBlock}：${S.blockKinds[k]}`} disabled={v.blocks.length >= 30} onClick={() => setBlocks([...v.blocks, newBlock(k)])} />
            ))}
          </View>
          <View className='cform__row cform__variant-actions'>
            {onDuplicate && <Button variant='secondary' block={false} onClick={onDuplicate}>{S.duplicateVariant}</Button>}
            {onRemove && <Button variant='quiet' block={false} onClick={onRemove}>{S.removeVariant}</Button>}
          </View>
        </Card>
      </View>
      <View className='cform__variant-preview'>
        <Text className='cform__subtitle'>{`${S.preview} · ${S.previewOf(v.id)}`}</Text>
        <View className='cform__phone' ariaLabel={S.previewOf(v.id)}>
          <Blocks blocks={v.blocks as Variant['blocks']} rules={rules} preview />
        </View>
      </View>
    </View>
  );
}

export default function CampaignEditorPage() {
  const router = useRouter();
  const [id, setId] = useState(router.params.id ?? '');
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [form, setForm] = useState<Form | null>(id ? null : toForm());
  const [loadError, setLoadError] = useState('');
  const [retry, setRetry] = useState(true);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  /** After a refused save or publish, messages follow the edits (the same shared rules as the server). */
  const [live, setLive] = useState<null | 'save' | 'publish'>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (!requireLogin() || !id) return;
    try {
      const c = await api.get<Campaign>(`/campaigns/${id}`);
      setCampaign(c);
      setForm(toForm(c));
    } catch (err) {
      setLoadError(friendlyMessage(err));
      setRetry(canRetry(err));
    }
  };
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const refuse = (errs: Errors, intent: 'save' | 'publish') => {
    setErrors(errs);
    setLive(intent);
    setMessage({ ok: false, text: S.fixFirst(Object.keys(errs).length) });
    scrollToFirst(errs);
  };
  const fromApi = (err: unknown) => {
    if (err instanceof ApiError && err.status === 400) {
      const problems = (err.body?.problems as PublishProblem[] | undefined) ?? undefined;
      return refuse(errorsFromApi(err.field, err.message, problems), problems ? 'publish' : 'save');
    }
    setMessage({ ok: false, text: err instanceof ApiError && err.status === 409 ? err.message : friendlyMessage(err) });
  };

  /** The saved campaign, or null after showing why it could not be saved (zod first, here; then the server). */
  const save = async (): Promise<Campaign | null> => {
    if (!form) return null;
    const local = check(form, false);
    if (Object.keys(local).length) {
      refuse(local, 'save');
      return null;
    }
    setBusy(true);
    setMessage(null);
    try {
      const body = toBody(form);
      const saved = id ? await api.put<Campaign>(`/campaigns/${id}`, body) : await api.post<Campaign>('/campaigns', body);
      setCampaign(saved);
      setId(saved.id);
      setErrors({});
      setLive(null);
      setMessage({ ok: true, text: S.saved });
      return saved;
    } catch (err) {
      fromApi(err);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const transition = async (what: 'publish' | 'end') => {
    if (what === 'end') {
      const { confirm } = await Taro.showModal({ content: S.confirmEnd });
      if (!confirm) return;
    }
    // Publishing saves first, so what goes live is what is on screen; the server then names anything unfinished.
    const target = what === 'publish' ? await save() : campaign;
    if (!target) return;
    setBusy(true);
    try {
      const c = await api.post<Campaign>(`/campaigns/${target.id}/${what}`);
      setCampaign(c);
      setErrors({});
      setLive(null);
      setMessage({ ok: true, text: what === 'publish' ? S.published : S.ended });
    } catch (err) {
      fromApi(err);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <Page title={S.editorEdit} back><ErrorState message={loadError} onRetry={retry ? load : undefined} /></Page>;
  if (!form) return <Page title={S.editorEdit} back><Loading /></Page>;

  const set = (patch: Partial<Form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    if (live) {
      const now = check(next, live === 'publish');
      setErrors(now);
      if (!Object.keys(now).length) setMessage(null);
      else setMessage({ ok: false, text: S.fixFirst(Object.keys(now).length) });
    }
  };
  const setVariant = (i: number, v: VariantForm) => set({ variants: form.variants.map((x, j) => (j === i ? v : x)) });
  const removeVariant = async (i: number) => {
    const { confirm } = await Taro.showModal({ content: S.confirmRemoveVariant });
    if (confirm) set({ variants: form.variants.filter((_, j) => j !== i) });
  };
  const status = campaign?.status ?? 'draft';
  const start = readDate(form.startDate);
  const end = readDate(form.endDate);

  return (
    <Page title={id ? S.editorEdit : S.editorNew} subtitle={campaign ? `${S.status[status]} · ${campaign.name}` : undefined} back className='cadmin cform'>
      <View className='cform__top'>
        <Card title={S.basics}>
          <TextField errors={errors} label={S.name} path='name' value={form.name} maxlength={60} placeholder={S.namePlaceholder} onChange={(name) => set({ name })} />
          <Choice errors={errors} label={S.type} path='type' value={form.type} options={(['invite', 'theme_day'] as const).map((t) => ({ value: t, label: S.types[t] }))} onChange={(type) => set({ type })} />
          <Text className='cform__hint'>{S.typeHints[form.type]}</Text>
          <View className='cform__grid'>
            <TextField errors={errors} label={S.starts} path='startsAt' value={form.startDate} maxlength={10} placeholder={S.datePlaceholder} hint={start && S.dateReads(start)} onChange={(startDate) => set({ startDate })} />
            <TextField errors={errors} label={S.ends} path='endsAt' value={form.endDate} maxlength={10} placeholder={S.datePlaceholder} hint={end && S.dateReads(end)} onChange={(endDate) => set({ endDate })} />
          </View>
          <ChannelPicker form={form} errors={errors} onChange={set} />
        </Card>
        {form.type === 'invite' && (
          <RulesForm rules={form.rules} variants={toBody(form).variants} errors={errors} onChange={(rules) => set({ rules })} />
        )}
      </View>

      <Text className='cform__section'>{S.variants}</Text>
      {errors.variants && (
        <View className='cform__error' ariaRole='alert' data-field='variants'>
          <Text>{errors.variants}</Text>
        </View>
      )}
      {form.variants.map((v, i) => (
        <VariantEditor
          key={v.id}
          v={v}
          i={i}
          form={form}
          errors={errors}
          onChange={(nv) => setVariant(i, nv)}
          onDuplicate={form.variants.length < 3 ? () => set({ variants: [...form.variants, duplicateVariant(form, i)!] }) : undefined}
          onRemove={form.variants.length > 1 ? () => removeVariant(i) : undefined}
        />
      ))}
      {form.variants.length < 3 && (
        <Button variant='secondary' block={false} onClick={() => set({ variants: [...form.variants, formVariant(form)] })}>{`＋ ${S.addVariant}`}</Button>
      )}

      <Card className='cform__actions'>
        {message && (
          <View className={message.ok ? 'cadmin__ok' : 'cadmin__error'} ariaRole={message.ok ? 'status' : 'alert'}>
            <Text>{message.text}</Text>
          </View>
        )}
        <View className='cadmin__row'>
          <Button variant='secondary' block={false} busy={busy} onClick={save} disabled={status === 'ended'}>{status === 'draft' ? S.save : S.saveChanges}</Button>
          {status === 'draft' && <Button block={false} busy={busy} onClick={() => transition('publish')}>{S.publish}</Button>}
          {status === 'published' && <Button variant='danger' block={false} busy={busy} onClick={() => transition('end')}>{S.end}</Button>}
        </View>
        {status === 'ended' && <Notice>{S.ended}</Notice>}
      </Card>
      {status === 'published' && campaign && <ChannelLinks campaign={campaign} />}
    </Page>
  );
}

function formVariant(f: Form): VariantForm {
  const used = new Set(f.variants.map((v) => v.id));
  const index = [0, 1, 2].find((i) => !used.has(String.fromCharCode(65 + i)))!;
  const v = newVariant(index);
  return { id: v.id, name: v.name, weight: String(v.weight), blocks: v.blocks };
}
