import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { formatDate } from '../../utils/time';
import { usableVouchers, voucherApi, type WalletItem } from './api';
import { VOUCHER_STRINGS as S } from './strings';
import './voucher.scss';
import { tappable } from '../../components';

export interface VoucherPickerProps {
  price: number;
  onChange: (choice: { id: string; value: number } | undefined) => void;
}

/**
 * Lets the client apply one of their usable vouchers to a paid consult (booking page). Nothing is chosen
 * until they tap one; the server checks ownership, status and expiry again inside the booking transaction.
 */
export function VoucherPicker({ onChange }: VoucherPickerProps) {
  const [items, setItems] = useState<WalletItem[] | null>(null);
  const [chosen, setChosen] = useState<string | undefined>();

  useEffect(() => {
    voucherApi
      .wallet()
      .then((r) => setItems(usableVouchers(r.items)))
      .catch(() => setItems([]));
  }, []);

  const choose = (v: WalletItem | undefined) => {
    setChosen(v?.id);
    onChange(v ? { id: v.id, value: v.value } : undefined);
  };

  return (
    <View className='voucher-picker'>
      <Text className='voucher-picker__title'>{S.pickerTitle}</Text>
      {!items ? (
        <Text className='voucher-picker__hint'>{S.pickerLoading}</Text>
      ) : items.length === 0 ? (
        <Text className='voucher-picker__hint'>{S.pickerEmpty}</Text>
      ) : (
        <View className='voucher-picker__options' ariaRole='radiogroup'>
          {[undefined, ...items].map((v) => {
            const selected = chosen === v?.id;
            return (
              <View
                key={v?.id ?? 'none'}
                className={`voucher-picker__option ${selected ? 'voucher-picker__option--selected' : ''}`}
                {...tappable({ onClick: () => choose(v), role: 'radio', pressed: selected, label: v ? S.pickerOption(v.value, formatDate(v.expiresAt)) : S.pickerNone })}
                onClick={() => choose(v)}
              >
                <View className='voucher-picker__dot' />
                <Text className='voucher-picker__label'>{v ? S.pickerOption(v.value, formatDate(v.expiresAt)) : S.pickerNone}</Text>
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}
