import { wrapLines } from './measure';
import { canvasTableHeight } from './canvas-table';
import { layoutHeader, layoutRow, resolveColumnWidths, splitTallRow, TABLE_GAP, type LaidOutRow, type PdfColumn, type TableDensity } from './table-layout';
import { contentWidth, theme } from './theme';

/**
 * Explicit pagination: content is measured before rendering and cut into pages here, so react-pdf never has to
 * break long tables itself (it slows down faster than linearly doing that) and every page number is known up front.
 */
export const FLOW = {
  h1: { size: 15, lineHeight: 18.75, padTop: 6, after: 12 },
  h2: { size: 11, lineHeight: 13.75, padTop: 8, after: 4 },
  text: { size: theme.size.body, lineHeight: theme.size.body * theme.lineHeight, after: 6 },
  caption: { size: theme.size.small, height: 14 },
  /** A heading keeps at least this much of what follows on its page. */
  keepWithNext: 48,
} as const;

/** Usable height of a content page (A4 less margins and footer), with a little slack. */
export const PAGE_BODY_HEIGHT = theme.page.height - theme.page.marginTop - theme.page.marginBottom - 8;

type TableBlock = { kind: 'table'; title: string; columns: PdfColumn<never>[]; rows: unknown[]; laidOut: LaidOutRow[]; header: LaidOutRow; density: TableDensity };
export type FlowBlock =
  | { kind: 'heading'; level: 1 | 2; lines: string[]; height: number; anchor?: string; toc?: string }
  | { kind: 'text'; lines: string[]; height: number; muted?: boolean }
  | TableBlock;
export type FlowItem =
  | Exclude<FlowBlock, TableBlock>
  | { kind: 'caption'; text: string; height: number }
  | (TableBlock & { firstIndex: number; height: number });

export function heading(level: 1 | 2, text: string, options: { anchor?: string; toc?: string } = {}): FlowBlock {
  const spec = level === 1 ? FLOW.h1 : FLOW.h2;
  const lines = wrapLines(text, contentWidth, { face: 'sansBold', size: spec.size });
  return { kind: 'heading', level, lines, height: lines.length * spec.lineHeight + spec.padTop + spec.after, ...options };
}

export function paragraph(text: string, muted = false): FlowBlock {
  const lines = wrapLines(text, contentWidth - 2, { face: 'sans', size: FLOW.text.size });
  return { kind: 'text', lines, height: lines.length * FLOW.text.lineHeight + FLOW.text.after, muted };
}

export function table<Row>(title: string, columns: PdfColumn<Row>[], rows: Row[], density: TableDensity = 'regular'): FlowBlock {
  const widths = resolveColumnWidths(columns.map((column) => column.weight));
  const header = layoutHeader(columns, widths, density);
  // What one row may take on a page: below the header, a "(continued)" caption above it and the gap after the table.
  const roomForRow = PAGE_BODY_HEIGHT - header.height - FLOW.caption.height - TABLE_GAP;
  const pieces = rows.flatMap((row, index) => splitTallRow(layoutRow(columns, widths, row, density), roomForRow, density, index).map((laidOut) => ({ row, laidOut })));
  return { kind: 'table', title, columns: columns as PdfColumn<never>[], rows: pieces.map((p) => p.row), laidOut: pieces.map((p) => p.laidOut), header, density };
}

/**
 * What a heading keeps on its page: a table's header and first row with the gap that follows it (a table without
 * rows is never drawn, so what comes after it), a further heading with what that one keeps, or a paragraph's start
 * (a short one whole, with the table after it).
 */
function keptWithHeading(blocks: FlowBlock[], index: number): number {
  const block = blocks[index];
  if (!block) return 0;
  if (block.kind === 'table') return block.rows.length ? block.header.height + block.laidOut[0]!.height + TABLE_GAP : keptWithHeading(blocks, index + 1);
  if (block.kind === 'heading') return block.height + keptWithHeading(blocks, index + 1);
  // A short introduction ("12 findings, overdue first.") is kept whole, with the start of the table it introduces.
  if (block.height <= FLOW.keepWithNext && blocks[index + 1]?.kind === 'table') return block.height + keptWithHeading(blocks, index + 1);
  return Math.min(block.height, FLOW.keepWithNext);
}

/** Cuts blocks into pages; anchors map to the 0-based index of the content page their heading landed on. */
export function paginate(blocks: FlowBlock[], pageHeight = PAGE_BODY_HEIGHT) {
  const pages: FlowItem[][] = [[]];
  const anchors = new Map<string, number>();
  let used = 0;
  const newPage = () => {
    pages.push([]);
    used = 0;
  };
  const place = (item: FlowItem) => {
    pages.at(-1)!.push(item);
    used += item.height;
  };
  blocks.forEach((block, index) => {
    if (block.kind !== 'table') {
      const need = block.kind === 'heading' ? block.height + keptWithHeading(blocks, index + 1) : Math.min(block.height, FLOW.keepWithNext);
      if (used > 0 && used + need > pageHeight) newPage();
      if (block.kind === 'heading' && block.anchor) anchors.set(block.anchor, pages.length - 1);
      place(block);
      return;
    }
    if (block.rows.length === 0) return;
    let start = 0;
    while (start < block.rows.length) {
      let end = start;
      let height = block.header.height + TABLE_GAP;
      while (end < block.rows.length && used + height + block.laidOut[end]!.height <= pageHeight) height += block.laidOut[end++]!.height;
      if (end === start) {
        // Not even one row fits below what is already on the page: continue on a fresh page. On a page that holds
        // nothing else yet (or only its "continued" caption) no row can be too tall: table() cut those.
        if (pages.at(-1)!.every((item) => item.kind === 'caption')) throw new Error(`A row of "${block.title}" is taller than a page.`);
        newPage();
        place({ kind: 'caption', text: `${block.title} (continued)`, height: FLOW.caption.height });
        continue;
      }
      place({ ...block, rows: block.rows.slice(start, end), laidOut: block.laidOut.slice(start, end), firstIndex: start, height: canvasTableHeight(block.header, block.laidOut.slice(start, end)) + TABLE_GAP });
      start = end;
      if (start < block.rows.length) {
        newPage();
        place({ kind: 'caption', text: `${block.title} (continued)`, height: FLOW.caption.height });
      }
    }
  });
  return { pages, anchors };
}
