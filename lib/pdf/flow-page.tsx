import { Text, View } from '@react-pdf/renderer';
import { CanvasTable } from './canvas-table';
import { FLOW, type FlowItem } from './flow';
import { PageFrame, type FooterInfo } from './page-frame';
import { styles, theme } from './theme';

function FlowItemView({ item, onPaint }: { item: FlowItem; onPaint?: () => void }) {
  switch (item.kind) {
    case 'heading': {
      const spec = item.level === 1 ? FLOW.h1 : FLOW.h2;
      return (
        <View id={item.anchor} style={{ height: item.height, paddingTop: spec.padTop }}>
          <Text
            style={{
              fontSize: spec.size,
              lineHeight: spec.lineHeight / spec.size,
              fontWeight: 'bold',
              color: item.level === 1 ? theme.color.accent : theme.color.text,
              ...(item.level === 1 ? { borderBottomWidth: 1, borderBottomColor: theme.color.accent } : {}),
            }}
          >
            {item.lines.join('\n')}
          </Text>
        </View>
      );
    }
    case 'text':
      return (
        <View style={{ height: item.height }}>
          <Text style={[{ fontSize: FLOW.text.size, lineHeight: theme.lineHeight }, item.muted ? styles.muted : {}]}>{item.lines.join('\n')}</Text>
        </View>
      );
    case 'caption':
      return (
        <View style={{ height: item.height }}>
          <Text style={styles.small}>{item.text}</Text>
        </View>
      );
    case 'table':
      return (
        <View style={{ height: item.height }}>
          <CanvasTable columns={item.columns} rows={item.rows as never[]} laidOut={item.laidOut} header={item.header} density={item.density} firstIndex={item.firstIndex} onPaint={onPaint} />
        </View>
      );
  }
}

/** One explicitly paginated page: its items were measured to fit, so react-pdf never has to break it. */
export function FlowPage({ items, footer, onPaint }: { items: FlowItem[]; footer: FooterInfo; onPaint?: () => void }) {
  return (
    <PageFrame {...footer}>
      {items.map((item, index) => (
        <FlowItemView key={index} item={item} onPaint={onPaint} />
      ))}
    </PageFrame>
  );
}
