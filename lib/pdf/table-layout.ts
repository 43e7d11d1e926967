import { groupDigest } from './digest';
import { wrapLines, type TextStyleSpec } from './measure';
import { contentWidth, theme } from './theme';

export type CellKind = 'text' | 'bold' | 'mono' | 'digest';

export type PdfColumn<Row> = {
  title: string;
  /** Relative width; the table turns the weights into points so every column has an explicit width. */
  weight: number;
  kind?: CellKind;
  align?: 'left' | 'right';
  /** Plain text: it is wrapped here, by measurement, so a row's height is known before rendering. */
  cell: (row: Row) => string | number | null | undefined;
  /** Optional colour per row, e.g. pass/fail. */
  color?: (row: Row) => string | undefined;
};

/** Column widths in points for a table of the given width. */
export function resolveColumnWidths(weights: number[], width = contentWidth): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (weight / total) * width);
}

export function specFor(kind: CellKind = 'text'): TextStyleSpec {
  if (kind === 'mono' || kind === 'digest') return { face: 'mono', size: theme.size.mono };
  return { face: kind === 'bold' ? 'sansBold' : 'sans', size: theme.size.body };
}

/** Safety margin so rounding in the renderer never pushes a measured word onto another line. */
const SLACK = 1.5;

export function cellText(kind: CellKind | undefined, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return kind === 'digest' ? groupDigest(String(value)) : String(value);
}

export type LaidOutRow = { lines: string[][]; height: number };

/** Wraps every cell of a row to its column and returns the row's height in points. */
export function layoutRow<Row>(columns: PdfColumn<Row>[], widths: number[], row: Row): LaidOutRow {
  let height = 0;
  const lines = columns.map((column, index) => {
    const spec = specFor(column.kind);
    const inner = widths[index]! - 2 * theme.cellPadding.x - SLACK;
    const cellLines = wrapLines(cellText(column.kind, column.cell(row)), inner, spec);
    height = Math.max(height, cellLines.length * spec.size * theme.lineHeight);
    return cellLines;
  });
  return { lines, height: height + 2 * theme.cellPadding.y + ROW_RULE };
}

export const ROW_RULE = 0.5;
/** The header row: one line of bold body text (titles are kept short). */
export const HEADER_HEIGHT = theme.size.body * theme.lineHeight + 2 * theme.cellPadding.y + 0.75;
/** The table's top rule and bottom margin. */
export const TABLE_CHROME = 0.75 + 10;
