import { clipped, withoutBidiControls } from '@/lib/http/well-formed';

/** "security_reviewer" → "Security reviewer": enum values as people read them. */
export const humanize = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replaceAll('_', ' ');

/** "the evidence", "the lineage and the evidence", "a, b and c": a list as a sentence says it. */
export const inWords = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''));

/** "1 version", "2 versions", "2,451 systems": a count with its noun in the right number (`many` when not +s). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * Free text as one line of at most `max` characters (a title, an inbox line), cut after a whole word when one ends in
 * its last fifth; the page it links to has all of it.
 */
export function firstWords(text: string, max = 200): string {
  const line = withoutBidiControls(text).replace(/\s+/g, ' ').trim(); // a cut must not leave an override open
  if (line.length <= max) return line;
  const cut = clipped(line, max).slice(0, -1); // its ellipsis off: never half a surrogate pair
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace >= max * 0.8 ? cut.slice(0, lastSpace).replace(/[\s,;:.]+$/, '') : cut}…`;
}
