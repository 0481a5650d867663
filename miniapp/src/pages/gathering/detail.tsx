import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, friendlyMessage } from '../../api/client';
import { useOffersPaused } from '../../api/offers';
import { getSession, loginUrl } from '../../api/session';
import { alt, Button, Card, ErrorState, Loading, Notice, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { Blocks } from '../campaign-landing/Blocks';
import { askForReminder, askForWaitlistNotice, download, gatheringApi, type Gathering } from './api';
import { gatheringPrice, gatheringWhen, gatheringWhere } from './format';
import { SeatPay } from './SeatPay';
import { GATHERING_STRINGS as S } from './strings';
import './gathering.scss';

function explain(err: unknown): string {
  if (err instanceof ApiError && S.errors[err.code]) return err.code.endsWith('_not_open') ? err.message : S.errors[err.code];
  return friendlyMessage(err);
}

/** The client's own seat: the check-in QR and code, the calendar file, and cancelling. */
function MySeat({ g, onChanged, notifyOn, onNotifyOn }: { g: Gathering; onChanged: () => void; notifyOn: boolean; onNotifyOn: () => void }) {
  const reg = g.myRegistration!;
  const [qr, setQr] = useState<{ src?: string; failed?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  // Mounted after registering (the page was already showing): load the QR when the seat appears.
  useEffect(() => {
    if (reg.status !== 'registered') return;
    download(`/gatherings/${g.id}/checkin-qr`)
      .then((src) => setQr({ src }))
      .catch(() => setQr({ failed: true }));
  }, [g.id, reg.status, reg.code]);
  const calendar = async () => {
    const file = await download(`/gatherings/${g.id}/ics`);
    if (process.env.TARO_ENV === 'h5') {
      const a = document.createElement('a');
      a.href = file;
      a.download = `ripple-${g.id}.ics`;
      a.click();
    } else {
      await Taro.openDocument({ filePath: file, showMenu: true }).catch(() => undefined);
    }
  };
  const cancel = async () => {
    const ok = await Taro.showModal({ title: S.cancel, content: reg.paidAt ? S.cancelConfirmPaid : S.cancelConfirm });
    if (!ok.confirm) return;
    setBusy(true);
    try {
      const out = await gatheringApi.cancel(g.id);
      Taro.showToast({ title: out.refund ? S.refundStarted : S.cancelled, icon: 'none' });
      onChanged();
    } catch (err) {
      Taro.showToast({ title: explain(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  const askNotice = async () => {
    if (await askForWaitlistNotice(g)) onNotifyOn();
  };
  // Only the WeChat build can ask for a subscription message; H5 shows the state whenever the page is opened.
  const canNotify = process.env.TARO_ENV === 'weapp' && !!g.waitlistTemplateId;
  if (reg.status === 'pending_payment') return <SeatPay g={g} onChanged={onChanged} onCancel={cancel} cancelBusy={busy} />;
  if (reg.status === 'attended') return <Notice tone='privacy'>{S.checkedIn(formatDateTime(reg.checkedInAt ?? new Date().toISOString()))}</Notice>;
  return (
    <Card className='gathering__seat' title={reg.status === 'registered' ? S.checkinTitle : S.myStatus.waitlisted}>
      {reg.status === 'registered' ? (
        <>
          {reg.promotedAt && <Notice tone='privacy' title={S.promotedTitle}>{S.promoted}</Notice>}
          {reg.paidAt && <Text className='gathering__hint'>{S.paidNote(reg.amountDue ?? g.price)}</Text>}
          <Text className='gathering__hint'>{S.checkinHint}</Text>
          {qr?.src && (
            <Image className='gathering__qr' src={qr.src} mode='aspectFit' {...alt(`${S.checkinTitle} ${reg.code}`)} />
          )}
          {qr?.failed && <Text className='gathering__hint'>{S.loadQrFailed}</Text>}
          <Text className='gathering__code'>{reg.code}</Text>
          <Button variant='secondary' onClick={calendar}>{S.calendar}</Button>
          <Text className='gathering__hint'>{S.calendarHint}</Text>
        </>
      ) : (
        <>
          <Text className='gathering__hint'>{S.waitlisted(reg.position)}</Text>
          {g.price > 0 && <Text className='gathering__hint'>{S.waitlistedPaid}</Text>}
          {canNotify && (notifyOn ? <Text className='gathering__hint'>{S.waitlistNotifyOn}</Text> : (
            <>
              <Text className='gathering__hint'>{S.waitlistNotifyHint}</Text>
              <Button variant='secondary' onClick={askNotice}>{S.waitlistNotify}</Button>
            </>
          ))}
        </>
      )}
      <Button variant='quiet' busy={busy} onClick={cancel}>{S.cancel}</Button>
    </Card>
  );
}

/** A knowledge quiz: psychology education, answered privately; the score is shown to the player only. */
function Quiz({ g }: { g: Gathering }) {
  const questions = g.quiz ?? [];
  const [answers, setAnswers] = useState<(number | undefined)[]>(questions.map(() => undefined));
  const [result, setResult] = useState<Awaited<ReturnType<typeof gatheringApi.quiz>> | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (answers.some((a) => a === undefined)) {
      Taro.showToast({ title: S.quizNeedAll, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      setResult(await gatheringApi.quiz(g.id, answers as number[]));
    } catch (err) {
      Taro.showToast({ title: explain(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card className='gathering__quiz' title={S.quizTitle} description={S.quizHint}>
      {questions.map((q, i) => (
        <View key={i} className='gathering__question'>
          <Text className='gathering__question-text'>{`${i + 1}. ${q.text}`}</Text>
          <View className='gathering__options'>
            {q.options.map((o, j) => (
              <Button key={j} variant='secondary' selected={answers[i] === j} disabled={!!result} onClick={() => setAnswers(answers.map((a, k) => (k === i ? j : a)))}>
                {o}
              </Button>
            ))}
          </View>
          {result && (
            <Text className={result.review[i].right ? 'gathering__review gathering__review--right' : 'gathering__review'}>
              {`${result.review[i].right ? S.quizRight : S.quizWrong(q.options[result.review[i].answer])}${result.review[i].explanation ? `。${result.review[i].explanation}` : ''}`}
            </Text>
          )}
        </View>
      ))}
      {result ? (
        <View className='gathering__score'>
          <Text className='gathering__score-text'>{S.quizScore(result.correct, result.total)}</Text>
          <Text className='gathering__hint'>{S.quizPrivate}</Text>
        </View>
      ) : (
        <Button busy={busy} onClick={submit}>{S.quizSubmit}</Button>
      )}
    </Card>
  );
}

/** The public page of a gathering: anyone with the link sees it; signed-in clients register here. */
export default function GatheringDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const channel = params.ch;
  const [g, setG] = useState<Gathering | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // Granted 「候补转正通知」 on this visit (WeChat cannot be asked later whether a grant is left).
  const [notifyOn, setNotifyOn] = useState(false);
  const paused = useOffersPaused();

  const load = async () => {
    setError('');
    try {
      setG(await gatheringApi.get(id));
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  // The share card: title and cover of the gathering, opening this page.
  useShareAppMessage(() => ({ title: g ? `${g.kindName}｜${g.title}` : S.listTitle, path: `/pages/gathering/detail?id=${id}`, ...(g?.coverUrl ? { imageUrl: g.coverUrl } : {}) }));

  const register = async () => {
    if (!getSession()) {
      Taro.navigateTo({ url: loginUrl(`/pages/gathering/detail?id=${id}${channel ? `&ch=${channel}` : ''}`) });
      return;
    }
    setBusy(true);
    try {
      const answer = await gatheringApi.register(id, channel);
      if (answer.status === 'registered') await askForReminder(g!);
      if (answer.status === 'waitlisted' && (await askForWaitlistNotice(g!))) setNotifyOn(true);
      const toast = answer.status === 'waitlisted' ? S.myStatus.waitlisted : answer.status === 'pending_payment' ? S.heldToast : S.registered;
      Taro.showToast({ title: toast, icon: 'none' });
      await load();
    } catch (err) {
      Taro.showModal({ title: S.notOpen, content: explain(err), showCancel: false });
    } finally {
      setBusy(false);
    }
  };

  const share = async () => {
    if (process.env.TARO_ENV !== 'h5') return;
    const { origin, pathname } = window.location;
    await navigator.clipboard?.writeText(`${origin}${pathname}#/pages/gathering/detail?id=${id}`).catch(() => undefined);
    Taro.showToast({ title: S.shareCopied, icon: 'none' });
  };

  if (error) return <Page back title={S.listTitle}><ErrorState message={error} onRetry={load} /></Page>;
  if (!g) return <Page back title={S.listTitle}><Loading /></Page>;
  const over = Date.parse(g.endsAt) <= Date.now();
  const mine = g.myRegistration;
  return (
    <Page back className='gathering'>
      {g.coverUrl && <Image className='gathering__cover' src={g.coverUrl} mode='widthFix' {...alt(g.title)} />}
      <View className='gathering__head'>
        <Text className='gathering__kind'>{g.kindName}</Text>
        <Text className='gathering__title'>{g.title}</Text>
        {g.summary && <Text className='gathering__summary'>{g.summary}</Text>}
      </View>
      <Card className='gathering__facts'>
        <View className='gathering__fact'><Text className='gathering__fact-label'>{S.when}</Text><Text className='gathering__fact-value'>{gatheringWhen(g)}</Text></View>
        <View className='gathering__fact'><Text className='gathering__fact-label'>{S.where}</Text><Text className='gathering__fact-value'>{gatheringWhere(g)}</Text></View>
        {g.mode === 'online' && mine?.status === 'registered' && g.link && (
          <View className='gathering__fact'><Text className='gathering__fact-label'>{S.link}</Text><Text className='gathering__fact-value gathering__link' userSelect>{g.link}</Text></View>
        )}
        <View className='gathering__fact'><Text className='gathering__fact-label'>{g.price > 0 ? S.priceLabel : S.feeLabel}</Text><Text className='gathering__fact-value'>{gatheringPrice(g)}</Text></View>
        {g.price > 0 && <Text className='gathering__hint'>{S.priceNote}</Text>}
        {!mine && !over && <Text className='gathering__hint'>{S.seatsLeft(g.seatsLeft)}</Text>}
      </Card>

      {g.blocks.length > 0 && (
        <Card tone='soft'>
          <Blocks blocks={g.blocks} />
        </Card>
      )}

      {g.kind === 'quiz' && g.quiz && getSession() && !paused && <Quiz g={g} />}

      {mine ? (
        <MySeat g={g} onChanged={load} notifyOn={notifyOn} onNotifyOn={() => setNotifyOn(true)} />
      ) : over ? (
        <Notice tone='info'>{S.closed}</Notice>
      ) : paused ? (
        <Notice tone='info'>{S.paused}</Notice>
      ) : (
        <View className='gathering__actions'>
          <Button busy={busy} onClick={register}>{!getSession() ? S.signInToRegister : g.seatsLeft <= 0 ? S.joinWaitlist : g.price > 0 ? S.registerPaid(g.price) : S.register}</Button>
          {process.env.TARO_ENV === 'h5' && <Button variant='quiet' onClick={share}>{S.share}</Button>}
        </View>
      )}
    </Page>
  );
}
