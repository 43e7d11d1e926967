import type { DatasetStatistics } from '@/db/schema';
import type { OlDataset } from './resolve-dataset';

const count = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

/**
 * Rows, bytes and files a run read or wrote, as the producer said: the standard inputStatistics, dataQualityMetrics
 * (inputs) and outputStatistics (outputs) facets, also where Airflow puts them (among the dataset facets).
 * Counts that are not whole, non-negative, exact numbers are left out rather than stored wrong.
 */
export function datasetStatistics(dataset: OlDataset, side: 'input' | 'output'): DatasetStatistics | undefined {
  const candidates = side === 'input'
    ? [dataset.inputFacets?.inputStatistics, dataset.inputFacets?.dataQualityMetrics, dataset.facets?.inputStatistics, dataset.facets?.dataQualityMetrics]
    : [dataset.outputFacets?.outputStatistics, dataset.facets?.outputStatistics];
  const facet = candidates.find((c) => c !== null && typeof c === 'object') as { rowCount?: unknown; size?: unknown; bytes?: unknown; fileCount?: unknown } | undefined;
  if (!facet) return undefined;
  const statistics: DatasetStatistics = { rowCount: count(facet.rowCount), size: count(facet.size ?? facet.bytes), fileCount: count(facet.fileCount) };
  const known = Object.fromEntries(Object.entries(statistics).filter(([, v]) => v !== undefined)) as DatasetStatistics;
  return Object.keys(known).length > 0 ? known : undefined;
}
