import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { holdSecondsLeft } from '../../../../shared/payment/rules';
import { ApiError, friendlyMessage } from '../../api/client';
import { Button, Card, Notice } from '../../components';
import { formatDateTime } from '../../utils/time';
import { paySeat, waitForStatus } from '../payment/pay';
import { gatheringApi, type Gathering } from './api';
import { GATHERING_STRINGS as S } from './strings';

const pad = (n: number) => String(n).padStart(2, '0');
/** mm:ss, or h:mm:ss for the longer hold of a seat reached from the waitlist (up to a day). */
const clock = (seconds: number) =>
  seconds >= 3600 ? `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}` : `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;

/**
 * A seat held at a priced gathering: 价格 / 实付, how long the seat is kept, and the WeChat Pay button (H5: the
 * stand-in's 模拟微信支付 page). Only WeChat Pay's notice confirms the seat, so `onChanged` re-reads the page.
 */
export function SeatPay({ g, onChanged, onCancel, cancelBusy }: { g: Gathering; onChanged: () => void; onCancel: () => void; cancelBusy: boolean }) {
  const reg = g.myRegistration!;
  const [left, setLeft] = useState(() => holdSecondsLeft(reg.holdExpiresAt ?? new Date().toISOString(), new Date()));
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const due = reg.amountDue ?? g.price;

  useEffect(() => {
    const t = setInterval(() => setLeft(holdSecondsLeft(reg.holdExpiresAt ?? new Date().toISOString(), new Date())), 1000);
    return () => clearInterval(t);
  }, [reg.holdExpiresAt]);

  const pay = async () => {
    setBusy(true);
    setNote('');
    try {
      const returnTo = process.env.TARO_ENV === 'h5' ? window.location.href : '';
      const result = await paySeat(g.id, returnTo);
      // WeChat accepted it; the seat is confirmed by the notice, a moment later.
      if (result === 'paid') {
        await waitForStatus(() => gatheringApi.get(g.id), (x) => x.myRegistration?.status !== 'pending_payment');
        onChanged();
      }
      if (result === 'cancelled') setNote(S.payCancelled);
      if (result === 'unavailable') setNote(S.payInWechat);
      if (result !== 'redirected') setBusy(false);
    } catch (err) {
      setNote(err instanceof ApiError && S.errors[err.code] ? S.errors[err.code] : friendlyMessage(err));
      setBusy(false);
      if (err instanceof ApiError && (err.code === 'hold_expired' || err.code === 'not_pending')) onChanged();
    }
  };

  return (
    <Card className='gathering__seat gathering__pay' title={S.payTitle} description={reg.promotedAt ? undefined : S.payHint}>
      {reg.promotedAt && reg.holdExpiresAt && <Notice tone='privacy' title={S.promotedTitle}>{S.promotedPay(formatDateTime(reg.holdExpiresAt))}</Notice>}
      <View className='gathering__fact'>
        <Text className='gathering__fact-label'>{S.priceLabel}</Text>
        <Text className='gathering__fact-value'>{S.price(g.price)}</Text>
      </View>
      <View className='gathering__fact'>
        <Text className='gathering__fact-label'>{S.paidLabel}</Text>
        <Text className='gathering__fact-value gathering__due'>{S.price(due)}</Text>
      </View>
      <View className='gathering__timer' ariaRole='timer' ariaLabel={left > 0 ? S.holdLeft(clock(left)) : S.holdOver}>
        <Text>{left > 0 ? S.holdLeft(clock(left)) : S.holdOver}</Text>
      </View>
      {note && <Notice tone='warning'>{note}</Notice>}
      <Button onClick={pay} busy={busy} disabled={left === 0}>
        {busy ? S.paying : S.payNow(due)}
      </Button>
      <Button variant='quiet' busy={cancelBusy} onClick={onCancel}>{S.cancel}</Button>
    </Card>
  );
}
