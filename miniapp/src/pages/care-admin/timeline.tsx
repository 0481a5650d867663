import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { getSession, requireLogin } from '../../api/session';
import { Card, Empty, ErrorState, Loading, Notice, Page } from '../../components';
import { CARE_STRINGS as C, formatDateTime } from '../care/strings';
import { adminApi, type TimelineEntry } from './api';
import { ADMIN_STRINGS as S } from './strings';
import './care-admin.scss';

function describe(e: TimelineEntry): { title: string; detail?: string } {
  const v = e as Record<string, any>;
  switch (e.kind) {
    case 'booking':
      return {
        title: `${v.bookingKind === 'paid' ? '咨询' : '免费咨询'} · ${v.counselorName} · ${S.bookingStatus[v.status] ?? v.status}`,
        // A paid consult's number is what a refund in the complaint queue names.
        detail: [v.bookingKind === 'paid' ? S.bookingNo(v.bookingId) : '', v.csat ? S.csat(v.csat) : '', v.csatComment ?? '', v.sharedResult ? S.shared(v.sharedResult.instrument, v.sharedResult.band, v.sharedResult.score) : ''].filter(Boolean).join(' · ') || undefined,
      };
    case 'complaint':
      return { title: `${C.categories[v.category as keyof typeof C.categories]} · ${C.statuses[v.status as keyof typeof C.statuses]}${v.outcome ? ` · ${S.outcomes[v.outcome]}` : ''}`, detail: v.text };
    case 'consent':
      return { title: S.consent(C.purposes[v.purpose as keyof typeof C.purposes]?.label ?? v.purpose, v.granted) };
    default:
      return { title: S.message(v.campaignName, v.status), detail: v.status === 'skipped' ? S.skipReasons[v.reason as keyof typeof S.skipReasons] : v.opened ? S.opened : undefined };
  }
}

/** A client's timeline for their own counselors and admins; every view is audited (admins see who looked). */
export default function TimelinePage() {
  const { id = '' } = useRouter().params;
  const [data, setData] = useState<{ client: { name: string }; entries: TimelineEntry[] } | null>(null);
  const [audit, setAudit] = useState<{ id: string; viewerName: string; viewerRole: string; at: string }[] | null>(null);
  const [error, setError] = useState('');

  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setData(await adminApi.timeline(id));
      if (getSession()?.user.role === 'admin') setAudit((await adminApi.audit(id)).items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load();
  }, [id]);

  if (error) return <Page title={S.timelineTitle} back><ErrorState message={error} onRetry={load} /></Page>;
  if (!data) return <Page title={S.timelineTitle} back><Loading /></Page>;
  return (
    <Page title={`${S.timelineTitle} · ${data.client.name}`} back className='cadm'>
      <Notice tone='privacy'>{S.timelineNote}</Notice>
      <View className='cadm__grid'>
        <Card>
          {data.entries.length === 0 ? (
            <Empty title={S.noEntries} />
          ) : (
            data.entries.map((e, i) => {
              const d = describe(e);
              return (
                <View key={i} className='cadm__item'>
                  <View className='cadm__head'>
                    <Text className='cadm__kind'>{S.kinds[e.kind]}</Text>
                    <Text className='cadm__meta'>{formatDateTime(e.at)}</Text>
                  </View>
                  <Text className='cadm__title'>{d.title}</Text>
                  {d.detail && <Text className='cadm__text'>{d.detail}</Text>}
                </View>
              );
            })
          )}
        </Card>
        {audit && (
          <Card title={S.auditTitle}>
            {audit.length === 0 ? (
              <Text className='cadm__meta'>{S.auditEmpty}</Text>
            ) : (
              audit.map((a) => (
                <View key={a.id} className='cadm__item'>
                  <Text className='cadm__text'>{`${a.viewerName}（${a.viewerRole === 'admin' ? '管理员' : '咨询师'}）`}</Text>
                  <Text className='cadm__meta'>{formatDateTime(a.at)}</Text>
                </View>
              ))
            )}
          </Card>
        )}
      </View>
    </Page>
  );
}
