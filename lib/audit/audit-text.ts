import { hash } from 'node:crypto';
import { canonicalJson } from '@/lib/canonical-json';

/** Labels, ids, IP and user agent keep at most this many UTF-16 code units in the trail. */
export const AUDIT_TEXT_MAX = 512;
/** Before/after values whose canonical JSON is larger than this (UTF-8 bytes) are stored as digests and previews. */
export const AUDIT_JSON_MAX_BYTES = 16 * 1024;
const FIELD_PREVIEW_BYTES = 1024;
const VALUE_PREVIEW_BYTES = 4 * 1024;

/** JSON.stringify writes a lone surrogate as this escape (and nothing else produces it but a literal backslash). */
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;

export type TruncatedValue = { truncated: true; sha256: string; bytes: number; preview: string };

/** Whether a member of a stored before/after value is a digest that replaced something too large (see auditJson). */
export const isTruncatedValue = (value: unknown): value is TruncatedValue =>
  isPlainObject(value) && value.truncated === true && typeof value.sha256 === 'string' && typeof value.preview === 'string';

/** Whether `value` is what a stored digest replaced: the digest of its canonical JSON, as auditJson took it. */
export const truncatedValueIs = (stub: TruncatedValue, value: unknown) => stub.sha256 === hash('sha256', canonicalJson(wellFormedValue(value)), 'hex');

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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

/**
 * Top-level members become digests, largest first, until the value fits: the small members (names, states, ids)
 * stay readable beside them. A value that still does not fit, or is not an object, becomes one digest.
 */
function bounded(value: unknown, json: string): string {
  if (isPlainObject(value)) {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => {
        const memberJson = canonicalJson(member);
        return { key, member, json: memberJson, bytes: utf8Length(memberJson) };
      });
    let excess = utf8Length(json) - AUDIT_JSON_MAX_BYTES;
    const replaced = new Map<string, TruncatedValue>();
    for (const candidate of [...members].sort((a, b) => b.bytes - a.bytes)) {
      if (excess <= 0) break;
      const stub = truncated(candidate.json, FIELD_PREVIEW_BYTES);
      const saved = candidate.bytes - utf8Length(canonicalJson(stub));
      if (saved <= 0) continue;
      replaced.set(candidate.key, stub);
      excess -= saved;
    }
    const smaller = canonicalJson(Object.fromEntries(members.map(({ key, member }) => [key, replaced.get(key) ?? member])));
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
