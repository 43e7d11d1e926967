import 'server-only';
import { sql } from 'drizzle-orm';
import { isNotDistinctFrom, jsonArrayValues } from '@/db/portable-sql';
import { rawRows } from '@/db/raw';

type Row = { modelVersionId: string; metric: string; feature: string | null; windowEnd: string; value: number | null; valueSource: string; reportedValue: number | null; computedPsi: number | null; computedJs: number | null };

/** The latest monitoring figure of every series of these model versions, as a review freezes it. */
export async function latestMonitoring(modelVersionIds: string[]): Promise<Row[]> {
  if (modelVersionIds.length === 0) return [];
  // The latest window of each series (version, metric, feature), found through the series index; the last received wins a tie.
  return await rawRows<Row>(sql`
    SELECT p.model_version_id AS "modelVersionId", p.metric, p.feature, p.window_end AS "windowEnd", p.value, p.value_source AS "valueSource",
           p.reported_value AS "reportedValue", p.computed_psi AS "computedPsi", p.computed_js AS "computedJs"
    FROM monitoring_points p
    WHERE p.model_version_id IN ${jsonArrayValues(JSON.stringify(modelVersionIds))}
      AND p.rowid = (SELECT q.rowid FROM monitoring_points q WHERE q.model_version_id = p.model_version_id AND q.metric = p.metric AND ${isNotDistinctFrom(sql`q.feature`, sql`p.feature`)}
                     ORDER BY q.window_end DESC, q.rowid DESC LIMIT 1)
    ORDER BY p.model_version_id, p.metric, p.feature NULLS FIRST`);
}
