import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { BAND_TEXT, INSTRUMENTS } from '../../../../shared/selftest/instruments';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { ApiError, friendlyMessage } from '../../api/client';
import { Button, Card, Notice, tappable } from '../../components';
import { selftestApi } from '../selftest/api';
import { bookingApi, newIdempotencyKey, type Booking } from './api';
import { whenLabel } from './format';
import { PriceRows } from './PriceRows';
import { BOOKING_STRINGS as S } from './strings';

/** What a voucher picker (from the referral capability) reports: the chosen voucher and its value, or none. */
export interface VoucherChoice {
  id: string;
  value: number;
}

export interface BookPanelProps {
  slot: { id: string; start: string; end: string; price?: number };
  counselorName: string;
  /** Optional voucher picker for paid consults; receives the price and reports the choice. */
  renderVoucherPicker?: (props: { price: number; onChange: (choice: VoucherChoice | undefined) => void }) => ReactNode;
  onCancel: () => void;
  onBooked: (booking: Booking) => void;
}

/**
 * Asks for the one-time subscription grant for the reminder (weapp only) and records it. Declining, or H5,
 * simply means no reminder: the booking itself never depends on it.
 */
async function askForReminder(booking: Booking): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return;
  try {
    const { reminderTemplateId } = await bookingApi.settings();
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [reminderTemplateId], entityIds: [] } as any)) as unknown as Record<string, string>;
    if (res[reminderTemplateId] === 'accept') await bookingApi.grantReminder(booking.id, reminderTemplateId);
  } catch {
    /* no reminder: fine */
  }
}

/** The confirm step for one slot: what, when, with whom, the price, and the explicit share toggle (off). */
export function BookPanel({ slot, counselorName, renderVoucherPicker, onCancel, onBooked }: BookPanelProps) {
  const [latest, setLatest] = useState<SelftestResult | null | undefined>(undefined);
  const [share, setShare] = useState(false);
  const [voucher, setVoucher] = useState<VoucherChoice | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // One key per chosen slot: tapping again after a network error returns the first answer, never a second booking.
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    selftestApi
      .myResults()
      .then((r) => setLatest(r.items[0] ?? null))
      .catch(() => setLatest(null));
  }, []);

  const price = slot.price ?? 0;
  const due = Math.max(0, price - (voucher?.value ?? 0));

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      const booking = await bookingApi.book(
        { slotId: slot.id, ...(voucher ? { voucherId: voucher.id } : {}), ...(share && latest ? { shareResultId: latest.id } : {}) },
        key.current,
      );
      await askForReminder(booking);
      onBooked(booking);
    } catch (err) {
      setError(err instanceof ApiError && S.errors[err.code] ? S.errors[err.code] : friendlyMessage(err));
      setBusy(false);
    }
  };

  return (
    <Card className='book-panel' title={S.confirmTitle}>
      <View className='book-panel__rows'>
        <View className='book-panel__row'>
          <Text className='book-panel__label'>{S.when}</Text>
          <Text className='book-panel__value'>{whenLabel(slot.start, slot.end)}</Text>
        </View>
        <View className='book-panel__row'>
          <Text className='book-panel__label'>{S.counselor}</Text>
          <Text className='book-panel__value'>{counselorName}</Text>
        </View>
        {!price && (
          <View className='book-panel__row'>
            <Text className='book-panel__label'>{S.amountDue}</Text>
            <Text className='book-panel__value book-panel__price'>{S.free}</Text>
          </View>
        )}
      </View>
      {price > 0 && renderVoucherPicker?.({ price, onChange: setVoucher })}
      {price > 0 && <PriceRows price={price} voucherValue={voucher?.value ?? 0} />}
      {price > 0 && <Text className='book-panel__note'>{due > 0 ? S.amountDueNote : S.fullyCovered}</Text>}

      <View
        className={`book-panel__share ${share ? 'book-panel__share--on' : ''}`}
        {...tappable({ onClick: () => latest && setShare(!share), role: 'checkbox', pressed: share, label: S.shareToggle, disabled: !latest })}
        onClick={() => latest && setShare(!share)}
      >
        <View className='book-panel__share-text'>
          <Text className='book-panel__share-title'>{S.shareToggle}</Text>
          <Text className='book-panel__share-hint'>
            {latest === null
              ? S.shareNone
              : latest && share
                ? S.shareLatest(INSTRUMENTS[latest.instrument].title, BAND_TEXT[latest.band].label)
                : S.shareHint}
          </Text>
        </View>
        <View className={`rp-switch ${share ? 'rp-switch--on' : ''} ${latest ? '' : 'rp-switch--disabled'}`}>
          <View className='rp-switch__knob' />
        </View>
      </View>

      {error && (
        <Notice tone='warning'>{error}</Notice>
      )}
      <View className='book-panel__actions'>
        <Button onClick={submit} busy={busy} className='book-panel__confirm'>
          {busy ? S.booking : S.book}
        </Button>
        <Button variant='quiet' onClick={onCancel}>
          {S.cancelPick}
        </Button>
      </View>
    </Card>
  );
}
