const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR = 3_600_000;

/** The latest date-time (not a bare date) anywhere in `values` that is not after `now`, or null: the record's last change. */
export function latestChangeIn(values: unknown[], now: Date): Date | null {
  let latest = -Infinity;
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      if (!ISO_DATE_TIME.test(value)) return;
      const ms = Date.parse(value);
      if (ms <= now.getTime() && ms > latest) latest = ms;
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return Number.isFinite(latest) ? new Date(latest) : null;
}

/**
 * The clock of a live card: the later of the record's last change and the start of the current UTC hour. Two exports
 * of an unchanged record within the hour are byte-identical (an attestation's subject stays meaningful), while what
 * depends on time alone (an overdue review, an incident deadline) is at most an hour old.
 */
export function liveCardClock(lastChange: Date | null, now: Date): Date {
  const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  return lastChange && lastChange > hour ? lastChange : hour;
}
