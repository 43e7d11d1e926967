/** The numbers a raw drift result's histograms hold (before validation: anything not an array counts as none). */
export function histogramCounts(item: unknown): number {
  const h = item && typeof item === 'object' ? (item as { histograms?: unknown }).histograms : undefined;
  if (!h || typeof h !== 'object') return 0;
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const { reference, current } = h as { reference?: unknown; current?: unknown };
  return length(reference) + length(current);
}
