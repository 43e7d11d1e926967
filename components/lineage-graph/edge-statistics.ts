import type { DatasetStatistics } from '@/db/schema';
import { formatBytes } from '@/components/ui/format';
import { plural } from '@/lib/words';

/** "1,000 rows · 8.0 KiB · 1 file": what a run reported reading or writing, or null when it reported nothing. */
export function formatEdgeStatistics(statistics: DatasetStatistics | null | undefined): string | null {
  if (!statistics) return null;
  const parts = [
    statistics.rowCount !== undefined ? plural(statistics.rowCount, 'row') : null,
    statistics.size !== undefined ? formatBytes(statistics.size) : null,
    statistics.fileCount !== undefined ? plural(statistics.fileCount, 'file') : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' · ') : null;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "1K rows": short enough for an edge label between two graph columns; the table gives the full figures. */
export function shortEdgeStatistics(statistics: DatasetStatistics | null | undefined): string | null {
  if (statistics?.rowCount !== undefined) return `${compact.format(statistics.rowCount)} ${statistics.rowCount === 1 ? 'row' : 'rows'}`;
  return statistics?.size !== undefined ? formatBytes(statistics.size) : null;
}
