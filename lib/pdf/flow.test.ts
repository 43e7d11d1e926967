import { describe, expect, it } from 'vitest';
import { heading, paginate, paragraph, table, type FlowBlock } from './flow';
import { TABLE_GAP } from './table-layout';

const rows = [{ name: 'accuracy', value: '0.91' }];
const fields = () => table('Fields', [{ title: 'Name', weight: 1, cell: (r: (typeof rows)[number]) => r.name }, { title: 'Value', weight: 1, cell: (r) => r.value }], rows);

const heightOf = (block: FlowBlock) => (block.kind === 'table' ? block.header.height + block.laidOut[0]!.height + TABLE_GAP : block.height);
const pageTexts = (pages: ReturnType<typeof paginate>['pages']) => pages.map((items) => items.map((item) => (item.kind === 'heading' ? item.lines.join(' ') : item.kind)));

describe('paginate', () => {
  it('moves a heading to the next page when its table’s first row (with the gap below it) would not follow it', () => {
    const filler = paragraph('Some text above.');
    const title = heading(1, '2.2 Retail credit scoring › credit-scorecard-gbm 3.2.0');
    const body = fields();
    // Room for the heading, the table's header and first row, but not for the gap the table is placed with.
    const pageHeight = heightOf(filler) + heightOf(title) + heightOf(body) - 1;
    const { pages } = paginate([filler, title, body], pageHeight);
    expect(pageTexts(pages)).toEqual([['text'], ['2.2 Retail credit scoring › credit-scorecard-gbm 3.2.0', 'table']]);
  });

  it('keeps a run of headings together with the first row that follows them', () => {
    const filler = paragraph('Some text above.');
    const section = heading(1, '2. Model versions');
    const version = heading(1, '2.1 Card fraud detection › fraud-detector 3.2.0');
    const body = fields();
    const pageHeight = heightOf(filler) + heightOf(section) + heightOf(version) + heightOf(body) - 1;
    const { pages } = paginate([filler, section, version, body], pageHeight);
    expect(pageTexts(pages)).toEqual([['text'], ['2. Model versions', '2.1 Card fraud detection › fraud-detector 3.2.0', 'table']]);
  });

  it('looks past a table without rows to what follows the heading', () => {
    const filler = paragraph('Some text above.');
    const title = heading(2, 'Lineage');
    const empty = table('Nothing', [{ title: 'Name', weight: 1, cell: () => '' }], []);
    const body = fields();
    const pageHeight = heightOf(filler) + heightOf(title) + heightOf(body) - 1;
    expect(pageTexts(paginate([filler, title, empty, body], pageHeight).pages)).toEqual([['text'], ['Lineage', 'table']]);
  });

  it('keeps a heading, its short introduction and the first row of the table it introduces together', () => {
    const filler = paragraph('Some text above.');
    const title = heading(2, 'Findings');
    const intro = paragraph('12 findings, overdue first.');
    const body = fields();
    // Room for the heading and the introduction, but not for the table's first row after them.
    const pageHeight = heightOf(filler) + heightOf(title) + heightOf(intro) + heightOf(body) - 1;
    expect(pageTexts(paginate([filler, title, intro, body], pageHeight).pages)).toEqual([['text'], ['Findings', 'text', 'table']]);
  });

  it('runs a row taller than a page over several pages, every line once and in order, one stripe for the whole row', () => {
    const metrics = Array.from({ length: 200 }, (_, i) => `metric_${i} 0.${i}`).join('\n');
    const records = [{ name: 'short', value: 'a' }, { name: 'fairness', value: metrics }, { name: 'after', value: 'b' }];
    const block = table('Evidence', [{ title: 'Name', weight: 1, cell: (r: (typeof records)[number]) => r.name }, { title: 'Metrics', weight: 3, cell: (r) => r.value }], records);
    if (block.kind !== 'table') throw new Error('a table');
    expect(block.laidOut.length).toBeGreaterThan(3);
    expect(block.laidOut.map((row) => row.stripe)).toEqual([0, ...block.laidOut.slice(1, -1).map(() => 1), 2]);
    const { pages } = paginate([block]);
    expect(pages.length).toBeGreaterThan(1);
    const printed = pages.flat().flatMap((item) => (item.kind === 'table' ? item.laidOut.flatMap((row) => row.lines[1]!) : []));
    expect(printed).toEqual(['a', ...metrics.split('\n'), 'b']);
  });
});
