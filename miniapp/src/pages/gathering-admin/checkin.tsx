import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { useShownData } from '../../api/hooks';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { gatheringApi, type Gathering } from '../gathering/api';
import { gatheringWhen } from '../gathering/format';
import { GADMIN_STRINGS as S } from './strings';
import './gathering-admin.scss';

/**
 * At the door: scan the client's check-in QR (WeChat) or type its 6-character code; each person checks in once.
 * Opened without a gathering (from the counselor's workbench), it first lists the gatherings still ahead to pick one.
 */
export default function CheckinPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  return id ? <CheckinDesk id={id} /> : <GatheringPicker />;
}

/** Published gatherings not yet over, soonest first (this month and the next). */
function GatheringPicker() {
  const { data: items, error, reload: load } = useShownData(async () => {
    const now = Date.now();
    const { items: list } = await gatheringApi.list();
    return list.filter((g) => g.status === 'published' && Date.parse(g.endsAt) > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  });
  return (
    <Page back title={S.checkinTitle} subtitle={S.pickHint} className='gadmin'>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.pickEmpty} description={S.pickEmptyHint} />
      ) : (
        items.map((g) => (
          <Card key={g.id} title={g.title} description={gatheringWhen(g)} label={S.pickLabel(g.title)} onClick={() => Taro.navigateTo({ url: `/pages/gathering-admin/checkin?id=${g.id}` })} />
        ))
      )}
    </Page>
  );
}

function CheckinDesk({ id }: { id: string }) {
  const [g, setG] = useState<Gathering | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  useDidShow(() => {
    if (!requireLogin()) return;
    gatheringApi.get(id).then(setG, () => undefined);
  });
  const submit = async (value: string) => {
    if (!value.trim()) return;
    setBusy(true);
    try {
      const out = await gatheringApi.checkIn(id, value.trim());
      setResult({ ok: true, text: S.checkedIn(out.name) });
      setCode('');
    } catch (err) {
      const known = err instanceof ApiError ? S.checkinErrors[err.code] : undefined;
      const who = err instanceof ApiError && typeof err.body?.name === 'string' ? `${err.body.name}：` : '';
      setResult({ ok: false, text: known ? `${who}${known}` : friendlyMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await submit(res.result);
    } catch {
      /* closed the scanner */
    }
  };
  return (
    <Page back title={S.checkinTitle} subtitle={g ? `${g.title} · ${gatheringWhen(g)}` : undefined} className='gadmin'>
      <Card description={S.checkinHint}>
        {process.env.TARO_ENV === 'weapp' && <Button onClick={scan}>{S.scan}</Button>}
        <Text className='gadmin__label'>{S.code}</Text>
        <View className='gadmin__code-row'>
          <Input className='gadmin__input gadmin__code' value={code} maxlength={32} {...labelled(S.code)} confirmType='done' onInput={(e) => setCode(e.detail.value.toUpperCase())} onConfirm={() => submit(code)} />
          <Button block={false} busy={busy} onClick={() => submit(code)}>{S.submit}</Button>
        </View>
        {result && <Notice tone={result.ok ? 'privacy' : 'warning'}>{result.text}</Notice>}
      </Card>
    </Page>
  );
}
