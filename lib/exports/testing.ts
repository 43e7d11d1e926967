/**
 * Test support: an RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes), so tests can check
 * exported files by column name. Used by the export tests and e2e/csv-exports.spec.ts only.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"' && (quoted || field === '')) {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      throw new Error(`Bare carriage return at ${i}`);
    }
  }
  if (field !== '' || row.length > 0 || quoted) throw new Error('The CSV does not end with CRLF');
  return rows;
}

/** The rows of a CSV (byte-order mark stripped) as objects keyed by the header row. */
export function readCsvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  for (const row of rows) if (row.length !== header.length) throw new Error(`A row has ${row.length} fields; the header has ${header.length}`);
  return { header, records: rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]!]))) };
}
