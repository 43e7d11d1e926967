import type { FieldIssue } from '@/lib/errors';

/**
 * What the edge refuses in text: lone UTF-16 surrogates (they cannot be stored and read back as the same bytes,
 * so they would break the audit chain) and NUL (no field here is binary; C-string consumers truncate at it).
 */
export function textProblem(text: string): string | null {
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate (ill-formed Unicode)';
  if (text.includes('\u0000')) return 'contains a NUL character';
  return null;
}

const MAX_ISSUES = 20;
const MAX_DEPTH = 64;
const pathOf = (parts: string[]) => parts.map((p) => p.toWellFormed()).join('.');

/**
 * Every string (keys and values, at any depth) of parsed JSON or action input, checked; plus `__proto__` keys,
 * which some object merges turn into prototype changes. Deeper than 64 levels is an issue too.
 */
export function illFormedInputIssues(value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (node: unknown, parts: string[]) => {
    if (issues.length >= MAX_ISSUES) return;
    if (parts.length > MAX_DEPTH) issues.push({ path: pathOf(parts), message: `Nested deeper than ${MAX_DEPTH} levels.` });
    else if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) issues.push({ path: pathOf(parts), message: `The text ${problem}.` });
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...parts, String(index)]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        const problem = key === '__proto__' ? 'is "__proto__", which is not accepted' : textProblem(key);
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
