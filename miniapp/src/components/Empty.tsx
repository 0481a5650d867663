import { View, Text } from '@tarojs/components';
import type { ReactNode } from 'react';
import { COMPONENT_STRINGS } from './strings';

export interface EmptyProps {
  title?: string;
  description?: string;
  action?: ReactNode;
}

export function Empty({ title = COMPONENT_STRINGS.emptyTitle, description, action }: EmptyProps) {
  return (
    <View className='rp-empty'>
      <View className='rp-empty__ripple'>
        <View className='rp-empty__ring rp-empty__ring--outer' />
        <View className='rp-empty__ring rp-empty__ring--inner' />
      </View>
      <Text className='rp-empty__title'>{title}</Text>
      {description && <Text className='rp-empty__description'>{description}</Text>}
      {action && <View className='rp-empty__action'>{action}</View>}
    </View>
  );
}
