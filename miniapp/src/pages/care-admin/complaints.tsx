import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, labelled, Loading, Notice, Page } from '../../components';
import { CARE_STRINGS as C, formatDateTime } from '../care/strings';
import { adminApi, type AdminComplaint, type Queue } from './api';
import { ADMIN_STRINGS as S } from './strings';
import './care-admin.scss';

const FILTERS = ['all', 'overdue', 'open', 'in_progress', 'resolved'] as const;
const H = 3_600_000;

function Timer({ c }: { c: AdminComplaint }) {
  if (c.status === 'resolved') {
    const late = c.sla.firstResponseBreached || c.sla.resolutionBreached;
    return <Text className={`cadm__timer ${late ? 'cadm__timer--late' : 'cadm__timer--done'}`}>{late ? (c.sla.resolutionBreached ? S.breachedResolution : S.breachedFirst) : S.onTime}</Text>;
  }
  const ms = c.sla.msLeft ?? 0;
  const label = c.firstResponseAt ? S.resolutionDue : S.firstResponseDue;
  return <Text className={`cadm__timer ${c.sla.overdue ? 'cadm__timer--late' : ''}`}>{`${label} · ${ms < 0 ? S.late(-ms / H) : S.left(ms / H)}`}</Text>;
}

/** The admin's queue: overdue first, SLA timers on each item; reply, assign and resolve with an outcome inline. */
export default function ComplaintsPage() {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState('');
  const [openId, setOpenId] = useState('');
  const [reply, setReply] = useState('');
  const [outcome, setOutcome] = useState('apology');
  const [amount, setAmount] = useState('');
  const [refundBooking, setRefundBooking] = useState('');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async (f = filter) => {
    if (!requireLogin()) return;
    setError('');
    try {
      setQueue(await adminApi.queue(f === 'all' ? undefined : f));
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useEffect(() => {
    load(filter);
  }, [filter]);

  const act = async (fn: () => Promise<{ notified?: string } | unknown>, clear: () => void) => {
    setBusy(true);
    setStatus('');
    try {
      const out = (await fn()) as { notified?: string };
      setStatus(out?.notified ? S.notified[out.notified] : C.saved);
      clear();
      await load();
    } catch (err) {
      setStatus(err instanceof ApiError && err.code === 'budget_exhausted' ? S.budgetExhausted : err instanceof ApiError && err.status === 400 ? err.message : friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) => {
    setOpenId(openId === id ? '' : id);
    setReply('');
    setNote('');
    setAmount('');
    setRefundBooking(queue?.items.find((c) => c.id === id)?.bookingId ?? '');
    setOutcome('apology');
    setStatus('');
  };

  if (error) return <Page title={S.complaintsTitle} back><ErrorState message={error} onRetry={() => load()} /></Page>;
  if (!queue) return <Page title={S.complaintsTitle} back><Loading /></Page>;

  return (
    <Page title={S.complaintsTitle} subtitle={S.complaintsSubtitle(queue.overdue)} back className='cadm'>
      <View className='cadm__filters' ariaRole='group' ariaLabel={S.filtersLabel}>
        {FILTERS.map((f) => (
          <Button key={f} variant='secondary' block={false} selected={filter === f} onClick={() => setFilter(f)}>
            {S.filters[f]}
          </Button>
        ))}
      </View>
      <View className='cadm__row'>
        <Text className='cadm__meta'>{S.goodwill(queue.goodwill.value, queue.goodwill.budget)}</Text>
        <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: '/pages/care-admin/dashboard' })}>{S.toDashboard}</Button>
      </View>
      <Card>
        {queue.items.length === 0 ? (
          <Empty title={S.empty} description={S.emptyHint} />
        ) : (
          queue.items.map((c) => (
            <View key={c.id} className={`cadm__item ${c.sla.overdue ? 'cadm__overdue' : ''}`}>
              <View className='cadm__head'>
                <Text className='cadm__title'>{`${C.categories[c.category]} · ${c.clientName} · ${C.statuses[c.status]}`}</Text>
                <Timer c={c} />
              </View>
              <Text className='cadm__text'>{c.text}</Text>
              <Text className='cadm__meta'>
                {`${formatDateTime(c.createdAt)} · ${S.assignee}：${queue.assignees.find((a) => a.id === c.assigneeId)?.name ?? S.unassigned}${c.outcome ? ` · ${S.outcomes[c.outcome.kind]}${c.outcome.amount ? ` ¥${c.outcome.amount}` : ''}${c.outcome.refundStatus ? ` · ${S.refundStatuses[c.outcome.refundStatus]}` : ''}` : ''}`}
              </Text>
              <View className='cadm__row'>
                <Button variant={openId === c.id ? 'quiet' : 'secondary'} block={false} onClick={() => toggle(c.id)}>
                  {openId === c.id ? S.close : c.status === 'resolved' ? S.view : S.open}
                </Button>
                <Button variant='quiet' block={false} onClick={() => Taro.navigateTo({ url: `/pages/care-admin/timeline?id=${c.clientId}` })}>
                  {S.timelineLink}
                </Button>
              </View>
              {openId === c.id && (
                <View className='cadm__panel'>
                  {c.replies.length > 0 && <Text className='cadm__label'>{S.replies}</Text>}
                  {c.replies.map((r) => (
                    <View key={r.id} className='cadm__reply'>
                      <Text className='cadm__meta'>{`${r.by === 'staff' ? `${S.staff} ${r.authorName}` : S.clientSide} · ${formatDateTime(r.at)}`}</Text>
                      <Text className='cadm__text'>{r.text}</Text>
                    </View>
                  ))}
                  {c.status !== 'resolved' && (
                    <>
                      <Text className='cadm__label'>{S.assign}</Text>
                      <View className='cadm__row'>
                        {queue.assignees.map((a) => (
                          <Button key={a.id} variant='secondary' block={false} selected={c.assigneeId === a.id} onClick={() => act(() => adminApi.assign(c.id, a.id), () => undefined)}>
                            {a.name}
                          </Button>
                        ))}
                      </View>
                      <Text className='cadm__label'>{S.replyLabel}</Text>
                      <Textarea className='cadm__textarea' {...labelled(S.replyLabel)} value={reply} maxlength={2000} placeholder={S.replyPlaceholder} onInput={(e) => setReply(e.detail.value)} />
                      <View className='cadm__row'>
                        <Button block={false} busy={busy} disabled={!reply.trim()} onClick={() => act(() => adminApi.reply(c.id, reply.trim()), () => setReply(''))}>
                          {S.sendReply}
                        </Button>
                      </View>
                      <Text className='cadm__label'>{S.resolveLabel}</Text>
                      <View className='cadm__row' ariaRole='radiogroup' ariaLabel={S.resolveLabel}>
                        {['apology', 'voucher', 'refund', 'none'].map((o) => (
                          <Button key={o} variant='secondary' block={false} selected={outcome === o} onClick={() => setOutcome(o)}>
                            {S.outcomes[o]}
                          </Button>
                        ))}
                      </View>
                      {(outcome === 'voucher' || outcome === 'refund') && (
                        <>
                          <Text className='cadm__label'>{S.amount}</Text>
                          <Input className='cadm__input' type='number' value={amount} {...labelled(S.amount)} onInput={(e) => setAmount(e.detail.value)} />
                        </>
                      )}
                      {outcome === 'refund' && (
                        <>
                          <Text className='cadm__label'>{S.refundBooking}</Text>
                          <Input className='cadm__input' value={refundBooking} {...labelled(S.refundBooking)} onInput={(e) => setRefundBooking(e.detail.value.trim())} />
                          <Text className='cadm__meta'>{S.refundBookingHint}</Text>
                          <Notice tone='info'>{S.refundNote}</Notice>
                        </>
                      )}
                      <Text className='cadm__label'>{S.note}</Text>
                      <Textarea className='cadm__textarea' {...labelled(S.note)} value={note} maxlength={1000} onInput={(e) => setNote(e.detail.value)} />
                      <View className='cadm__row'>
                        <Button
                          block={false}
                          busy={busy}
                          onClick={() =>
                            act(
                              () => adminApi.resolve(c.id, {
                                outcome,
                                note: note.trim() || undefined,
                                amount: amount ? Number(amount) : undefined,
                                bookingId: outcome === 'refund' && refundBooking ? refundBooking : undefined,
                              }),
                              () => setOpenId(''),
                            )
                          }
                        >
                          {S.resolve}
                        </Button>
                      </View>
                    </>
                  )}
                  {status && <Text className='cadm__status'>{status}</Text>}
                </View>
              )}
            </View>
          ))
        )}
      </Card>
      {status && !openId && <Notice tone='info'>{status}</Notice>}
    </Page>
  );
}
