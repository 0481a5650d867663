import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Card, Notice } from '../../components';
import { holdClock, useHoldCountdown, usePayAction } from '../payment/hold';
import { payBooking } from '../payment/pay';
import type { Booking } from './api';
import { PriceRows } from './PriceRows';
import { BOOKING_STRINGS as S } from './strings';

/**
 * A paid consult on hold: what it costs, how long the slot is kept, and the WeChat Pay button. `onPaid` re-reads
 * the booking (only WeChat Pay's notice confirms it); `onExpired` when the countdown reaches zero.
 */
export function PayPanel({ booking, onPaid, onExpired }: { booking: Booking; onPaid: () => void; onExpired: () => void }) {
  const left = useHoldCountdown(booking.holdExpiresAt, onExpired);
  const { busy, note, pay } = usePayAction((returnTo) => payBooking(booking.id, returnTo), { cancelled: S.payCancelled, unavailable: S.payInWechat, errors: S.errors }, {
    onPaid,
    onRefused: (code) => {
      if (code === 'hold_expired') onExpired();
    },
  });

  return (
    <Card className='pay-panel' title={S.payCardTitle}>
      <PriceRows price={booking.price} voucherValue={booking.voucherValue ?? 0} />
      <View className='pay-panel__timer' ariaRole='timer' ariaLabel={S.holdLeft(holdClock(left))}>
        <Text>{S.holdLeft(holdClock(left))}</Text>
      </View>
      {note && <Notice tone='warning'>{note}</Notice>}
      <Button onClick={pay} busy={busy} disabled={left === 0} className='pay-panel__pay'>
        {busy ? S.paying : S.payNow(booking.amountDue)}
      </Button>
      <Text className='book-panel__note'>{S.amountDueNote}</Text>
    </Card>
  );
}

/** Where the consult happens: the address, or online with the meeting link once the booking stands. */
export function PlaceRow({ booking }: { booking: Booking }) {
  const c = booking.consult;
  if (!c) return null;
  const copy = async (link: string) => {
    await Taro.setClipboardData({ data: link });
    Taro.showToast({ title: S.linkCopied, icon: 'none' });
  };
  return (
    <View className='book-panel__row place-row'>
      <Text className='book-panel__label'>{S.place}</Text>
      {c.mode === 'in_person' ? (
        <Text className='book-panel__value'>{c.address}</Text>
      ) : (
        <View className='place-row__online'>
          <Text className='book-panel__value'>{S.online}</Text>
          {c.link ? (
            <>
              <Text className='place-row__link' selectable>{c.link}</Text>
              <Button variant='quiet' block={false} onClick={() => copy(c.link!)}>
                {S.copyLink}
              </Button>
            </>
          ) : (
            <Text className='place-row__hint'>{S.linkAfterPay}</Text>
          )}
        </View>
      )}
    </View>
  );
}
