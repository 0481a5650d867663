import { View, Text } from '@tarojs/components';
import { Button } from './Button';
import { COMPONENT_STRINGS } from './strings';

export interface ErrorStateProps {
  title?: string;
  message?: string;
  onRetry?: () => void;
}

export function ErrorState({ title = COMPONENT_STRINGS.errorTitle, message = COMPONENT_STRINGS.errorDefault, onRetry }: ErrorStateProps) {
  return (
    <View className='rp-error' ariaRole='alert'>
      <Text className='rp-error__title'>{title}</Text>
      <Text className='rp-error__message'>{message}</Text>
      {onRetry && (
        <View className='rp-error__action'>
          <Button variant='secondary' block={false} onClick={onRetry}>
            {COMPONENT_STRINGS.retry}
          </Button>
        </View>
      )}
    </View>
  );
}
