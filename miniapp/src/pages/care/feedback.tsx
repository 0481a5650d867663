import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Page, tappable } from '../../components';
import { careApi, type MyComplaint, type Rating } from './api';
import { CARE_STRINGS as S, formatDate, formatDateTime } from './strings';
import './care.scss';

const openComplaint = (id: string) => Taro.navigateTo({ url: `/pages/care/complaint?id=${id}` });

/** 我的 → 我的反馈: consults waiting for a rating, and the client's complaints with their answers. */
export default function FeedbackPage() {
  const [ratings, setRatings] = useState<Rating[] | null>(null);
  const [complaints, setComplaints] = useState<MyComplaint[] | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      const [r, c] = await Promise.all([careApi.ratings(), careApi.complaints()]);
      setRatings(r.items);
      setComplaints(c.items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  const toRate = ratings?.filter((r) => r.csat === null) ?? [];
  const rated = ratings?.filter((r) => r.csat !== null) ?? [];

  return (
    <Page title={S.feedbackTitle} subtitle={S.feedbackSubtitle} back>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !ratings || !complaints ? (
        <Loading />
      ) : (
        <>
          {toRate.length > 0 && (
            <Card title={S.toRate}>
              {toRate.map((r) => (
                <View key={r.bookingId} className='care__item'>
                  <View className='care__item-head'>
                    <Text className='care__item-title'>{`${formatDateTime(r.start)} · ${r.counselorName}`}</Text>
                  </View>
                  <Button variant='secondary' block={false} onClick={() => Taro.navigateTo({ url: `/pages/care/rate?id=${r.bookingId}` })}>
                    {S.rateAction}
                  </Button>
                </View>
              ))}
            </Card>
          )}
          <Card title={S.complaintsTitle}>
            {complaints.length === 0 ? (
              <Empty title={S.noComplaints} description={S.noComplaintsHint} />
            ) : (
              complaints.map((c) => (
                <View
                  key={c.id}
                  className='care__item'
                  {...tappable({ onClick: () => openComplaint(c.id) })}
                  onClick={() => openComplaint(c.id)}
                >
                  <View className='care__item-head'>
                    <Text className='care__item-title'>{`${S.categories[c.category]} · ${formatDate(c.createdAt)}`}</Text>
                    {c.unread ? (
                      <Text className='care__pill care__pill--new'>{S.unread}</Text>
                    ) : (
                      <Text className={`care__pill ${c.status === 'resolved' ? 'care__pill--done' : ''}`}>{S.statuses[c.status]}</Text>
                    )}
                  </View>
                  <Text className='care__item-text'>{c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text}</Text>
                </View>
              ))
            )}
          </Card>
          <Button onClick={() => Taro.navigateTo({ url: '/pages/care/complain' })}>{S.newComplaint}</Button>
          {rated.length > 0 && (
            <Card title={S.ratedTitle}>
              {rated.map((r) => (
                <View key={r.bookingId} className='care__item'>
                  <View className='care__item-head'>
                    <Text className='care__item-title'>{`${formatDateTime(r.start)} · ${r.counselorName}`}</Text>
                    <Text className='care__pill care__pill--done'>{S.rated(r.csat!)}</Text>
                  </View>
                </View>
              ))}
            </Card>
          )}
        </>
      )}
    </Page>
  );
}
