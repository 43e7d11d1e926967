/**
 * RFC 4180 CSV for spreadsheets: comma-separated, CRLF line ends, UTF-8 with a byte-order mark (so Excel reads the
 * accents in names), fields quoted only when they hold a quote, comma or line break.
 */
export type CsvValue = string | number | boolean | null | undefined;

export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvValue };

const BOM = '\uFEFF';

/** A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would evaluate gets a leading apostrophe so it is shown as typed. */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** One field: text is neutralised then quoted when needed; numbers and booleans are our own data, written as is. */
export function formatCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsvRow(values: CsvValue[]): string {
  return `${values.map(formatCsvField).join(',')}\r\n`;
}

/**
 * Streams a header row then every row the batches yield, pulling the next batch only when the reader wants more:
 * a large table is never held in memory whole.
 */
export function streamCsv<Row>(columns: CsvColumn<Row>[], batches: AsyncIterable<Row[]> | Iterable<Row[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<Row[]> | Iterator<Row[]> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM + formatCsvRow(columns.map((c) => c.header))));
    },
    async pull(controller) {
      iterator ??= Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : batches[Symbol.iterator]();
      const next = await iterator.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((row) => formatCsvRow(columns.map((c) => c.value(row)))).join('')));
    },
    cancel() {
      void iterator?.return?.();
    },
  });
}
