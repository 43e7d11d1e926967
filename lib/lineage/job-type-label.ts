import type { JobTypeFacet } from '@/db/schema';

/** How the integrations spell themselves (OpenLineage sends them upper case). */
const INTEGRATIONS: Record<string, string> = { AIRFLOW: 'Airflow', DBT: 'dbt', FLINK: 'Flink', HIVE: 'Hive', SPARK: 'Spark', TRINO: 'Trino' };
const ACRONYMS = new Set(['DAG', 'SQL', 'ETL']);

const words = (value: string) => value.split(/[_\s]+/).map((w) => (ACRONYMS.has(w.toUpperCase()) ? w.toUpperCase() : w.toLowerCase())).join(' ');

/** "dbt model", "Airflow task", "Spark SQL job": what the OpenLineage `jobType` facet says a run is, or null. */
export function jobTypeLabel(facet: JobTypeFacet | null | undefined): string | null {
  const integration = facet?.integration?.trim();
  const type = facet?.jobType?.trim();
  if (!integration && !type) return null;
  const who = integration ? (INTEGRATIONS[integration.toUpperCase()] ?? words(integration).replace(/^./, (c) => c.toUpperCase())) : '';
  const what = type ? words(type) : 'job';
  return who ? `${who} ${what}` : what.replace(/^./, (c) => c.toUpperCase());
}
