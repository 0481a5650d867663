import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PropsWithChildren, ReactNode } from 'react';
import { tappable } from './a11y';
import { PrivacyPopup } from './PrivacyPopup';
import { COMPONENT_STRINGS } from './strings';

export interface PageProps {
  title?: string;
  subtitle?: string;
  /** Shows a quiet “返回” link above the title (H5 has no native back button). */
  back?: boolean;
  /** Rendered below the content, e.g. a primary action. */
  footer?: ReactNode;
  className?: string;
}

/** Goes back one page, or home when this page was opened directly (a shared link, a reload in H5). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack();
  else Taro.reLaunch({ url: '/pages/index/index' });
}

/** The shell of every page: a calm header and safe padding around the content. */
export function Page({ title, subtitle, back, footer, className, children }: PropsWithChildren<PageProps>) {
  return (
    <View className={`rp-page ${className ?? ''}`}>
      {(title || back) && (
        <View className='rp-page__header'>
          {back && (
            <View className='rp-page__back' {...tappable({ onClick: goBack, label: COMPONENT_STRINGS.back })} onClick={goBack}>
              <Text className='rp-page__back-arrow'>‹</Text>
              <Text>{COMPONENT_STRINGS.back}</Text>
            </View>
          )}
          {title && <Text className='rp-page__title'>{title}</Text>}
          {subtitle && <Text className='rp-page__subtitle'>{subtitle}</Text>}
        </View>
      )}
      <View className='rp-page__body'>{children}</View>
      {footer && <View className='rp-page__footer'>{footer}</View>}
      {/* WeChat asks for privacy consent on the page whose gated API call (clipboard, calendar) needs it. */}
      <PrivacyPopup />
    </View>
  );
}
