import { View, Text } from '@tarojs/components';

export interface ProgressBarProps {
  /** Current step, 1-based. */
  value: number;
  max: number;
  /** Defaults to “value / max”. */
  label?: string;
}

export function ProgressBar({ value, max, label }: ProgressBarProps) {
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <View className='rp-progress'>
      <View className='rp-progress__track' ariaRole='progressbar' ariaLabel={label ?? `${value} / ${max}`}>
        <View className='rp-progress__fill' style={{ width: `${percent}%` }} />
      </View>
      <Text className='rp-progress__label'>{label ?? `${value} / ${max}`}</Text>
    </View>
  );
}
