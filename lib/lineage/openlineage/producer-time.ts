/**
 * An ISO 8601 date, or date and time with seconds and zone optional: producers send times without a zone (the Python
 * client) and days alone (OpenLineage's own serde example's nominalTime). Without a zone it is read as UTC.
 */
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/i;

export function producerTime(time: string): Date | null {
  if (!ISO_DATE_TIME.test(time)) return null;
  const date = new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(time) ? time : `${time}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
