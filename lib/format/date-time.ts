/**
 * The one way a stored time becomes text on pages: ISO 8601 in UTC, whatever the reader's locale.
 * Accepts what the database holds (ISO strings, date-only values) and null for "never".
 */
function utcIso(value: string): string | null {
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** YYYY-MM-DD (UTC day); '—' when there is no date, the input itself when it is not a date at all. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return utcIso(value)?.slice(0, 10) ?? value;
}

/** YYYY-MM-DD HH:MM UTC (HH:MM:SS with `seconds`, for records such as exported cards); '—' when there is no time. */
export function formatDateTime(value: string | null | undefined, { seconds = false }: { seconds?: boolean } = {}): string {
  if (!value) return '—';
  const iso = utcIso(value);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC` : value;
}
