import { View, Text } from '@tarojs/components';
import type { PropsWithChildren, ReactNode } from 'react';
import { tappable } from './a11y';

/** Decoration a screen reader should skip (H5 attribute name; the mini-program ignores it). */
const HIDDEN = { 'aria-hidden': 'true' } as Record<string, string>;

export type CardTone = 'default' | 'soft' | 'accent' | 'crisis';

export interface CardProps {
  title?: string;
  /** A short line under the title. */
  description?: string;
  /** Small text at the top right, e.g. “即将开放”. */
  badge?: string;
  tone?: CardTone;
  /** Makes the whole card tappable and shows a chevron. */
  onClick?: () => void;
  footer?: ReactNode;
  /**
   * Accessible name of a tappable card. Defaults to its title and description when that is all it shows; a card with
   * more inside is named by everything it shows (a shorter name would hide visible text from voice control users).
   */
  label?: string;
  className?: string;
}

export function Card({ title, description, badge, tone = 'default', onClick, footer, label, className, children }: PropsWithChildren<CardProps>) {
  return (
    <View
      className={`rp-card rp-card--${tone} ${onClick ? 'rp-card--tappable' : ''} ${className ?? ''}`}
      hoverClass={onClick ? 'rp-card--pressed' : 'none'}
      {...(onClick ? tappable({ onClick, label: label ?? (children || footer ? undefined : [title, description].filter(Boolean).join('，')) }) : {})}
      onClick={onClick}
    >
      {(title || badge) && (
        <View className='rp-card__head'>
          {title && <Text className='rp-card__title'>{title}</Text>}
          {badge && <Text className='rp-card__badge'>{badge}</Text>}
          {onClick && !badge && <Text className='rp-card__chevron' {...HIDDEN}>›</Text>}
        </View>
      )}
      {description && <Text className='rp-card__description'>{description}</Text>}
      {children}
      {footer && <View className='rp-card__footer'>{footer}</View>}
    </View>
  );
}
