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
  /** Per-row kind, for a column mixing prose and digests (e.g. a field/value list). */
  kindOf?: (row: Row) => CellKind;
};

export const cellKind = <Row>(column: PdfColumn<Row>, row: Row): CellKind => column.kindOf?.(row) ?? column.kind ?? 'text';

/** Column widths in points for a table of the given width. */
export function resolveColumnWidths(weights: number[], width = contentWidth): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (weight / total) * width);
}

/** Type sizes of a table: `regular` for documents like the AI Card, `dense` for long registers (audit events). */
export type TableDensity = 'regular' | 'dense';

export const DENSITY = {
  regular: { body: theme.size.body, mono: theme.size.mono, lineHeight: theme.lineHeight, padY: theme.cellPadding.y },
  dense: { body: 7, mono: 6.5, lineHeight: 1.3, padY: 2 },
} as const;

export function specFor(kind: CellKind = 'text', density: TableDensity = 'regular'): TextStyleSpec {
  const sizes = DENSITY[density];
  if (kind === 'mono' || kind === 'digest') return { face: 'mono', size: sizes.mono };
  return { face: kind === 'bold' ? 'sansBold' : 'sans', size: sizes.body };
}

/** Every line of a table has one height (the body size's), whatever the face, so rows line up across columns. */
export const lineHeightOf = (density: TableDensity = 'regular') => DENSITY[density].body * DENSITY[density].lineHeight;

/** Safety margin so rounding in the renderer never pushes a measured word onto another line. */
const SLACK = 1.5;

export function cellText(kind: CellKind | undefined, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  // Several digests in one cell (expected / actual) go one per line, each grouped on its own.
  return kind === 'digest' ? String(value).split(/\s+/).map((digest) => groupDigest(digest)).join('\n') : String(value);
}

/** `stripe`: the row's own index for its zebra stripe, where a row too tall for a page was cut into several. */
export type LaidOutRow = { lines: string[][]; height: number; stripe?: number };

/**
 * A row taller than `maxHeight` as several that each fit, its cells' lines cut at the same line numbers (a record of
 * 200 metrics runs over pages instead of failing the document); a row that fits, as it is.
 */
export function splitTallRow(row: LaidOutRow, maxHeight: number, density: TableDensity, stripe: number): LaidOutRow[] {
  if (row.height <= maxHeight) return [{ ...row, stripe }];
  const fixed = 2 * DENSITY[density].padY + ROW_RULE;
  const perPiece = Math.max(1, Math.floor((maxHeight - fixed) / lineHeightOf(density)));
  const total = Math.max(...row.lines.map((cell) => cell.length));
  const pieces: LaidOutRow[] = [];
  for (let start = 0; start < total; start += perPiece) {
    const lines = row.lines.map((cell) => cell.slice(start, start + perPiece));
    pieces.push({ lines, height: Math.max(1, ...lines.map((cell) => cell.length)) * lineHeightOf(density) + fixed, stripe });
  }
  return pieces;
}

/** Wraps every cell of a row to its column and returns the row's height in points. */
export function layoutRow<Row>(columns: PdfColumn<Row>[], widths: number[], row: Row, density: TableDensity = 'regular'): LaidOutRow {
  let lineCount = 1;
  const lines = columns.map((column, index) => {
    const inner = widths[index]! - 2 * theme.cellPadding.x - SLACK;
    const kind = cellKind(column, row);
    const cellLines = wrapLines(cellText(kind, column.cell(row)), inner, specFor(kind, density));
    lineCount = Math.max(lineCount, cellLines.length);
    return cellLines;
  });
  return { lines, height: lineCount * lineHeightOf(density) + 2 * DENSITY[density].padY + ROW_RULE };
}

/** The header row's height: titles are wrapped like cells (bold), so a narrow column's title never overflows. */
export function layoutHeader<Row>(columns: PdfColumn<Row>[], widths: number[], density: TableDensity = 'regular'): LaidOutRow {
  let lineCount = 1;
  const lines = columns.map((column, index) => {
    const cellLines = wrapLines(column.title, widths[index]! - 2 * theme.cellPadding.x - SLACK, { face: 'sansBold', size: DENSITY[density].body });
    lineCount = Math.max(lineCount, cellLines.length);
    return cellLines;
  });
  return { lines, height: lineCount * lineHeightOf(density) + 2 * DENSITY[density].padY + HEADER_RULE };
}

export const ROW_RULE = 0.5;
export const HEADER_RULE = 0.75;
/** Space below a table. */
export const TABLE_GAP = 10;
