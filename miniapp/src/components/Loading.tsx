import { View, Text } from '@tarojs/components';
import { COMPONENT_STRINGS } from './strings';

export function Loading({ text = COMPONENT_STRINGS.loading }: { text?: string }) {
  return (
    <View className='rp-loading'>
      <View className='rp-loading__dots'>
        <View className='rp-loading__dot' />
        <View className='rp-loading__dot' />
        <View className='rp-loading__dot' />
      </View>
      <Text className='rp-loading__text'>{text}</Text>
    </View>
  );
}
