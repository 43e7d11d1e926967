import { Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import { theme } from './theme';

export type KeyValue = { key: string; value: ReactNode };

type KeyValueListProps = { items: KeyValue[]; keyWidth?: number };

/** Label / value rows; a row never splits across pages, and long values wrap inside their column. */
export function KeyValueList({ items, keyWidth = 130 }: KeyValueListProps) {
  return (
    <View style={{ marginBottom: 8 }}>
      {items.map((item) => (
        <View
          key={item.key}
          wrap={false}
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
