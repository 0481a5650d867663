import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { careApi, type Rating } from './api';
import { CARE_STRINGS as S, formatDateTime } from './strings';
import './care.scss';

/** After an attended consult: CSAT 1–5 with an optional comment, and the NPS question beside it. Once per booking. */
export default function RatePage() {
  const { id = '' } = useRouter().params;
  const [rating, setRating] = useState<Rating | null | undefined>(undefined);
  const [csat, setCsat] = useState(0);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const res = await careApi.ratings();
      setRating(res.items.find((r) => r.bookingId === id) ?? null);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, [id]);

  const submit = async () => {
    if (!csat) return setError(S.pickScore);
    setBusy(true);
    setError('');
    try {
      await careApi.csat(id, csat, comment.trim() || undefined);
      if (nps !== null && !rating?.npsAnswered) await careApi.nps(id, nps).catch(() => undefined);
      setDone(true);
      Taro.showToast({ title: S.ratingThanks, icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_answered') setDone(true);
      else setError(err instanceof ApiError && err.code === 'not_attended' ? S.notAttended : friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (rating === undefined && !error) return <Page title={S.rateTitle} back><Loading /></Page>;
  if (rating === null) return <Page title={S.rateTitle} back><ErrorState message={S.notAttended} /></Page>;
  if (done || rating?.csat) {
    return (
      <Page title={S.rateTitle} back>
        <Notice tone='info'>{done ? S.ratingThanks : S.ratingDone}</Notice>
        <Button variant='secondary' onClick={() => Taro.redirectTo({ url: '/pages/care/feedback' })}>{S.feedbackTitle}</Button>
      </Page>
    );
  }

  return (
    <Page title={S.rateTitle} subtitle={rating ? `${formatDateTime(rating.start)} · ${rating.counselorName}` : undefined} back>
      <Card title={S.csatQuestion}>
        <View className='care__scale' ariaRole='radiogroup' ariaLabel={S.csatQuestion}>
          {S.csatLabels.map((label, i) => (
            <View
              key={label}
              className={`care__score ${csat === i + 1 ? 'care__score--on' : ''}`}
              ariaRole='radio'
              ariaLabel={`${i + 1} 分 ${label}${csat === i + 1 ? '（已选）' : ''}`}
              onClick={() => setCsat(i + 1)}
            >
              <Text>{i + 1}</Text>
            </View>
          ))}
        </View>
        <View className='care__scale-ends'>
          <Text>{S.csatLabels[0]}</Text>
          <Text>{S.csatLabels[4]}</Text>
        </View>
        <Text className='care__field-label'>{S.commentLabel}</Text>
        <Textarea className='care__textarea' {...labelled(S.commentLabel)} value={comment} maxlength={500} placeholder={S.commentPlaceholder} onInput={(e) => setComment(e.detail.value)} />
      </Card>
      {!rating?.npsAnswered && (
        <Card title={S.npsQuestion}>
          <View className='care__scale' ariaRole='radiogroup' ariaLabel={S.npsQuestion}>
            {Array.from({ length: 11 }, (_, n) => (
              <View
                key={n}
                className={`care__score care__score--small ${nps === n ? 'care__score--on' : ''}`}
                ariaRole='radio'
                ariaLabel={`${n} 分${nps === n ? '（已选）' : ''}`}
                onClick={() => setNps(n)}
              >
                <Text>{n}</Text>
              </View>
            ))}
          </View>
          <View className='care__scale-ends'>
            <Text>{S.npsLow}</Text>
            <Text>{S.npsHigh}</Text>
          </View>
        </Card>
      )}
      {error && <Text className='care__error'>{error}</Text>}
      <Button busy={busy} onClick={submit}>{S.submitRating}</Button>
    </Page>
  );
}
