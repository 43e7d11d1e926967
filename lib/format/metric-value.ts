/**
 * The one way a metric value becomes text, on web pages, the AI Card (web, PDF, Markdown) and evidence packs alike:
 * six significant digits (a stored 0.8130000000000001 reads 0.813) followed by its unit when the source gave one.
 */
export function formatMetricValue(value: number, unit?: string | null): string {
  return `${Number(value.toPrecision(6))}${unit ?? ''}`;
}
