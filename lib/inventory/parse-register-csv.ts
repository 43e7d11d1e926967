import 'server-only';
import { CsvError, parse } from 'csv-parse/sync';
import { Invalid, UnsupportedMediaType, type FieldIssue } from '@/lib/errors';
import { clipped, textProblem, withoutBidiControls } from '@/lib/http/well-formed';
import { plural } from '@/lib/words';
import { REGISTER_COLUMNS, REGISTER_LIMITS, type RegisterField } from './register-columns';

/** One data row: its first line in the file (a quoted cell may span lines) and its cells by field, trimmed. */
export type RegisterRow = { line: number; cells: Partial<Record<RegisterField, string>> };
export type ParsedRegister = { rows: RegisterRow[]; ignoredColumns: string[] };

const normalHeader = (header: string) => header.trim().toLowerCase().replace(/\s+/g, ' ');
const FIELD_BY_HEADER = new Map(REGISTER_COLUMNS.flatMap((c) => c.headers.map((h) => [normalHeader(h), c.field] as const)));
const HEADER_OF = new Map(REGISTER_COLUMNS.map((c) => [c.field, c.headers[0]]));
export const headerOf = (field: RegisterField) => HEADER_OF.get(field)!;

/** A spreadsheet export (ours included) puts an apostrophe before text a spreadsheet would run as a formula. */
const unneutralised = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function decode(bytes: Uint8Array) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Invalid('The file is not well-formed UTF-8. Save the spreadsheet as "CSV UTF-8" and try again.');
  }
}

/**
 * Excel saves "CSV" with semicolons where the decimal separator is a comma (most of the EU): the header row says which.
 * Its cells are names, so a header with more semicolons than commas is read as semicolon-separated.
 */
function delimiterOf(text: string) {
  const end = text.indexOf('\n');
  const header = end === -1 ? text : text.slice(0, end);
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function records(text: string): { record: string[]; line: number }[] {
  try {
    // One line end for all (a cell's own line breaks too), so every line number counts the lines a spreadsheet shows.
    const rows: { record: string[]; line: number }[] = [];
    const normalised = text.replace(/\r\n?/g, '\n');
    parse(normalised, {
      bom: true,
      delimiter: delimiterOf(normalised),
      skip_empty_lines: true,
      // A spreadsheet saves the empty rows under its table as bare separators (",,,"): they are no system.
      skip_records_with_empty_values: true,
      record_delimiter: '\n',
      // `lines` counts up to the record's last line: its first is as many lines up as its cells hold line breaks.
      on_record: (record: string[], { lines }) => void rows.push({ record, line: lines - record.join('').split('\n').length + 1 }),
    });
    return rows;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new Invalid(`The file is not valid CSV${line ? ` at line ${line}` : ''}: ${error.message.replace(/ (on|at) line \d+.*$/, '')}. Nothing was imported.`);
    }
    throw error;
  }
}

/** The answer names the first few columns it left out, each as text safe to show whatever the file held. */
const IGNORED_HEADINGS_NAMED = 20;
const shownHeading = (heading: string) => clipped(withoutBidiControls(heading.replaceAll('\u0000', '').trim()), 80);

/** Which field each column fills (null: ignored), refusing a register without a required column or with one twice. */
function columnsOf(header: string[]) {
  const fields = header.map((h) => FIELD_BY_HEADER.get(normalHeader(h)) ?? null);
  const issues: FieldIssue[] = [];
  for (const column of REGISTER_COLUMNS) {
    const at = fields.flatMap((f, i) => (f === column.field ? [i] : []));
    if (at.length > 1) issues.push({ path: column.headers[0], message: `Given ${at.length} times (${at.map((i) => `"${header[i]}"`).join(', ')}); keep one.` });
    if (at.length === 0 && column.required) issues.push({ path: column.headers[0], message: `The register has no "${column.headers[0]}" column.` });
  }
  if (issues.length) throw new Invalid('The header row does not describe a register Provenant can import. Nothing was imported.', issues);
  const ignored = header.filter((h, i) => fields[i] === null && h.trim() !== '');
  return { fields, ignoredColumns: ignored.slice(0, IGNORED_HEADINGS_NAMED).map(shownHeading) };
}

/**
 * A register file (bytes as uploaded) to rows of cells by field. Refused whole (400) when it is not UTF-8, not CSV,
 * has no data row or more than REGISTER_LIMITS.rows, lacks a required column, or holds text the app never keeps.
 */
export function parseRegisterCsv(bytes: Uint8Array): ParsedRegister {
  const [head, ...body] = records(decode(bytes));
  if (!head) throw new Invalid('The file is empty: a header row and one row per AI system are expected.');
  const { fields, ignoredColumns } = columnsOf(head.record);
  if (body.length === 0) throw new Invalid('The file has a header row but no AI system under it.');
  if (body.length > REGISTER_LIMITS.rows) throw new Invalid(`The file lists ${plural(body.length, 'row')}; import at most ${plural(REGISTER_LIMITS.rows, 'row')} at a time.`);
  const issues: FieldIssue[] = [];
  const rows = body.map(({ record, line }): RegisterRow => {
    const cells: RegisterRow['cells'] = {};
    record.forEach((raw, i) => {
      const field = fields[i];
      if (!field) return;
      const cell = unneutralised(raw.trim());
      const problem = textProblem(cell);
      if (problem) issues.push({ path: `line ${line}, ${headerOf(field)}`, message: `The cell ${problem}.` });
      else if (cell !== '') cells[field] = cell;
    });
    return { line, cells };
  });
  if (issues.length) refuseRegister('Some cells hold text that cannot be kept. Nothing was imported.', issues);
  return { rows, ignoredColumns };
}

/** Refuses a register with its problems, the first REGISTER_LIMITS.issuesShown of them listed (and said to be). */
export function refuseRegister(message: string, issues: FieldIssue[]): never {
  const shown = issues.slice(0, REGISTER_LIMITS.issuesShown);
  throw new Invalid(`${message}${issues.length > shown.length ? ` The first ${shown.length} are listed.` : ''}`, shown);
}

/** CSV as browsers and tools label it (Windows names a .csv "application/vnd.ms-excel"), or no type at all. */
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel']);

export function assertRegisterContentType(header: string | null) {
  if (header === null) return;
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (!CSV_TYPES.has(type)) throw new UnsupportedMediaType(`Send the register as CSV (Content-Type: text/csv); it was sent as ${type ? `"${type.slice(0, 100)}"` : 'an empty type'}. Nothing was imported.`);
}
