/**
 * The one way a metric value becomes text, on web pages, the AI Card (web, PDF, Markdown) and evidence packs alike:
 * six significant digits (a stored 0.8130000000000001 reads 0.813) followed by its unit when the source gave one;
 * fewer where more would be noise (`digits`: a monitoring chart's drift statistics).
 */
export function formatMetricValue(value: number, unit?: string | null, digits = 6): string {
  return `${Number(value.toPrecision(digits))}${unit ?? ''}`;
}

/** A monitoring figure (a drift statistic, a performance metric on live traffic): four significant digits, wherever it is shown on a page. */
export const formatMonitoringValue = (value: number | null) => (value === null ? '—' : formatMetricValue(value, null, 4));
