import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { TIERS, type Tier } from '../../../../shared/analytics/tiers';
import { SKIP_REASONS, type MessagePurpose } from '../../../../shared/care/message';
import { LEVELS, type Level } from '../../../../shared/membership/levels';
import { ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../care/strings';
import { adminApi, type CampaignView } from './api';
import { ADMIN_STRINGS as S } from './strings';
import './care-admin.scss';

const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);

/** A marketer's message campaign: a segment (tier × level × source × consent) and a subscription-message template. */
export default function MessagesPage() {
  const [items, setItems] = useState<CampaignView[] | null>(null);
  const [error, setError] = useState('');
  const [form, setForm] = useState({ name: '', title: '', body: '', templateId: '', sources: '' });
  const [purpose, setPurpose] = useState<MessagePurpose>('marketing');
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [levels, setLevels] = useState<Level[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const res = await adminApi.campaigns();
      setItems(res.items);
      setForm((f) => ({ ...f, templateId: f.templateId || res.defaultTemplateId }));
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const create = async () => {
    setBusy(true);
    setStatus('');
    try {
      const sources = form.sources.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
      await adminApi.createCampaign({
        name: form.name.trim(),
        templateId: form.templateId.trim(),
        title: form.title.trim(),
        body: form.body.trim(),
        segment: { purpose, ...(tiers.length ? { tiers } : {}), ...(levels.length ? { levels } : {}), ...(sources.length ? { sources } : {}) },
      });
      setStatus(S.created);
      setForm({ ...form, name: '', title: '', body: '' });
      await load();
    } catch (err) {
      setStatus(err instanceof ApiError && err.status === 400 ? err.message : friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Page title={S.messagesTitle} back><ErrorState message={error} onRetry={load} /></Page>;
  if (!items) return <Page title={S.messagesTitle} back><Loading /></Page>;

  const field = (key: keyof typeof form, label: string, max?: number) => (
    <View>
      <Text className='cadm__label'>{label}</Text>
      <Input className='cadm__input' value={form[key]} maxlength={max ?? 140} {...labelled(label)} onInput={(e) => setForm({ ...form, [key]: e.detail.value })} />
    </View>
  );

  return (
    <Page title={S.messagesTitle} subtitle={S.messagesSubtitle} back className='cadm'>
      <View className='cadm__row'>
        <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: '/pages/care-admin/dashboard' })}>{S.toDashboard}</Button>
      </View>
      <View className='cadm__grid'>
        <Card title={S.newCampaign}>
          {field('name', S.name, 60)}
          {field('title', S.titleField, 20)}
          {field('body', S.bodyField, 20)}
          {field('templateId', S.templateField, 128)}
          <Text className='cadm__label'>{S.purpose}</Text>
          <View className='cadm__row'>
            {(['marketing', 'gatherings'] as const).map((p) => (
              <Button key={p} variant='secondary' block={false} selected={purpose === p} onClick={() => setPurpose(p)}>{S.purposes[p]}</Button>
            ))}
          </View>
          <Text className='cadm__label'>{S.tierField}</Text>
          <View className='cadm__row'>
            {TIERS.map((t) => (
              <Button key={t} variant='secondary' block={false} selected={tiers.includes(t)} onClick={() => setTiers(toggle(tiers, t))}>{S.tiers[t]}</Button>
            ))}
          </View>
          <Text className='cadm__label'>{S.levelField}</Text>
          <View className='cadm__row'>
            {LEVELS.map((l) => (
              <Button key={l} variant='secondary' block={false} selected={levels.includes(l)} onClick={() => setLevels(toggle(levels, l))}>{S.levels[l]}</Button>
            ))}
          </View>
          {field('sources', S.sourceField, 200)}
          <View className='cadm__row'>
            <Button block={false} busy={busy} onClick={create}>{S.create}</Button>
            {status && <Text className='cadm__status'>{status}</Text>}
          </View>
        </Card>
        <Card title={S.campaigns}>
          <Notice tone='privacy'>{S.privacyNote}</Notice>
          {items.length === 0 ? (
            <Empty title={S.noCampaigns} />
          ) : (
            items.map((c) => (
              <View key={c.id} className='cadm__item'>
                <View className='cadm__head'>
                  <Text className='cadm__title'>{c.name}</Text>
                  <Text className={`cadm__timer ${c.status === 'done' ? 'cadm__timer--done' : ''}`}>{S.statuses[c.status]}</Text>
                </View>
                <Text className='cadm__meta'>{`${formatDateTime(c.createdAt)} · ${S.purposes[c.segment.purpose]} · ${c.title}`}</Text>
                <View className='cadm__figures'>
                  {[
                    [S.targeted, c.stats.targeted],
                    [S.sent, c.stats.sent],
                    [S.openedCount, c.stats.opened],
                    [S.unsubscribed, c.stats.unsubscribed],
                  ].map(([label, v]) => (
                    <View key={String(label)} className='cadm__figure'>
                      <Text className='cadm__figure-value'>{String(v)}</Text>
                      <Text className='cadm__figure-label'>{String(label)}</Text>
                    </View>
                  ))}
                </View>
                <Text className='cadm__meta'>{`${S.skipped}：${SKIP_REASONS.map((r) => `${S.skipReasons[r]} ${c.stats.skipped[r]}`).join(' · ')}`}</Text>
              </View>
            ))
          )}
        </Card>
      </View>
    </Page>
  );
}
