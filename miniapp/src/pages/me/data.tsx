import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { clearSession, requireLogin } from '../../api/session';
import { Button, Card, Notice, Page } from '../../components';
import { accountApi, downloadExport } from './api';
import { ME_STRINGS as S } from './strings';
import './me.scss';

/** The mini-program cannot hand over an arbitrary file, so there the JSON goes to the clipboard. */
async function exportMyData(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    await downloadExport();
    return S.exported;
  }
  await Taro.setClipboardData({ data: JSON.stringify(await accountApi.exportAll(), null, 2) });
  return S.exportCopied;
}

/** 导出或删除我的数据: what each does is said before the client decides. */
export default function MyDataPage() {
  const [busy, setBusy] = useState(false);
  const [upcoming, setUpcoming] = useState(0);
  const [gatherings, setGatherings] = useState(0);
  const [error, setError] = useState('');

  const exportAll = async () => {
    if (!requireLogin()) return;
    try {
      Taro.showToast({ title: await exportMyData(), icon: 'none' });
    } catch {
      Taro.showToast({ title: S.exportFailed, icon: 'none' });
    }
  };

  const deleteAll = async () => {
    if (!requireLogin()) return;
    const { confirm } = await Taro.showModal({
      title: S.deleteConfirmTitle,
      content: S.deleteConfirmContent,
      confirmText: S.deleteYes,
      cancelText: S.deleteNo,
      confirmColor: '#a3221b',
    });
    if (!confirm) return;
    setBusy(true);
    setError('');
    try {
      await accountApi.deleteAll();
      clearSession();
      Taro.showToast({ title: S.deleted, icon: 'none' });
      Taro.reLaunch({ url: '/pages/index/index' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'upcoming_bookings') setUpcoming(Number(err.body?.bookings ?? 1));
      else if (err instanceof ApiError && err.code === 'upcoming_gatherings') setGatherings(Number(err.body?.gatherings ?? 1));
      else setError(S.deleteFailed);
      setBusy(false);
    }
  };

  return (
    <Page title={S.dataTitle} subtitle={S.dataSubtitle} back className='me-data'>
      <Card title={S.exportTitle} description={S.exportHint}>
        <View className='me-data__action'>
          <Button variant='secondary' onClick={exportAll}>
            {S.exportAction}
          </Button>
        </View>
      </Card>
      <Card title={S.deleteTitle}>
        <Text className='me-data__text'>{S.deleteWhat}</Text>
        <Text className='me-data__text me-data__text--muted'>{S.deleteKept}</Text>
        {upcoming > 0 && (
          <View className='me-data__block'>
            <Notice tone='warning'>{S.upcomingBlock(upcoming)}</Notice>
            <Button variant='secondary' onClick={() => Taro.navigateTo({ url: '/pages/booking/mine' })}>
              {S.viewBookings}
            </Button>
          </View>
        )}
        {gatherings > 0 && (
          <View className='me-data__block'>
            <Notice tone='warning'>{S.upcomingGatherings(gatherings)}</Notice>
            <Button variant='secondary' onClick={() => Taro.navigateTo({ url: '/pages/gathering/index' })}>
              {S.viewGatherings}
            </Button>
          </View>
        )}
        {error && <Notice tone='warning'>{error}</Notice>}
        <View className='me-data__action'>
          <Button variant='danger' busy={busy} onClick={deleteAll}>
            {busy ? S.deleting : S.deleteAction}
          </Button>
        </View>
      </Card>
    </Page>
  );
}
