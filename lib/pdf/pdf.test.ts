import { Document, Page } from '@react-pdf/renderer';
import { createElement } from 'react';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { groupDigest } from './digest';
import { KeyValueList } from './key-value-list';
import { styles } from './theme';
import { splitLongWord } from './fonts';
import { renderPdfToBuffer } from './render-pdf';
import { SAMPLE_DIGEST, TestDocument } from './test-document';

async function readPages(pdf: Buffer) {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return result.pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

describe('PDF foundation', () => {
  it('lets a label / value row longer than a page run onto the next one, so no text is cut at the edge', async () => {
    const sentence = 'The model was not validated on applicants outside the EU and may underperform for thin-file customers. ';
    const long = `LIM-START ${sentence.repeat(78)}LIM-END`; // about 8,000 characters: a system's limitations may take that many
    const items = [{ key: 'Short', value: 'FIRST-ROW' }, { key: 'Limitations', value: long }, { key: 'After', value: 'LAST-ROW' }];
    const pages = await readPages(await renderPdfToBuffer(createElement(Document, null, createElement(Page, { size: 'A4', style: styles.page }, createElement(KeyValueList, { items })))));
    expect(pages.length).toBeGreaterThan(1);
    const text = pages.join('\n').replace(/\s+/g, ' ');
    // Every sentence is there, and the rows after it: nothing cut at the page's edge.
    expect(text.split('thin-file customers.').length - 1).toBe(78);
    for (const mark of ['FIRST-ROW', 'LIM-START', 'LIM-END', 'LAST-ROW']) expect(text).toContain(mark);
  });


  it('groups a digest in eights and splits only over-long tokens', () => {
    expect(groupDigest(SAMPLE_DIGEST).split(' ')).toHaveLength(8);
    expect(groupDigest(SAMPLE_DIGEST).replaceAll(' ', '')).toBe(SAMPLE_DIGEST);
    expect(splitLongWord('governance')).toEqual(['governance']);
    const uri = 's3://bucket/models/fraud-detector/v1/model.safetensors';
    expect(splitLongWord(uri).length).toBeGreaterThan(1);
    expect(splitLongWord(uri).join('')).toBe(uri);
    // An email address may end a line before its @, and at its dots, never inside a word of it.
    expect(splitLongWord('(dana.whitfield@example.com)')).toEqual(['(dana.', 'whitfield', '@example.', 'com)']);
    // The layout hyphenates a line that ends inside a piece: a record id is never cut, so never printed with a hyphen it lacks.
    for (const id of ['98f06f57-2b14-46bc-9603-e979be1215c8', '(98f06f57-2b14-46bc-9603-e979be1215c8).']) expect(splitLongWord(id)).toEqual([id]);
  });

  it('renders a multi-page table with its header on every page, page numbers and embedded fonts', async () => {
    const pdf = await renderPdfToBuffer(createElement(TestDocument, { rows: 120 }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await readPages(pdf);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((text, index) => {
      expect(text).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(text).toContain('SHA-256');
    });
    expect(pages.join('\n')).toContain(groupDigest(SAMPLE_DIGEST));
    expect(pages.at(-1)).toContain('End of rows.');
    // Fonts are embedded subsets of the repository's Liberation files, not references to host fonts.
    const raw = pdf.toString('latin1');
    expect([...raw.matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim())).toEqual(pages.map(() => '0 0 595.280029 841.890015'));
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSans/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationMono/);
  });
});
