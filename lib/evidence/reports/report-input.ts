import { Invalid } from '@/lib/errors';
import { clipped, illFormedInputIssues, withoutBidiControls } from '@/lib/http/well-formed';

/**
 * Reading hostile report bytes: strict UTF-8, JSON that parses, well-formed strings, bounded depth, and typed field
 * access that throws Invalid naming the path (never a TypeError). Every refusal is on the `file` field.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function refuse(message: string, path = ''): never {
  throw new Invalid(`The report is malformed: ${message}${path ? ` (at ${path})` : ''}.`, [{ path: 'file', message: path ? `${path}: ${message}` : message }]);
}

/** A report that evaluated nothing or says its run failed: an unscanned artifact is not a clean one, so no evidence. */
export function refuseUnevaluated(reason: string): never {
  throw new Invalid(`The report shows no completed analysis: ${reason}. Nothing was recorded.`, [{ path: 'file', message: reason }]);
}

/** A SHA-256 the report names for its subject: 64 hex digits, kept lower-case. */
export function sha256At(value: Json | undefined, path: string): string {
  const text = requiredString(value, path).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(text)) refuse('a SHA-256 is 64 hexadecimal characters', path);
  return text;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text: invalid UTF-8 is refused, a leading BOM is dropped (PowerShell writes one). */
export function reportText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    refuse('it is not UTF-8 text');
  }
  if (text.trim() === '') refuse('the file is empty');
  return text;
}

/** One JSON document, checked for ill-formed strings, `__proto__` keys and absurd depth. */
export function parseJsonText(text: string, where = ''): Json {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    refuse(`it is not valid JSON (${error instanceof Error ? error.message.slice(0, 120).toWellFormed() : 'parse error'})`, where);
  }
  if (nestingDepth(text) > MAX_DEPTH || RISKY_ESCAPE.test(text)) {
    const issue = illFormedInputIssues(value, { bidi: false })[0];
    if (issue) refuse(issue.message.replace(/\.$/, ''), [where, issue.path].filter(Boolean).join('.'));
  }
  return value;
}

const MAX_DEPTH = 64;
/**
 * Strict UTF-8 text holds no lone surrogate or NUL, so parsed JSON can only get one (or a `__proto__` key) through a
 * \u escape of a surrogate or an ASCII character: only then (or when nested deep) is every string walked, which would
 * otherwise cost as much as the parse on a 50 MB scan. Bidirectional controls are not refused in a report (a model's
 * output in it may hold them): `shortText` removes them from whatever is kept.
 */
const RISKY_ESCAPE = /\\u(?:d[89a-f]|00[0-7])|"__proto__"|\d[eE]\+?\d{3}/i; // the last: an exponent that may overflow to Infinity

/** The deepest nesting of arrays and objects in JSON text, strings skipped; a linear scan, no allocation. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) deepest = Math.max(deepest, ++depth);
    else if (code === 93 || code === 125) depth--;
  }
  return deepest;
}

export const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function objectAt(value: Json | undefined, path: string): JsonObject {
  if (!isObject(value)) refuse('expected an object', path);
  return value;
}

/** An optional array: absent or null is empty; anything else but an array is refused. */
export function arrayAt(value: Json | undefined, path: string, max: number): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) refuse('expected an array', path);
  if (value.length > max) refuse(`more than ${max.toLocaleString('en')} entries`, path);
  return value;
}

export function optionalString(value: Json | undefined, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') refuse('expected a string', path);
  return value;
}

export function requiredString(value: Json | undefined, path: string): string {
  const text = optionalString(value, path);
  if (text === null || text.trim() === '') refuse('a non-empty string is required', path);
  return text;
}

/** A count: a non-negative safe integer (a string such as "NaN" or "12", or 1e309, is refused). */
export function countAt(value: Json | undefined, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) refuse('expected a whole number of 0 or more', path);
  return value;
}

/** A decimal given as a number or as a plain decimal string ("0.95", "8.0"); NaN, Infinity, hex and exponents are not. */
export function decimalAt(value: Json | undefined, path: string, min: number, max: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,6}(\.\d{1,12})?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number) || number < min || number > max) refuse(`expected a number from ${min} to ${max}`, path);
  return number;
}

/** Text shown to people, kept short and free of NUL (already refused) and stray whitespace runs. */
export function shortText(value: string, max = 300): string {
  const text = withoutBidiControls(value).replace(/\s+/g, ' ').trim();
  return clipped(text, max);
}
