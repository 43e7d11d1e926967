import { Invalid, TooLarge, UnsupportedMediaType } from '@/lib/errors';
import { discardRestOfReader } from './discard-rest';
import { illFormedInputIssues } from './well-formed';

/** Default limit of a JSON request body; routes that take more say so in apiRoute's `maxBodyBytes`. */
export const DEFAULT_JSON_BODY_LIMIT = 1024 * 1024;
/** For bulk routes: a model-index import (up to 1,000,000 characters, JSON-escaped) or a batch of 1,000 RunEvents. */
export const BULK_JSON_BODY_LIMIT = 8 * 1024 * 1024;
/** Deeper JSON is refused before parsing: no schema here nests anywhere near it, and recursion over it is costly. */
export const MAX_JSON_DEPTH = 64;

/** Reads a body while counting, refusing it (413) as soon as it passes the limit; a declared length is a hint only. */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limitBytes) throw new TooLarge(limitBytes, 'The request body');
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      discardRestOfReader(reader, limitBytes);
      throw new TooLarge(limitBytes, 'The request body');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A JSON route refuses a body that says it is something else (415): `curl -d` sends a form, `fetch` with a string sends
 * text, and either used to be read as JSON anyway. A body that names no type is read as JSON.
 */
export function assertJsonContentType(header: string | null) {
  if (header === null) return;
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return;
  throw new UnsupportedMediaType(`The body must be JSON sent with Content-Type: application/json; it was sent as ${type ? `"${type.slice(0, 100)}"` : 'an empty type'}. Nothing was recorded.`);
}

function assertDepth(text: string) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw new Invalid(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Bytes to a JSON value, refusing (400) what the rest of the app must never see: invalid UTF-8, nesting deeper
 * than MAX_JSON_DEPTH, lone surrogates or NUL in any key or string, and `__proto__` keys. An empty body is `{}`.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Invalid('The request body is not well-formed UTF-8.');
  }
  if (text.trim() === '') return {};
  assertDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Invalid('The request body is not valid JSON.');
  }
  const issues = illFormedInputIssues(value);
  if (issues.length > 0) throw new Invalid('The request body holds text that cannot be accepted.', issues);
  return value;
}
