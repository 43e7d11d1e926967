/**
 * ISO dates and times as every page, export and PDF shows them: `2026-12-02` and `2026-12-02 01:48 UTC`.
 * Stored values are ISO-8601 UTC strings; anything else is shown as it came, never as "Invalid Date".
 */
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(?:Z|[+-]00:?00)?)?$/;

const parts = (value: string | Date) => {
  const text = value instanceof Date ? value.toISOString() : value;
  return { text, match: ISO.exec(text) };
};

export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const { text, match } = parts(value);
  return match ? match[1]! : text;
}

export function formatDateTime(value: string | Date | null | undefined, { seconds = false } = {}): string {
  if (value == null || value === '') return '—';
  const { text, match } = parts(value);
  if (!match) return text;
  if (!match[2]) return match[1]!;
  return `${match[1]} ${match[2]}${seconds ? (match[3] ?? ':00') : ''} UTC`;
}
