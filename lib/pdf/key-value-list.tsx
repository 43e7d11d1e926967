import { Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import { theme } from './theme';

export type KeyValue = { key: string; value: ReactNode };

type KeyValueListProps = { items: KeyValue[]; keyWidth?: number };

/** Text past this many characters may run onto the next page: a row kept whole could be taller than a page. */
const LONG_TEXT_CHARS = 600;

/**
 * Label / value rows; long values wrap inside their column. A short row never splits across pages; a long text (a
 * system's limitations may take 8,000 characters) does, since a row kept whole and taller than the page is cut off.
 */
export function KeyValueList({ items, keyWidth = 130 }: KeyValueListProps) {
  return (
    <View style={{ marginBottom: 8 }}>
      {items.map((item) => (
        <View
          key={item.key}
          wrap={typeof item.value === 'string' && item.value.length > LONG_TEXT_CHARS}
          style={{ flexDirection: 'row', paddingVertical: 2, borderBottomWidth: 0.5, borderBottomColor: theme.color.rule }}
        >
          <Text style={{ width: keyWidth, flexShrink: 0, color: theme.color.muted, paddingRight: 8 }}>{item.key}</Text>
          <View style={{ flex: 1 }}>
            {typeof item.value === 'string' || typeof item.value === 'number' ? <Text>{item.value}</Text> : item.value ?? <Text>—</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
