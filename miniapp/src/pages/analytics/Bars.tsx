import { Text, View } from '@tarojs/components';

/** A count, a suppressed small count, or "—" (not measurable yet: no bar). */
export type Shown = number | '<5' | '—';

/**
 * Horizontal bars drawn with plain views (no chart library: the pages stay small). A suppressed "<5" cell is
 * drawn as a short hatched stub, so nobody can read an exact small number off the bar length either.
 */
export function Bars({ rows, max }: { rows: { label: string; value: Shown; note?: string; id?: string }[]; max?: number }) {
  const top = max ?? Math.max(1, ...rows.map((r) => (typeof r.value === 'number' ? r.value : 0)));
  return (
    <View className='bars'>
      {rows.map((r) => {
        const suppressed = r.value === '<5';
        const width = suppressed ? 2 : typeof r.value !== 'number' ? 0 : Math.max(r.value ? 1 : 0, Math.round((r.value / top) * 100));
        return (
          <View key={r.label} className='bars__row' data-bar={r.id ?? r.label}>
            <Text className='bars__label'>{r.label}</Text>
            <View className='bars__track'>
              <View className={`bars__fill ${suppressed ? 'bars__fill--suppressed' : ''}`} style={{ width: `${width}%` }} />
            </View>
            <Text className='bars__value'>{String(r.value)}</Text>
            {r.note !== undefined && <Text className='bars__note'>{r.note}</Text>}
          </View>
        );
      })}
    </View>
  );
}
