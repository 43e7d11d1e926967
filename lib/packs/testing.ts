import fs from 'node:fs';
import yauzl from 'yauzl';
import { PDFParse } from 'pdf-parse';

/** Test support: every entry of a ZIP file, by name, read with yauzl (an independent reader), one entry at a time. */
export function readZipEntries(file: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(fs.readFileSync(file), { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** The text of each page of a PDF, extracted with pdf-parse. */
export async function readPdfPages(bytes: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

/** The MediaBox of every page object, as written ("0 0 595.280029 841.890015" for A4). */
export function pageBoxes(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((match) => match[1]!.trim().replace(/\s+/g, ' '));
}
