/**
 * Markdown from user text that stays text: no raw HTML, no headings, lists, quotes, fences or thematic breaks that
 * the writer did not mean (a fake "## Approvals" heading in a limitations field would pass for a real section).
 */

// Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that start markup.
const INLINE_SPECIALS = /[\\`*_[\]<>#|~&]/g;

/** One line of user text as literal inline Markdown; line breaks become spaces (headings, table cells). */
export function mdInline(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(INLINE_SPECIALS, '\\$&');
}

/** A table cell: literal text, `|` escaped, an em dash when empty. */
export function mdCell(text: string | number | null | undefined): string {
  const value = text === null || text === undefined ? '' : String(text).trim();
  return value ? mdInline(value) : '—';
}

/** What a code span can show as it is: a digest, an id, a run name like `scheduled__2026-01-01T00:00:00+00:00`. */
const CODE_SAFE = /^[\w.:/@+=-]+$/;

/**
 * A digest or id in a code span. A caller's run id or environment digest may be anything, and a code span escapes
 * nothing: a line break would end the table row and start live Markdown, a `|` split the cell. Such a value is shown
 * as escaped text instead, every character kept.
 */
export const mdCode = (value: string | null | undefined) => (!value ? '—' : CODE_SAFE.test(value) ? `\`${value}\`` : mdCell(value));

/** One line of a text block: inline markup escaped, and nothing at its start that opens a list, break or heading. */
function literalLine(line: string): string {
  return line.trim().replace(INLINE_SPECIALS, '\\$&').replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A block of user text: paragraphs kept, single line breaks kept as hard breaks, every line literal. */
export function mdParagraphs(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/).filter((p) => p.trim());
  return paragraphs.length ? paragraphs.map((p) => p.split('\n').map(literalLine).join('\\\n')).join('\n\n') : '_Not stated._';
}

/** A GitHub-flavoured table; cells must already be rendered with `mdCell` or `mdCode`. */
export function mdTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Field and value rows, the Markdown form of the key-value lists on the card page. */
export const mdFacts = (items: [string, string][]) => mdTable(['Field', 'Value'], items);
