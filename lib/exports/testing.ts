import { parse } from 'csv-parse/sync';

/**
 * Test support: the rows of a CSV as RFC 4180 has them (quoted fields, doubled quotes, line breaks inside quotes),
 * refusing a file whose records do not end with CRLF, so tests can check exported files by column name. Used by the
 * export tests and the CSV end-to-end specs only.
 */
export function parseCsv(text: string): string[][] {
  if (text !== '' && !text.endsWith('\r\n')) throw new Error('The CSV does not end with CRLF');
  return parse(text, { record_delimiter: '\r\n' });
}

/** The rows of a CSV (byte-order mark stripped) as objects keyed by the header row. */
export function readCsvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  for (const row of rows) if (row.length !== header.length) throw new Error(`A row has ${row.length} fields; the header has ${header.length}`);
  return { header, records: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]!]))) };
}
