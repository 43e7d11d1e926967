import { hash } from 'node:crypto';
import { canonicalJson } from '@/lib/canonical-json';

/** Labels, ids, IP and user agent keep at most this many UTF-16 code units in the trail. */
export const AUDIT_TEXT_MAX = 512;
/** Before/after values whose canonical JSON is larger than this (UTF-8 bytes) are stored as digests and previews. */
export const AUDIT_JSON_MAX_BYTES = 16 * 1024;
/** A top-level member larger than this is replaced first, so the small members beside it stay readable. */
const FIELD_MAX_BYTES = 2 * 1024;
const FIELD_PREVIEW_BYTES = 1024;
const VALUE_PREVIEW_BYTES = 4 * 1024;

/** JSON.stringify writes a lone surrogate as this escape (and nothing else produces it but a literal backslash). */
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;

export type TruncatedValue = { truncated: true; sha256: string; bytes: number; preview: string };

/** The longest prefix of `text` that is at most `maxBytes` of UTF-8 and ends on a code-point boundary. */
export function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text.slice(0, maxBytes + 1), 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * A text as the trail stores it: well-formed (a lone surrogate becomes U+FFFD, exactly what SQLite would keep),
 * every other code point as given (NUL included, no normalisation), cut to AUDIT_TEXT_MAX with an ellipsis.
 */
export function auditText<T extends string | null>(value: T): T {
  if (value === null) return value;
  const text = value.toWellFormed();
  if (text.length <= AUDIT_TEXT_MAX) return text as T;
  const cut = /[\ud800-\udbff]/.test(text[AUDIT_TEXT_MAX - 2]!) ? AUDIT_TEXT_MAX - 2 : AUDIT_TEXT_MAX - 1;
  return `${text.slice(0, cut)}…` as T;
}

function wellFormedValue(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(wellFormedValue);
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key.toWellFormed(), wellFormedValue(member)]));
}

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

function truncated(json: string, previewBytes: number): TruncatedValue {
  return { truncated: true, sha256: hash('sha256', json, 'hex'), bytes: utf8Length(json), preview: utf8Prefix(json, previewBytes) };
}

/** Large top-level members become digests; if the rest is still too large, the whole value does. */
function bounded(value: unknown, json: string): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    const members = Object.entries(value).map(([key, member]) => {
      if (member === undefined) return [key, member];
      const memberJson = canonicalJson(member);
      return [key, utf8Length(memberJson) > FIELD_MAX_BYTES ? truncated(memberJson, FIELD_PREVIEW_BYTES) : member];
    });
    const smaller = canonicalJson(Object.fromEntries(members));
    if (utf8Length(smaller) <= AUDIT_JSON_MAX_BYTES) return smaller;
  }
  return canonicalJson(truncated(json, VALUE_PREVIEW_BYTES));
}

/**
 * The canonical JSON text the trail stores (and hashes verbatim) for a before/after value: well-formed strings and
 * keys, and at most AUDIT_JSON_MAX_BYTES. A replaced value or member is `{ truncated, sha256, bytes, preview }`,
 * all of the canonical JSON of what it replaces, so whoever holds the original can check it.
 */
export function auditJson(value: unknown): string | null {
  if (value === undefined) return null;
  let json = canonicalJson(value);
  if (LONE_SURROGATE_ESCAPE.test(json)) {
    value = wellFormedValue(value);
    json = canonicalJson(value);
  }
  return utf8Length(json) <= AUDIT_JSON_MAX_BYTES ? json : bounded(value, json);
}
