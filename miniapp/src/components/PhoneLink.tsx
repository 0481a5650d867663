import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PropsWithChildren } from 'react';

export interface PhoneLinkProps {
  /** As shown, e.g. “400-161-9995”; dashes are dropped for dialling. */
  phone: string;
  className?: string;
}

/**
 * Tap-to-call. In H5 a real `tel:` link, so the phone's dialler opens even where scripts are slow or blocked;
 * in the mini-program, `makePhoneCall` (the only way WeChat allows).
 */
export function PhoneLink({ phone, className, children }: PropsWithChildren<PhoneLinkProps>) {
  const digits = phone.replace(/[^\d+]/g, '');
  if (process.env.TARO_ENV === 'h5') {
    return (
      <a className={`rp-phone ${className ?? ''}`} href={`tel:${digits}`} data-phone={digits}>
        {children}
      </a>
    );
  }
  return (
    <View className={`rp-phone ${className ?? ''}`} onClick={() => Taro.makePhoneCall({ phoneNumber: digits })}>
      {children}
    </View>
  );
}
