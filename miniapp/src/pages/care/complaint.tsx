import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { careApi, type MyComplaint } from './api';
import { CARE_STRINGS as S, formatDate, formatDateTime } from './strings';
import './care.scss';

/** One complaint: what the client wrote, its status, every reply, the outcome; opening it marks replies read. */
export default function ComplaintPage() {
  const { id = '' } = useRouter().params;
  const [c, setC] = useState<MyComplaint | null>(null);
  const [error, setError] = useState('');
  const [more, setMore] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setC(await careApi.complaint(id));
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, [id]);

  const send = async () => {
    if (!more.trim()) return;
    setBusy(true);
    try {
      setC(await careApi.followUp(id, more.trim()));
      setMore('');
    } catch (err) {
      setError(friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (error && !c) return <Page title={S.complaintTitle} back><ErrorState message={error} onRetry={load} /></Page>;
  if (!c) return <Page title={S.complaintTitle} back><Loading /></Page>;

  return (
    <Page title={S.complaintTitle} subtitle={`${S.categories[c.category]} · ${formatDate(c.createdAt)}`} back>
      <Card title={S.yourText} badge={S.statuses[c.status]}>
        <Text className='care__item-text'>{c.text}</Text>
      </Card>
      {c.outcome && (
        <Card title={S.outcomes[c.outcome.kind]} tone='soft'>
          {c.outcome.kind === 'voucher' && c.outcome.amount !== null && <Text className='care__item-text'>{`¥${c.outcome.amount} · 已放入「我的咨询券」`}</Text>}
          {c.outcome.kind === 'refund' && c.outcome.refundStatus && (
            <>
              <Text className='care__item-text'>{`${S.refundStatusLabel}：${S.refundStatuses[c.outcome.refundStatus]}`}</Text>
              <Text className='care__hint'>
                {c.outcome.refundStatus === 'refunded' && c.outcome.refundedAt
                  ? S.refundedNote(c.outcome.amount ?? 0, formatDateTime(c.outcome.refundedAt))
                  : S.refundPendingNote(c.outcome.amount ?? 0)}
              </Text>
            </>
          )}
        </Card>
      )}
      <Card title={S.replies}>
        {c.replies.length === 0 ? (
          <Text className='care__hint'>{S.noReplies}</Text>
        ) : (
          c.replies.map((r, i) => (
            <View key={i} className={`care__reply ${r.by === 'staff' ? 'care__reply--staff' : ''}`}>
              <Text className='care__reply-who'>{`${r.by === 'staff' ? S.staff : S.you} · ${formatDateTime(r.at)}`}</Text>
              <Text className='care__reply-text'>{r.text}</Text>
            </View>
          ))
        )}
      </Card>
      {c.status !== 'resolved' ? (
        <Card title={S.followUp}>
          <Textarea className='care__textarea' {...labelled(S.followUp)} value={more} maxlength={2000} placeholder={S.followUpPlaceholder} onInput={(e) => setMore(e.detail.value)} />
          {error && <Text className='care__error'>{error}</Text>}
          <Button variant='secondary' busy={busy} onClick={send}>{S.send}</Button>
        </Card>
      ) : (
        <Notice tone='info'>{S.feedbackSubtitle}</Notice>
      )}
    </Page>
  );
}
