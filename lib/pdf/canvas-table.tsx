import path from 'node:path';
import { Canvas } from '@react-pdf/renderer';
import { FONT_DIR, FONT_FILES } from './fonts';
import { postscriptNameOf, textWidth, type TextFace } from './measure';
import { cellKind, DENSITY, lineHeightOf, resolveColumnWidths, specFor, type LaidOutRow, type PdfColumn, type TableDensity } from './table-layout';
import { contentWidth, theme } from './theme';

/** Liberation's vertical metrics (em): a line's glyphs are centred in its line box from these. */
const ASCENT = 0.905;
const DESCENT = 0.212;

const fontPath = (face: TextFace) => path.join(/* turbopackIgnore: true */ FONT_DIR, FONT_FILES[face]);

/**
 * Selects a face on the painter. pdfkit caches an embedded font under its PostScript name but never under the path
 * it was opened from once that name is known, so selecting by path re-reads and re-parses the file every time
 * (seconds over a long document). Select by name; only the first use in a document opens the file.
 */
function selectFont(painter: Painter, face: TextFace) {
  try {
    painter.font(postscriptNameOf(face));
  } catch {
    painter.font(fontPath(face));
  }
}

/** The part of react-pdf's canvas painter (pdfkit methods, chainable) this table uses. */
type Painter = {
  font: (src: string) => Painter;
  fontSize: (size: number) => Painter;
  fillColor: (color: string) => Painter;
  text: (text: string, x: number, y: number, options: Record<string, unknown>) => Painter;
  rect: (x: number, y: number, width: number, height: number) => Painter;
  fill: (color: string) => Painter;
  moveTo: (x: number, y: number) => Painter;
  lineTo: (x: number, y: number) => Painter;
  lineWidth: (width: number) => Painter;
  stroke: (color: string) => Painter;
};

export type CanvasTableProps<Row> = {
  columns: PdfColumn<Row>[];
  rows: Row[];
  /** The rows wrapped by `layoutRow`, in the same order. */
  laidOut: LaidOutRow[];
  header: LaidOutRow;
  density?: TableDensity;
  /** Index of the first row in the whole table: zebra stripes continue across pages. */
  firstIndex?: number;
  /** Called when the page is painted: the generator reports progress from here. */
  onPaint?: () => void;
};

/** The height a CanvasTable of these rows takes on the page. */
export const canvasTableHeight = (header: LaidOutRow, rows: LaidOutRow[]) => header.height + rows.reduce((sum, row) => sum + row.height, 0);

/**
 * A table drawn straight onto the page (pdfkit text and rules) from rows already wrapped and measured: the same look
 * as PdfTable, but no flexbox or line-breaking work at render time, so registers of thousands of rows stay fast.
 */
export function CanvasTable<Row>({ columns, rows, laidOut, header, density = 'regular', firstIndex = 0, onPaint }: CanvasTableProps<Row>) {
  const widths = resolveColumnWidths(columns.map((column) => column.weight));
  const lineHeight = lineHeightOf(density);
  const padY = DENSITY[density].padY;
  const height = canvasTableHeight(header, laidOut);

  const drawLines = (painter: Painter, lines: string[][], top: number, kinds: (TextFace | 'bold')[], colors: string[]) => {
    let x = 0;
    lines.forEach((cellLines, index) => {
      const face = kinds[index] === 'bold' ? 'sansBold' : (kinds[index] as TextFace);
      const size = face === 'mono' ? DENSITY[density].mono : DENSITY[density].body;
      selectFont(painter, face);
      painter.fontSize(size).fillColor(colors[index] ?? theme.color.text);
      cellLines.forEach((line, lineIndex) => {
        const baseline = top + padY + lineIndex * lineHeight + (lineHeight - (ASCENT + DESCENT) * size) / 2 + ASCENT * size;
        const right = columns[index]?.align === 'right';
        const left = x + theme.cellPadding.x + (right ? widths[index]! - 2 * theme.cellPadding.x - textWidth(line, { face, size }) : 0);
        painter.text(line, left, baseline, { lineBreak: false, baseline: 'alphabetic' });
      });
      x += widths[index]!;
    });
  };

  const paint = (raw: unknown) => {
    const painter = raw as Painter;
    painter.rect(0, 0, contentWidth, header.height).fill(theme.color.headerFill);
    painter.moveTo(0, 0).lineTo(contentWidth, 0).lineWidth(0.75).stroke(theme.color.border);
    painter.moveTo(0, header.height).lineTo(contentWidth, header.height).lineWidth(0.75).stroke(theme.color.border);
    drawLines(painter, header.lines, 0, columns.map(() => 'bold'), []);
    let top = header.height;
    rows.forEach((row, index) => {
      const { height: rowHeight, lines, stripe } = laidOut[index]!;
      if ((stripe ?? firstIndex + index) % 2 === 1) painter.rect(0, top, contentWidth, rowHeight - 0.5).fill(theme.color.stripe);
      painter.moveTo(0, top + rowHeight - 0.25).lineTo(contentWidth, top + rowHeight - 0.25).lineWidth(0.5).stroke(theme.color.rule);
      drawLines(painter, lines, top, columns.map((column) => specFor(cellKind(column, row), density).face), columns.map((column) => column.color?.(row) ?? theme.color.text));
      top += rowHeight;
    });
    onPaint?.();
    return null;
  };

  return <Canvas style={{ width: contentWidth, height }} paint={paint} />;
}
