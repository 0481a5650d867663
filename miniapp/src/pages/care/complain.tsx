import { Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../../../shared/care/complaint';
import { ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, labelled, Notice, Page } from '../../components';
import { askForNotice, careApi, type Rating } from './api';
import { CARE_STRINGS as S, formatDateTime } from './strings';
import './care.scss';

/** Raise a complaint or a concern: category, what happened, optionally the consult it is about. */
export default function ComplainPage() {
  const params = useRouter().params;
  const [category, setCategory] = useState<ComplaintCategory>((params.category as ComplaintCategory) || 'booking');
  const [text, setText] = useState('');
  const [bookingId, setBookingId] = useState(params.bookingId ?? '');
  const [share, setShare] = useState(false);
  const [consults, setConsults] = useState<Rating[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!requireLogin()) return;
    careApi.ratings().then((r) => setConsults(r.items.slice(0, 5))).catch(() => setConsults([]));
  }, []);

  const submit = async () => {
    if (text.trim().length < 2) return setError(S.textTooShort);
    setBusy(true);
    setError('');
    try {
      const { templateId } = await careApi.complaints();
      const res = await careApi.complain({ category, text: text.trim(), bookingId: bookingId || undefined, shareWithCounselor: category === 'counselor' ? share : undefined });
      // Offered after filing, never required: the answer is always in 我的反馈 as well.
      await askForNotice(templateId);
      Taro.showToast({ title: S.complaintSent, icon: 'success' });
      Taro.redirectTo({ url: `/pages/care/complaint?id=${res.id}` });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? S.textTooShort : friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={S.complainTitle} subtitle={S.complainSubtitle} back>
      <Card>
        <Text className='care__field-label'>{S.categoryLabel}</Text>
        <View className='care__chips' ariaRole='radiogroup' ariaLabel={S.categoryLabel}>
          {COMPLAINT_CATEGORIES.map((c) => (
            <Button key={c} variant='secondary' block={false} selected={category === c} onClick={() => setCategory(c)}>
              {S.categories[c]}
            </Button>
          ))}
        </View>
        <Text className='care__field-label'>{S.textLabel}</Text>
        <Textarea className='care__textarea' {...labelled(S.textLabel)} value={text} maxlength={2000} placeholder={S.textPlaceholder} onInput={(e) => setText(e.detail.value)} />
        {consults.length > 0 && (
          <>
            <Text className='care__field-label'>{S.bookingLabel}</Text>
            <View className='care__chips'>
              <Button variant='secondary' block={false} selected={!bookingId} onClick={() => setBookingId('')}>{S.noBooking}</Button>
              {consults.map((c) => (
                <Button key={c.bookingId} variant='secondary' block={false} selected={bookingId === c.bookingId} onClick={() => setBookingId(c.bookingId)}>
                  {`${formatDateTime(c.start)} ${c.counselorName}`}
                </Button>
              ))}
            </View>
          </>
        )}
        {category === 'counselor' && (
          <View>
            <View className='care__row'>
              <Text className='care__label'>{S.shareLabel}</Text>
              <Switch checked={share} color='#1d6b73' {...labelled(S.shareLabel)} onChange={(e) => setShare(e.detail.value)} />
            </View>
            <Text className='care__hint'>{S.shareHint}</Text>
          </View>
        )}
      </Card>
      <Notice tone='privacy'>{S.complainSubtitle}</Notice>
      {error && <Text className='care__error'>{error}</Text>}
      <Button busy={busy} onClick={submit}>{S.submitComplaint}</Button>
    </Page>
  );
}
