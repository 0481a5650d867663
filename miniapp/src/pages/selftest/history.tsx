import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { BAND_TEXT, INSTRUMENTS } from '../../../../shared/selftest/instruments';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { API_URL, friendlyMessage } from '../../api/client';
import { getSession, requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { selftestApi } from './api';
import { SELFTEST_STRINGS as S } from './strings';
import './selftest.scss';

const CONFIRM_COLOR = '#a3221b';

async function confirmDelete(title: string, content: string): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title, content, confirmText: S.delete, cancelText: S.cancel, confirmColor: CONFIRM_COLOR });
  return confirm;
}

/** H5: a JSON file download (fetched with the token, since a plain link cannot send it). */
async function downloadExport(): Promise<void> {
  const res = await fetch(`${API_URL}/me/selftests/export`, { headers: { Authorization: `Bearer ${getSession()?.token ?? ''}` } });
  if (!res.ok) throw new Error(`export failed: ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'ripple-selftests.json';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  Taro.showToast({ title: S.exported, icon: 'none' });
}

const EXPORT_NAME = 'ripple-selftests.json';

/**
 * Mini-program: the JSON is written to a file in the mini-program's own storage (never the clipboard, which
 * other apps can read); the person then sends it to a chat (e.g. 文件传输助手) with a second tap, because WeChat
 * accepts shareFileMessage only straight from a tap.
 */
async function prepareExportFile(): Promise<string> {
  const data = await selftestApi.exportAll();
  const filePath = `${Taro.env.USER_DATA_PATH}/${EXPORT_NAME}`;
  Taro.getFileSystemManager().writeFileSync(filePath, JSON.stringify(data, null, 2), 'utf8');
  return filePath;
}

function shareExportFile(filePath: string): void {
  Taro.shareFileMessage({ filePath, fileName: EXPORT_NAME }).catch(() => Taro.showToast({ title: S.exportFailed, icon: 'none' }));
}

export default function HistoryPage() {
  const [items, setItems] = useState<SelftestResult[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setItems((await selftestApi.myResults()).items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  // Also on coming back from a result page, in case it changed.
  useDidShow(() => {
    load();
  });

  const remove = async (r: SelftestResult) => {
    if (!(await confirmDelete(S.deleteTitle, S.deleteContent))) return;
    setBusy(true);
    try {
      await selftestApi.deleteResult(r.id);
      setItems((prev) => (prev ?? []).filter((x) => x.id !== r.id));
      Taro.showToast({ title: S.deleted, icon: 'none' });
    } catch {
      Taro.showToast({ title: S.deleteFailed, icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  const removeAll = async () => {
    if (!(await confirmDelete(S.deleteAllTitle, S.deleteAllContent))) return;
    setBusy(true);
    try {
      await selftestApi.deleteAll();
      setItems([]);
      Taro.showToast({ title: S.deleted, icon: 'none' });
    } catch {
      Taro.showToast({ title: S.deleteFailed, icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  const [exportFile, setExportFile] = useState<string | null>(null);
  const exportAll = async () => {
    try {
      if (process.env.TARO_ENV === 'h5') await downloadExport();
      else setExportFile(await prepareExportFile());
    } catch {
      Taro.showToast({ title: S.exportFailed, icon: 'none' });
    }
  };

  const startSelftest = () => Taro.navigateTo({ url: '/pages/selftest/index' });

  return (
    <Page title={S.historyTitle} subtitle={S.historySubtitle} back>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.emptyTitle} description={S.emptyDescription} action={<Button onClick={startSelftest}>{S.startSelftest}</Button>} />
      ) : (
        <>
          {items.map((r) => {
            const instrument = INSTRUMENTS[r.instrument];
            return (
              <Card key={r.id} className='history__item'>
                <View className='history__head'>
                  <Text className='history__instrument'>{instrument.title}</Text>
                  <Text className={`history__band result__band--${r.band}`}>{BAND_TEXT[r.band].label}</Text>
                </View>
                <View className='history__meta'>
                  <Text className='history__date'>{formatDateTime(r.createdAt)}</Text>
                  <Text className='history__score'>{S.scoreOf(r.score, instrument.items.length * 3)}</Text>
                </View>
                {r.crisis && <Text className='history__crisis'>{S.crisisNote}</Text>}
                <View className='history__actions'>
                  <Button
                    variant='secondary'
                    block={false}
                    className='history__view'
                    onClick={() => Taro.navigateTo({ url: `/pages/selftest/result?id=${encodeURIComponent(r.id)}` })}
                  >
                    {S.view}
                  </Button>
                  <Button variant='danger' block={false} className='history__delete' disabled={busy} onClick={() => remove(r)}>
                    {S.delete}
                  </Button>
                </View>
              </Card>
            );
          })}
          <View className='history__tools'>
            <Notice tone='privacy'>{S.exportHint}</Notice>
            {exportFile ? (
              <Button variant='secondary' onClick={() => shareExportFile(exportFile)}>
                {S.exportSend}
              </Button>
            ) : (
              <Button variant='secondary' onClick={exportAll}>
                {S.export}
              </Button>
            )}
            <Button variant='danger' disabled={busy} onClick={removeAll}>
              {S.deleteAll}
            </Button>
          </View>
        </>
      )}
    </Page>
  );
}
