import type { FieldIssue } from '@/lib/errors';

/**
 * What the edge refuses in text: lone UTF-16 surrogates (they cannot be stored and read back as the same bytes,
 * so they would break the audit chain), NUL (no field here is binary; C-string consumers truncate at it) and a
 * bidirectional embedding, override or isolate left open (it reverses what follows it wherever the text is shown:
 * a feature name ending in U+202E made a finding read "≤ 0.25" where the server wrote "≥ 0.25").
 */
export function textProblem(text: string, { bidi = true }: { bidi?: boolean } = {}): string | null {
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate (ill-formed Unicode)';
  if (text.includes('\u0000')) return 'contains a NUL character';
  const open = bidi ? unclosedBidiControl(text) : null;
  if (open) return `contains a bidirectional control character (U+${open.toString(16).toUpperCase()}) that is never closed, which would reorder the text shown after it`;
  return null;
}

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Text from a tool's output as kept: its bidirectional controls (invisible formatting) removed, so that no cut of it and no sentence it is set in is reordered. */
export const withoutBidiControls = (text: string) => text.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
const EMBEDDINGS = new Set([0x202a, 0x202b, 0x202d, 0x202e]);
const ISOLATES = new Set([0x2066, 0x2067, 0x2068]);
const [PDF, PDI] = [0x202c, 0x2069];
/** Paragraph separators end every embedding and isolate (Unicode Bidirectional Algorithm, UAX #9, rule BD8). */
const PARAGRAPH_END = /[\n\r\u001c-\u001e\u0085\u2029]/;

/** UAX #9's deepest embedding level: text nested deeper is refused rather than reasoned about. */
const MAX_BIDI_DEPTH = 125;

/**
 * The first embedding (LRE, RLE), override (LRO, RLO) or isolate (LRI, RLI, FSI) that its paragraph does not close,
 * or null. As UAX #9 matches them: a PDI closes the latest open isolate and whatever was opened after it; a PDF
 * closes the latest embedding or override unless an isolate was opened after it. Stray closers do nothing. Linear in
 * the text: a PDI with no isolate open costs nothing, and each opener is pushed and popped at most once.
 */
function unclosedBidiControl(text: string): number | null {
  if (!BIDI_CONTROL.test(text)) return null;
  for (const paragraph of text.split(PARAGRAPH_END)) {
    const stack: number[] = [];
    let isolates = 0;
    for (const char of paragraph) {
      const code = char.codePointAt(0)!;
      if (EMBEDDINGS.has(code) || ISOLATES.has(code)) {
        if (stack.length === MAX_BIDI_DEPTH) return code;
        stack.push(code);
        if (ISOLATES.has(code)) isolates += 1;
      } else if (code === PDF && stack.length > 0 && EMBEDDINGS.has(stack.at(-1)!)) stack.pop();
      else if (code === PDI && isolates > 0) {
        while (!ISOLATES.has(stack.pop()!));
        isolates -= 1;
      }
    }
    if (stack.length > 0) return stack[0]!;
  }
  return null;
}

const MAX_ISSUES = 20;
const MAX_DEPTH = 64;
const pathOf = (parts: string[]) => parts.map((p) => p.toWellFormed()).join('.');

/**
 * Every string (keys and values, at any depth) of parsed JSON or action input, checked; plus `__proto__` keys,
 * which some object merges turn into prototype changes. Deeper than 64 levels is an issue too. `bidi: false` for a
 * whole document of which only a few strings are kept (a tool's report, an MLflow page): those strings are cleaned
 * of bidirectional controls where they are kept (`withoutBidiControls`), so a model output elsewhere in the document
 * that carries one does not refuse the evidence. Numbers must be finite; `finite: false` for a YAML document whose
 * reader names a `.nan` or `.inf` more precisely.
 */
export function illFormedInputIssues(value: unknown, options: { bidi?: boolean; finite?: boolean } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (node: unknown, parts: string[]) => {
    if (issues.length >= MAX_ISSUES) return;
    if (parts.length > MAX_DEPTH) issues.push({ path: pathOf(parts), message: `Nested deeper than ${MAX_DEPTH} levels.` });
    else if (typeof node === 'number' && !Number.isFinite(node) && options.finite !== false) {
      // JSON.parse reads 1e400 as Infinity (and an action's arguments may carry NaN): stored it would turn to null,
      // signed or audited it cannot be written at all.
      issues.push({ path: pathOf(parts), message: Number.isNaN(node) ? 'The value is not a number (NaN).' : 'The number is too large to hold: numbers must be finite (within ±1.8e308).' });
    } else if (typeof node === 'string') {
      const problem = textProblem(node, options);
      if (problem) issues.push({ path: pathOf(parts), message: `The text ${problem}.` });
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...parts, String(index)]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        const problem = key === '__proto__' ? 'is "__proto__", which is not accepted' : textProblem(key, options);
        if (problem) issues.push({ path: pathOf([...parts, key]), message: `The key ${problem}.` });
        else visit(item, [...parts, key]);
      }
    }
  };
  visit(value, []);
  return issues;
}

/** Query parameters checked on the raw, still percent-encoded string: invalid UTF-8 there decodes to U+FFFD silently. */
export function illFormedQueryIssues(rawSearch: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const pair of rawSearch.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const [rawName = '', ...rest] = pair.replace(/\+/g, ' ').split('=');
    const name = safeDecode(rawName);
    const value = safeDecode(rest.join('='));
    const where = name === null || textProblem(name) ? 'query' : name;
    if (name === null || value === null) issues.push({ path: where, message: 'The query parameter is not well-formed percent-encoded UTF-8.' });
    else {
      const problem = textProblem(name) ?? textProblem(value);
      if (problem) issues.push({ path: where, message: `The query parameter ${problem}.` });
    }
  }
  return issues.slice(0, MAX_ISSUES);
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Text cut to at most `max` UTF-16 units, an ellipsis marking the cut, still text `textProblem` accepts: never half a
 * surrogate pair, and with its direction controls dropped when the cut left one open. For titles and labels the
 * server makes from names and text a caller chose.
 */
export function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  const head = text.slice(0, end);
  return `${unclosedBidiControl(head) ? withoutBidiControls(head) : head}…`;
}

/**
 * Whether text shows nothing: only white space, invisible format characters (zero-width space, soft hyphen, direction
 * marks), other default-ignorable code points (Hangul fillers, variation selectors) and the blank braille pattern.
 */
export const isBlank = (text: string | null | undefined) => !text || visibleLength(text) === 0;

/** How many characters of the text show: those isBlank does not count. */
export const visibleLength = (text: string) => text.replace(/[\s\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu, '').length;
