import { Text, View } from '@tarojs/components';
import { Button, Card, Notice } from '../../components';
import { formatDateTime } from '../../utils/time';
import { holdClock, useHoldCountdown, usePayAction } from '../payment/hold';
import { paySeat, waitForStatus } from '../payment/pay';
import { gatheringApi, type Gathering } from './api';
import { GATHERING_STRINGS as S } from './strings';

/**
 * A seat held at a priced gathering: 价格 / 实付, how long the seat is kept, and the WeChat Pay button (H5: the
 * stand-in's 模拟微信支付 page). Only WeChat Pay's notice confirms the seat, so `onChanged` re-reads the page.
 */
export function SeatPay({ g, onChanged, onCancel, cancelBusy }: { g: Gathering; onChanged: () => void; onCancel: () => void; cancelBusy: boolean }) {
  const reg = g.myRegistration!;
  const left = useHoldCountdown(reg.holdExpiresAt);
  const due = reg.amountDue ?? g.price;
  const { busy, note, pay } = usePayAction((returnTo) => paySeat(g.id, returnTo), { cancelled: S.payCancelled, unavailable: S.payInWechat, errors: S.errors }, {
    // WeChat accepted it; the seat is confirmed by the notice, a moment later.
    onPaid: async () => {
      await waitForStatus(() => gatheringApi.get(g.id), (x) => x.myRegistration?.status !== 'pending_payment');
      onChanged();
    },
    onRefused: (code) => {
      if (code === 'hold_expired' || code === 'not_pending') onChanged();
    },
  });

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
      <View className='gathering__timer' ariaRole='timer' ariaLabel={left > 0 ? S.holdLeft(holdClock(left)) : S.holdOver}>
        <Text>{left > 0 ? S.holdLeft(holdClock(left)) : S.holdOver}</Text>
      </View>
      {note && <Notice tone='warning'>{note}</Notice>}
      <Button onClick={pay} busy={busy} disabled={left === 0}>
        {busy ? S.paying : S.payNow(due)}
      </Button>
      <Button variant='quiet' busy={cancelBusy} onClick={onCancel}>{S.cancel}</Button>
    </Card>
  );
}
