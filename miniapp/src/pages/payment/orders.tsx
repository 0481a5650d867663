import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { friendlyMessage } from '../../api/client';
import { requireLogin } from '../../api/session';
import { Button, Card, Empty, ErrorState, Loading, Page } from '../../components';
import { formatDateTime } from '../../utils/time';
import { paymentApi, type Order } from './api';
import { ORDER_STATUS_TEXT, PAYMENT_STRINGS as S } from './strings';
import './payment.scss';

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <View className='receipt__row'>
      <Text className='receipt__label'>{label}</Text>
      <Text className={`receipt__value ${strong ? 'receipt__value--strong' : ''}`}>{value}</Text>
    </View>
  );
}

/** One receipt: what the consult cost, what the voucher took off, what was paid (and refunded), and when. */
function Receipt({ o }: { o: Order }) {
  // A complaint may give back part of what was paid: the badge says so rather than a plain 已退款.
  const partly = o.amountRefunded !== undefined && o.amountRefunded < o.amountPaid;
  const status = partly ? (o.status === 'refunded' ? S.partlyRefunded : S.partlyRefunding) : ORDER_STATUS_TEXT[o.status];
  // A seat at a gathering: its title and time, no voucher; the button opens the gathering.
  const seat = o.kind === 'gathering';
  return (
    <Card className='receipt'>
      <View className='receipt__head'>
        <Text className='receipt__title'>{seat ? o.title ?? '' : S.consult}</Text>
        <Text className={`receipt__status receipt__status--${o.status}`}>{status}</Text>
      </View>
      <Row label={seat ? S.gatheringAt : S.consultAt} value={formatDateTime(o.consultStart)} />
      <Row label={seat ? S.gatheringPrice : S.originalPrice} value={S.price(o.price)} />
      {o.voucherValue > 0 && <Row label={S.voucherOff} value={S.minus(o.voucherValue)} />}
      <Row label={S.paid} value={S.price(o.amountPaid)} strong />
      {o.paidAt && <Row label={S.paidAt} value={formatDateTime(o.paidAt)} />}
      {o.amountRefunded !== undefined && <Row label={S.refundAmount} value={S.minus(o.amountRefunded)} />}
      {o.refundedAt && <Row label={S.refundedAt} value={formatDateTime(o.refundedAt)} />}
      {o.refundReason === 'complaint' && <Text className='receipt__note'>{S.complaintRefund}</Text>}
      {o.status === 'refunded' && <Text className='receipt__note'>{S.refundNote}</Text>}
      {o.status === 'refund_pending' && <Text className='receipt__note'>{S.refundPendingNote}</Text>}
      <Text className='receipt__no'>{`${S.orderNo} ${o.outTradeNo}`}</Text>
      <Button
        variant='quiet'
        onClick={() => Taro.navigateTo({ url: seat ? `/pages/gathering/detail?id=${o.gatheringId}` : `/pages/booking/confirm?id=${o.bookingId}` })}
      >
        {seat ? S.viewGathering : S.viewBooking}
      </Button>
    </Card>
  );
}

/** 我的 → 订单: the client's receipts for paid consults, newest first. */
export default function OrdersPage() {
  const [items, setItems] = useState<Order[] | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    if (!requireLogin()) return;
    setError('');
    try {
      setItems((await paymentApi.orders()).items);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  useDidShow(() => {
    load();
  });

  return (
    <Page back title={S.ordersTitle} subtitle={S.ordersSubtitle}>
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={S.empty} description={S.emptyHint} action={<Button onClick={() => Taro.navigateTo({ url: '/pages/booking/paid' })}>{S.browsePaid}</Button>} />
      ) : (
        items.map((o) => <Receipt key={o.outTradeNo} o={o} />)
      )}
    </Page>
  );
}
