import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { addDays, isValid } from 'date-fns';
import { useEffect, useState } from 'react';
import { BLOCK_KINDS, type Block, type Variant } from '../../../../shared/campaign/blocks';
import type { Campaign } from '../../../../shared/campaign/schema';
import type { RewardRules } from '../../../../shared/referral/rules';
import { api, ApiError, canRetry, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { Blocks } from '../campaign-landing/Blocks';
import { isIsoDateTime } from '../../../../shared/iso';
import { inShanghai, isoDateOf, shanghaiWallClock, utcIso } from '../../../../shared/time';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { BLOCK_TEMPLATES, DEFAULT_RULES_JSON, newVariant } from './templates';
import './campaign-admin.scss';

interface VariantForm {
  id: string;
  name: string;
  weight: string;
  blocksJson: string;
}
interface Form {
  name: string;
  type: 'invite' | 'theme_day';
  startDate: string;
  endDate: string;
  channels: string;
  rulesJson: string;
  variants: VariantForm[];
}

const day = (iso: string) => isoDateOf(inShanghai(iso));
/**
 * A Shanghai calendar date → the UTC instant it starts (the end date is inclusive: its next midnight); null when what
 * was typed is not a date, so the API's validation says which field is wrong.
 */
function startOf(date: string, plusDays = 0): string | null {
  const d = addDays(shanghaiWallClock(date), plusDays);
  return isIsoDateTime(date) && isValid(d) ? utcIso(d) : null;
}

function toForm(c?: Campaign): Form {
  const today = inShanghai(new Date());
  const variants = c?.variants.length ? c.variants : [newVariant(0), newVariant(1)];
  return {
    name: c?.name ?? '',
    type: c?.type ?? 'theme_day',
    startDate: c ? day(c.startsAt) : isoDateOf(today),
    endDate: isoDateOf(c ? addDays(inShanghai(c.endsAt), -1) : addDays(today, 30)),
    channels: (c?.channels ?? ['wechat', 'douyin']).join(', '),
    rulesJson: c?.rules ? JSON.stringify(c.rules, null, 2) : DEFAULT_RULES_JSON,
    variants: variants.map((v) => ({ id: v.id, name: v.name, weight: String(v.weight), blocksJson: JSON.stringify(v.blocks, null, 2) })),
  };
}

/** Throws a readable message when a JSON box does not parse. */
function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(S.badJson(what));
  }
}

function toBody(f: Form) {
  return {
    name: f.name.trim(),
    type: f.type,
    startsAt: startOf(f.startDate),
    endsAt: startOf(f.endDate, 1),
    channels: f.channels.split(/[,，\s]+/).map((c) => c.trim()).filter(Boolean),
    rules: f.type === 'invite' ? parseJson<RewardRules>(f.rulesJson, S.rules) : undefined,
    variants: f.variants.map<Variant>((v) => ({ id: v.id, name: v.name.trim(), weight: Number(v.weight), blocks: parseJson<Block[]>(v.blocksJson, `${v.id} ${S.blocks}`) })),
  };
}

/**
 * The link a channel is given: on the web, the short public address `/campaigns/<id>?ch=` (index.html opens the
 * landing page from it); in the mini-program, the landing page's path, for share cards and mini-program codes.
 */
function publicLink(id: string, channel: string): string {
  const ch = encodeURIComponent(channel);
  if (process.env.TARO_ENV === 'h5') return `${window.location.origin}/campaigns/${id}?ch=${ch}`;
  return `/pages/campaign-landing/index?id=${id}&ch=${ch}`;
}

export default function CampaignEditorPage() {
  const router = useRouter();
  const [id, setId] = useState(router.params.id ?? '');
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [form, setForm] = useState<Form | null>(id ? null : toForm());
  const [loadError, setLoadError] = useState('');
  const [retry, setRetry] = useState(true);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);

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

  const explain = (err: unknown) => {
    if (err instanceof ApiError && err.field) return S.fieldError(err.field, err.message.replace(`${err.field}: `, ''));
    if (err instanceof ApiError && err.status === 409) return err.message;
    return err instanceof Error && !(err instanceof ApiError) ? err.message : friendlyMessage(err);
  };

  /** The saved campaign, or null after showing why it could not be saved. */
  const save = async (): Promise<Campaign | null> => {
    if (!form) return null;
    setBusy(true);
    setMessage(null);
    try {
      const body = toBody(form);
      const saved = id ? await api.put<Campaign>(`/campaigns/${id}`, body) : await api.post<Campaign>('/campaigns', body);
      setCampaign(saved);
      setId(saved.id);
      setMessage({ ok: true, text: S.saved });
      return saved;
    } catch (err) {
      setMessage({ ok: false, text: explain(err) });
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
    // Publishing saves first, so what goes live is what is on screen.
    const target = what === 'publish' ? await save() : campaign;
    if (!target) return;
    setBusy(true);
    try {
      const c = await api.post<Campaign>(`/campaigns/${target.id}/${what}`);
      setCampaign(c);
      setMessage({ ok: true, text: what === 'publish' ? S.published : S.ended });
    } catch (err) {
      setMessage({ ok: false, text: explain(err) });
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <Page title={S.editorEdit} back><ErrorState message={loadError} onRetry={retry ? load : undefined} /></Page>;
  if (!form) return <Page title={S.editorEdit} back><Loading /></Page>;

  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const setVariant = (i: number, patch: Partial<VariantForm>) => set({ variants: form.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  const addBlock = (i: number, kind: keyof typeof BLOCK_TEMPLATES) => {
    let blocks: Block[] = [];
    try {
      blocks = JSON.parse(form.variants[i].blocksJson) as Block[];
    } catch {
      return setMessage({ ok: false, text: S.badJson(`${form.variants[i].id} ${S.blocks}`) });
    }
    setVariant(i, { blocksJson: JSON.stringify([...blocks, BLOCK_TEMPLATES[kind]], null, 2) });
  };
  const previewBlocks = (v: VariantForm): Block[] | null => {
    try {
      return JSON.parse(v.blocksJson) as Block[];
    } catch {
      return null;
    }
  };
  const status = campaign?.status ?? 'draft';
  const link = campaign ? publicLink(campaign.id, form.channels.split(/[,，\s]+/)[0] ?? '') : '';

  return (
    <Page title={id ? S.editorEdit : S.editorNew} subtitle={campaign ? `${S.status[status]} · ${campaign.id}` : undefined} back className='cadmin'>
      <Card>
        <Text className='cadmin__label'>{S.name}</Text>
        <Input className='cadmin__input' value={form.name} maxlength={60} onInput={(e) => set({ name: e.detail.value })} />
        <Text className='cadmin__label'>{S.type}</Text>
        <View className='cadmin__row'>
          {(['theme_day', 'invite'] as const).map((t) => (
            <Button key={t} variant='secondary' block={false} selected={form.type === t} onClick={() => set({ type: t })}>{S.types[t]}</Button>
          ))}
        </View>
        <View className='cadmin__row'>
          <View>
            <Text className='cadmin__label'>{S.starts}</Text>
            <Input className='cadmin__input' value={form.startDate} placeholder='YYYY-MM-DD' onInput={(e) => set({ startDate: e.detail.value })} />
          </View>
          <View>
            <Text className='cadmin__label'>{S.ends}</Text>
            <Input className='cadmin__input' value={form.endDate} placeholder='YYYY-MM-DD' onInput={(e) => set({ endDate: e.detail.value })} />
          </View>
        </View>
        <Text className='cadmin__label'>{S.channels}</Text>
        <Input className='cadmin__input' value={form.channels} onInput={(e) => set({ channels: e.detail.value })} />
        {form.type === 'invite' && (
          <View>
            <Text className='cadmin__label'>{S.rules}</Text>
            <Textarea className='cadmin__textarea' value={form.rulesJson} maxlength={-1} onInput={(e) => set({ rulesJson: e.detail.value })} />
          </View>
        )}
      </Card>

      <Text className='cadmin__label'>{S.variants}</Text>
      <View className='cadmin__variants'>
        {form.variants.map((v, i) => (
          <Card key={i} title={`${v.id} · ${v.name}`}>
            <View className='cadmin__row'>
              <View>
                <Text className='cadmin__label'>{S.variantName}</Text>
                <Input className='cadmin__input' value={v.name} onInput={(e) => setVariant(i, { name: e.detail.value })} />
              </View>
              <View>
                <Text className='cadmin__label'>{S.weight}</Text>
                <Input className='cadmin__input' type='number' value={v.weight} onInput={(e) => setVariant(i, { weight: e.detail.value })} />
              </View>
            </View>
            <Text className='cadmin__label'>{S.blocks}</Text>
            <Textarea className='cadmin__textarea' value={v.blocksJson} maxlength={-1} onInput={(e) => setVariant(i, { blocksJson: e.detail.value })} />
            <View className='cadmin__row'>
              <Text className='cadmin__meta'>{S.addBlock}</Text>
              {BLOCK_KINDS.map((k) => (
                <Button key={k} variant='quiet' block={false} onClick={() => addBlock(i, k)}>{S.blockKinds[k]}</Button>
              ))}
            </View>
            <View className='cadmin__row'>
              <Button variant='secondary' block={false} onClick={() => setPreview(preview === v.id ? null : v.id)}>{preview === v.id ? S.hidePreview : S.preview}</Button>
              {form.variants.length > 1 && (
                <Button variant='quiet' block={false} onClick={() => set({ variants: form.variants.filter((_, j) => j !== i) })}>{S.removeVariant}</Button>
              )}
            </View>
            {preview === v.id && (
              <View className='cadmin__preview'>
                {previewBlocks(v) ? <Blocks blocks={previewBlocks(v)!} rules={form.type === 'invite' ? safeRules(form.rulesJson) : undefined} preview /> : <Text className='cadmin__error'>{S.badJson(S.blocks)}</Text>}
              </View>
            )}
          </Card>
        ))}
      </View>
      {form.variants.length < 3 && (
        <Button variant='quiet' block={false} onClick={() => set({ variants: [...form.variants, formVariant(form.variants.length)] })}>{S.addVariant}</Button>
      )}

      <Card>
        {message && <Text className={message.ok ? 'cadmin__ok' : 'cadmin__error'}>{message.text}</Text>}
        <View className='cadmin__row'>
          <Button block={false} busy={busy} onClick={save} disabled={status === 'ended'}>{S.save}</Button>
          {status === 'draft' && <Button block={false} busy={busy} onClick={() => transition('publish')}>{S.publish}</Button>}
          {status === 'published' && <Button variant='danger' block={false} busy={busy} onClick={() => transition('end')}>{S.end}</Button>}
        </View>
        {status === 'published' && (
          <View>
            <Text className='cadmin__label'>{S.publicLink}</Text>
            <Text className='cadmin__link' userSelect>{link}</Text>
          </View>
        )}
        {status === 'ended' && <Notice>{S.ended}</Notice>}
      </Card>
    </Page>
  );
}

function formVariant(i: number): VariantForm {
  const v = newVariant(i);
  return { id: v.id, name: v.name, weight: String(v.weight), blocksJson: JSON.stringify(v.blocks, null, 2) };
}

function safeRules(json: string): RewardRules | undefined {
  try {
    return JSON.parse(json) as RewardRules;
  } catch {
    return undefined;
  }
}
