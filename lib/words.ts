/** "security_reviewer" → "Security reviewer": enum values as people read them. */
export const humanize = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replaceAll('_', ' ');

/** "1 version", "2 versions", "2,451 systems": a count with its noun in the right number (`many` when not +s). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
