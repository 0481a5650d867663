import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface Column {
  key: string;
  label: string;
}
export interface Row {
  key: string;
  /** The row's name (first column). */
  label: string;
  cells: Record<string, ReactNode>;
  /** `data-cell` prefix for a cell: `<row>:<column>` (tests read cells by it). */
  cellId?: string;
}

/**
 * A table of figures that never scrolls sideways (staff pages): from 600 CSS px it is a fixed-layout table whose columns share the width (cells
 * wrap); under 600 px each row becomes a card of "column: value" lines (staff pages on a phone).
 */
export function Table({ head, columns, rows, className, label }: { head: string; columns: Column[]; rows: Row[]; className?: string; label?: string }) {
  return (
    <View className={`rtable ${className ?? ''}`} ariaRole='table' ariaLabel={label}>
      <View className='rtable__tr rtable__tr--head' ariaRole='row'>
        <View className='rtable__th' ariaRole='columnheader'><Text>{head}</Text></View>
        {columns.map((c) => (
          <View key={c.key} className='rtable__th' ariaRole='columnheader'><Text>{c.label}</Text></View>
        ))}
      </View>
      {rows.map((r) => (
        <View key={r.key} className='rtable__tr' data-row={r.key} ariaRole='row'>
          <View className='rtable__td rtable__td--name' ariaRole='rowheader'><Text>{r.label}</Text></View>
          {columns.map((c) => (
            <View key={c.key} className='rtable__td' ariaRole='cell' data-label={c.label} data-cell={`${r.cellId ?? r.key}:${c.key}`}>
              <Text className='rtable__mobile-label'>{c.label}</Text>
              <Text className='rtable__value'>{r.cells[c.key] as string}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
