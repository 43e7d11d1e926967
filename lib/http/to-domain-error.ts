import { z } from 'zod';
import { Conflict, DomainError, InsufficientStorage, Invalid, messagesOf, Unavailable, type FieldIssue } from '@/lib/errors';
import { plural } from '@/lib/words';
import { fieldsToCorrect } from './fields-to-correct';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/**
 * What is wrong with a date: "2026-13-45" has the shape but is no day of the calendar, which "Use a date as YYYY-MM-DD"
 * would not explain. For z.iso.date's `error`, and the error map's date format.
 */
export const isoDateMessage = (input: unknown) =>
  typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input} is not a day of the calendar: check the month (01 to 12) and the day.` : 'Use a date as YYYY-MM-DD.';
/** z.iso.date's parameter for that message. */
export const ISO_DATE_ERROR = { error: (issue: { input?: unknown }) => isoDateMessage(issue.input) };

const FORMATS: Record<string, string> = {
  email: 'Enter an email address such as name@example.com.',
  url: 'Enter a full web address, such as https://example.com.',
  datetime: 'Use a date and time as YYYY-MM-DDTHH:MM:SSZ.',
  uuid: 'Enter a valid identifier.',
};

const isEmpty = (input: unknown) => input === undefined || input === null || input === '';

/** Says what a number, text or list should be, for rules whose schema gave no message of its own. */
function boundMessage(issue: RawIssue & { origin: string }, bound: number | bigint, side: 'min' | 'max'): string {
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string') {
    if (side === 'min') return Number(bound) <= 1 ? 'Fill in this field.' : `Use at least ${plural(Number(bound), 'character')}.`;
    return `Use at most ${plural(Number(bound), 'character')}.`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') {
    if (side === 'min') return Number(bound) <= 1 ? 'Choose at least one.' : `Choose at least ${bound}.`;
    return `Choose at most ${bound}.`;
  }
  if (issue.origin === 'date') return side === 'min' ? 'Use a later date.' : 'Use an earlier date.';
  if (side === 'min') return inclusive ? `Enter a number of ${bound} or more.` : `Enter a number greater than ${bound}.`;
  return inclusive ? `Enter a number of ${bound} or less.` : `Enter a number less than ${bound}.`;
}

/**
 * The message a person reads for each kind of zod issue: what to enter, never zod's own wording
 * ("Too small: expected number to be >=1"). Used as the parse's error map, so a schema's own message still wins.
 */
export function plainIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'too_small':
      return boundMessage(issue, issue.minimum, 'min');
    case 'too_big':
      return boundMessage(issue, issue.maximum, 'max');
    case 'invalid_type':
      if (isEmpty(issue.input)) return 'Fill in this field.';
      if (issue.expected === 'int' || issue.expected === 'number') return issue.expected === 'int' ? 'Enter a whole number.' : 'Enter a number.';
      if (issue.expected === 'boolean') return 'Choose yes or no.';
      if (issue.expected === 'array') return 'Choose from the list.';
      return 'Enter text here.';
    case 'invalid_format':
      return issue.format === 'date' ? isoDateMessage(issue.input) : (FORMATS[issue.format] ?? 'Use the format shown in the hint.');
    case 'invalid_value':
      return issue.values.length <= 8 ? `Choose one of: ${issue.values.map(String).join(', ')}.` : 'Choose one of the options.';
    case 'not_multiple_of':
      return `Enter a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return `Not a field of this form: ${issue.keys.join(', ')}.`;
    default:
      return 'This value is not accepted.';
  }
}

/** "2 fields to correct.": counts fields, not issues, since one field may break two rules. */
function invalidInput(issues: FieldIssue[]): Invalid {
  return new Invalid(fieldsToCorrect(new Set(issues.map((i) => i.path)).size), issues);
}

/** Parses with plain messages (a schema's own message wins), so neither forms nor the API ever show zod's wording. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input, { error: plainIssueMessage });
  if (!parsed.success) throw invalidInput(fieldIssues(parsed.error));
  return parsed.data;
}

// PostgreSQL's SQLSTATEs beside SQLite's codes: 53100 disk_full; 23505 unique_violation; 40001 and 40P01 a
// serialization failure or deadlock; 25006 a read-only transaction (a standby), 57P0x a shutdown, 08xxx a lost connection.
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);
const DUPLICATE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
const BUSY = new Set(['SQLITE_BUSY', '40001', '40P01']);
const UNAVAILABLE = /^(SQLITE_READONLY|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_CORRUPT|SQLITE_NOTADB|SQLITE_LOCKED|EROFS|EIO|25006|57P0|08)/;
// 22021 and 22P05: the NUL character, which PostgreSQL text and jsonb cannot hold (22P02 for JSON: also a lone
// surrogate escape); 54000: a value too long to index.
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);
const INVALID_TEXT_REPRESENTATION = '22P02';
const TOO_LONG_TO_INDEX = '54000';

/** The error code of an SQLite, PostgreSQL or file-system error, also when a library wrapped it (drizzle keeps it as `cause`). */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * One mapping for every caller: typed errors pass through, constraint violations become conflicts, a full disk is
 * 507 and a read-only or failing one 503 (both changed nothing: the transaction rolled back), the rest is null.
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof z.ZodError) return invalidInput(fieldIssues(error));
  const code = systemCode(error);
  if (code && DUPLICATE.has(code)) return new Conflict('A record with the same identifying fields already exists.');
  if (code && BUSY.has(code)) return new Conflict('The database is busy; try again.');
  const unstorableJson = code === INVALID_TEXT_REPRESENTATION && /json/i.test(messagesOf(error));
  if (unstorableJson) return new Invalid('A JSON value holds a character this database cannot store (U+0000, or half of a surrogate pair); nothing was kept.');
  if (code && UNSTORABLE_TEXT.has(code)) return new Invalid('A text contains the NUL character (U+0000), which this database cannot store; nothing was kept.');
  if (code === TOO_LONG_TO_INDEX) return new Invalid('A value is too long to be looked up by; nothing was kept. Shorten it and try again.');
  if (code && FULL.has(code)) return new InsufficientStorage();
  if (code && UNAVAILABLE.test(code)) return new Unavailable('The server cannot store anything right now (its storage is read-only or failing); nothing was kept. Try again later.');
  return null;
}
