import { View, Text } from '@tarojs/components';
import type { PropsWithChildren } from 'react';

export type NoticeTone = 'info' | 'privacy' | 'warning';

const ICONS: Record<NoticeTone, string> = { info: 'i', privacy: '✓', warning: '!' };

/** A quiet boxed note: privacy promises, “this is a screen, not a diagnosis”, and the like. */
export function Notice({ tone = 'info', title, children }: PropsWithChildren<{ tone?: NoticeTone; title?: string }>) {
  return (
    <View className={`rp-notice rp-notice--${tone}`}>
      <Text className='rp-notice__icon'>{ICONS[tone]}</Text>
      <View className='rp-notice__content'>
        {title && <Text className='rp-notice__title'>{title}</Text>}
        <Text className='rp-notice__text'>{children}</Text>
      </View>
    </View>
  );
}
