import { Text, View } from '@tarojs/components';
import { BOOKING_STRINGS as S } from './strings';

/** 原价 / 券抵扣 / 实付 of a paid consult (whole yuan; the voucher never takes it below zero). */
export function PriceRows({ price, voucherValue }: { price: number; voucherValue: number }) {
  const off = Math.min(price, Math.max(0, voucherValue));
  return (
    <View className='book-panel__rows price-rows'>
      <View className='book-panel__row'>
        <Text className='book-panel__label'>{S.originalPrice}</Text>
        <Text className='book-panel__value'>{S.price(price)}</Text>
      </View>
      <View className='book-panel__row'>
        <Text className='book-panel__label'>{S.voucherOff}</Text>
        <Text className='book-panel__value'>{off > 0 ? `−${S.price(off)}` : S.price(0)}</Text>
      </View>
      <View className='book-panel__row'>
        <Text className='book-panel__label'>{S.toPay}</Text>
        <Text className='book-panel__value book-panel__price price-rows__due'>{S.price(price - off)}</Text>
      </View>
    </View>
  );
}
