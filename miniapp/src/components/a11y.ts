/**
 * H5: makes a tappable view reachable with Tab and pressable with Enter or Space, like a native button
 * (the mini-program has no keyboard, so nothing is added there). Spread it onto the view: `<View {...keyboard(fn)}>`.
 */
export function keyboard(onPress?: () => void): Record<string, unknown> {
  if (process.env.TARO_ENV !== 'h5' || !onPress) return {};
  return {
    tabIndex: 0,
    onKeyDown: (e: { key: string; preventDefault(): void }) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onPress();
      }
    },
  };
}
