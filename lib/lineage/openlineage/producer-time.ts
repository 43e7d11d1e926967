/**
 * An ISO 8601 date, or date and time with seconds and zone optional: producers send times without a zone (the Python
 * client) and days alone (OpenLineage's own serde example's nominalTime). Without a zone it is read as UTC.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/i;

/** The instant a producer's time names, or null when it is not one: 2026-02-30 is refused, not read as March 2. */
export function producerTime(time: string): Date | null {
  const parts = ISO_DATE_TIME.exec(time);
  if (!parts) return null;
  const [year, month, day] = parts.slice(1, 4).map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const date = new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(time) ? time : `${time}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
