/**
 * The period's bounds as ISO instants: whole UTC days, inclusive; an open end is unbounded. Times compare as text, so
 * an open start is the empty text, before every time (not "0000": a time stored before year 0 writes "-000001").
 */
export function periodBounds(period: { periodFrom: string | null; periodTo: string | null }) {
  return {
    from: period.periodFrom ? `${period.periodFrom}T00:00:00.000Z` : '',
    to: period.periodTo ? `${period.periodTo}T23:59:59.999Z` : '9999',
  };
}

export function describePeriod(period: { periodFrom: string | null; periodTo: string | null }): string {
  if (!period.periodFrom && !period.periodTo) return 'All time';
  if (!period.periodFrom) return `Up to ${period.periodTo} (UTC, inclusive)`;
  if (!period.periodTo) return `From ${period.periodFrom} (UTC)`;
  return `${period.periodFrom} to ${period.periodTo} (UTC, inclusive)`;
}
