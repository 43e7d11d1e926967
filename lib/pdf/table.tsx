import { Text, View } from '@react-pdf/renderer';
import { PAGE_BODY_HEIGHT } from './flow';
import { styles, theme, contentWidth } from './theme';
import { cellKind, cellText, layoutRow, resolveColumnWidths, ROW_RULE, specFor, TABLE_GAP, type LaidOutRow, type PdfColumn } from './table-layout';

export { resolveColumnWidths, type PdfColumn } from './table-layout';

type PdfTableProps<Row> = {
  columns: PdfColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  width?: number;
  /** Printed in a single row when there are no rows, so an empty table is never mistaken for a rendering fault. */
  empty?: string;
  /** Rows already laid out (by a paginator); otherwise they are laid out here. */
  laidOut?: LaidOutRow[];
  /** Index of the first row in the whole table, for the zebra stripes of a table split over explicit pages. */
  firstIndex?: number;
};

const cellBox = (width: number, align: 'left' | 'right' = 'left') => ({
  width,
  paddingHorizontal: theme.cellPadding.x,
  paddingVertical: theme.cellPadding.y,
  textAlign: align,
});

/**
 * A table with explicit column widths whose header row is `fixed`, so it repeats at the top of every page the table
 * runs onto; rows split across a page break only when taller than a page, and cell text is wrapped by measurement,
 * never cut.
 */
export function PdfTable<Row>({ columns, rows, rowKey, width = contentWidth, empty = 'None recorded.', laidOut, firstIndex = 0 }: PdfTableProps<Row>) {
  const widths = resolveColumnWidths(columns.map((column) => column.weight), width);
  const layouts = laidOut ?? rows.map((row) => layoutRow(columns, widths, row));
  return (
    <View style={{ width, marginBottom: TABLE_GAP, borderTopWidth: 0.75, borderTopColor: theme.color.border }}>
      <View
        fixed
        // The header never stands alone at a page's foot: its first row goes with it.
        minPresenceAhead={layouts[0]?.height ?? 0}
        style={{ flexDirection: 'row', backgroundColor: theme.color.headerFill, borderBottomWidth: 0.75, borderBottomColor: theme.color.border }}
      >
        {columns.map((column, index) => (
          <Text key={column.title} style={[cellBox(widths[index]!, column.align), { fontWeight: 'bold', fontSize: theme.size.body, lineHeight: theme.lineHeight }]}>
            {column.title}
          </Text>
        ))}
      </View>
      {rows.length === 0 ? (
        <Text style={[cellBox(width), styles.muted]}>{empty}</Text>
      ) : (
        rows.map((row, rowIndex) => (
          <View
            key={rowKey(row, rowIndex)}
            // A row never splits across a page break, unless it is taller than a page (a record of 200 metrics).
            wrap={layouts[rowIndex]!.height > PAGE_BODY_HEIGHT}
            style={{
              flexDirection: 'row',
              borderBottomWidth: ROW_RULE,
              borderBottomColor: theme.color.rule,
              backgroundColor: (firstIndex + rowIndex) % 2 === 1 ? theme.color.stripe : undefined,
            }}
          >
            {columns.map((column, index) => {
              const spec = specFor(cellKind(column, row));
              const lines = layouts[rowIndex]!.lines[index] ?? [cellText(column.kind, null)];
              return (
                <Text
                  key={column.title}
                  style={[
                    cellBox(widths[index]!, column.align),
                    { fontSize: spec.size, lineHeight: theme.lineHeight, fontFamily: spec.face === 'mono' ? styles.mono.fontFamily : undefined },
                    spec.face === 'sansBold' ? { fontWeight: 'bold' } : {},
                    { color: column.color?.(row) ?? theme.color.text },
                  ]}
                >
                  {lines.join('\n')}
                </Text>
              );
            })}
          </View>
        ))
      )}
    </View>
  );
}
