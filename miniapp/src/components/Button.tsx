import { View, Text } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { tappable } from './a11y';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger';

export interface ButtonProps {
  variant?: ButtonVariant;
  onClick?: () => void;
  disabled?: boolean;
  /** Shows the label dimmed and ignores taps while a request runs. */
  busy?: boolean;
  /** Full width (the default); `false` sizes the button to its label. */
  block?: boolean;
  selected?: boolean;
  /** The accessible name, when the label alone does not say what the button does. */
  label?: string;
  className?: string;
}

/**
 * A plain view styled as a button: the platform <Button> carries default borders and sizes that differ
 * between WeChat and H5, and none of them fit the calm look.
 */
export function Button({ variant = 'primary', onClick, disabled, busy, block = true, selected, label, className, children }: PropsWithChildren<ButtonProps>) {
  const inactive = disabled || busy;
  const classes = [
    'rp-button',
    `rp-button--${variant}`,
    block ? 'rp-button--block' : 'rp-button--inline',
    inactive ? 'rp-button--disabled' : '',
    selected ? 'rp-button--selected' : '',
    className ?? '',
  ].join(' ');
  return (
    <View
      className={classes}
      hoverClass={inactive ? 'none' : 'rp-button--pressed'}
      {...tappable({ onClick, label, disabled: inactive, pressed: selected })}
      onClick={inactive ? undefined : onClick}
    >
      <Text className='rp-button__label'>{children}</Text>
    </View>
  );
}
