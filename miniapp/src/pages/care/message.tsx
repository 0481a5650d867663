import { Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { careApi } from './api';
import { CARE_STRINGS as S } from './strings';
import './care.scss';

/** Where a campaign's subscription message leads: its content, and unsubscribing in one tap. */
export default function MessagePage() {
  const { c: id = '' } = useRouter().params;
  const [msg, setMsg] = useState<{ title: string; body: string } | null>(null);
  const [error, setError] = useState('');
  const [gone, setGone] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!requireLogin()) return;
    careApi.openMessage(id).then(setMsg).catch((err) => setError(friendlyMessage(err)));
  }, [id]);

  const unsubscribe = async () => {
    setBusy(true);
    try {
      await careApi.unsubscribe(id);
      setGone(true);
    } catch (err) {
      setError(friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Page title={S.messageTitle} back><ErrorState message={error} /></Page>;
  if (!msg) return <Page title={S.messageTitle} back><Loading /></Page>;
  return (
    <Page title={S.messageTitle} back>
      <Card title={msg.title}>
        <Text className='care__item-text'>{msg.body}</Text>
      </Card>
      {gone ? <Notice tone='privacy'>{S.unsubscribed}</Notice> : <Button variant='quiet' busy={busy} onClick={unsubscribe}>{S.unsubscribe}</Button>}
      <Button variant='secondary' onClick={() => Taro.navigateTo({ url: '/pages/care/privacy' })}>{S.manage}</Button>
    </Page>
  );
}
