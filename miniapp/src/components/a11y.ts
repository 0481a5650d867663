/**
 * Props that make a plain View behave as a button for keyboards and screen readers in H5: a role, a name,
 * a place in the tab order, and Enter / Space to activate it. The mini-program's own accessibility reads
 * `aria-role` / `aria-label` and has no keyboard, so only those two go into the weapp build.
 */
export interface TappableOptions {
  onClick?: () => void;
  /** The accessible name when the visible text is not enough (e.g. a card whose title alone is vague). */
  label?: string;
  disabled?: boolean;
  /** For toggles: announced as pressed / not pressed. */
  pressed?: boolean;
  role?: 'button' | 'link' | 'tab' | 'radio' | 'checkbox';
}

type KeyEvent = { key?: string; preventDefault?: () => void };

export function tappable({ onClick, label, disabled, pressed, role = 'button' }: TappableOptions): Record<string, unknown> {
  if (process.env.TARO_ENV !== 'h5') return label ? { ariaRole: role, ariaLabel: label } : { ariaRole: role };
  // H5 renders custom elements: the plain ARIA attribute names (Taro renames ariaRole only in literal JSX).
  const props: Record<string, unknown> = { role };
  if (label) props['aria-label'] = label;
  if (disabled) props['aria-disabled'] = 'true';
  if (pressed !== undefined) props[role === 'button' ? 'aria-pressed' : 'aria-checked'] = pressed ? 'true' : 'false';
  props.tabIndex = disabled ? -1 : 0;
  props.onKeyDown = (e: KeyEvent) => {
    if (disabled || !onClick || (e.key !== 'Enter' && e.key !== ' ')) return;
    // Space would otherwise scroll the page.
    e.preventDefault?.();
    onClick();
  };
  return props;
}

/**
 * Keyboard only (Tab, then Enter or Space), for a view that already carries its role and name in its own JSX.
 * H5 only: the mini-program has no keyboard.
 */
export function keyboard(onPress?: () => void): Record<string, unknown> {
  if (process.env.TARO_ENV !== 'h5' || !onPress) return {};
  const { tabIndex, onKeyDown } = tappable({ onClick: onPress });
  return { tabIndex, onKeyDown };
}

/**
 * The accessible name of a form control (Input, Textarea, Switch). In H5 Taro renders a custom element around the
 * native control and keeps `ariaLabel` on the wrapper, where a screen reader on the native control never finds it;
 * `nativeProps` puts it on the control itself. The mini-program reads `aria-label` from `ariaLabel`.
 */
export function labelled(label: string): { ariaLabel: string; nativeProps: Record<string, string> } {
  return { ariaLabel: label, nativeProps: { 'aria-label': label } };
}

/** The text alternative of an Image: `alt` on H5's native img (Taro keeps `ariaLabel` on its wrapper), `aria-label` in WeChat. */
export function alt(text: string): { ariaLabel: string; nativeProps: Record<string, string> } {
  return { ariaLabel: text, nativeProps: { alt: text } };
}
