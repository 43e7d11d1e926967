import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { first, type Tx } from '@/db';
import { rawRows } from '@/db/raw';
import { datasets } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { addReviewTrigger } from './add-review-trigger';

/**
 * Production model versions downstream of any earlier version of the dataset, in live systems: one recursive walk
 * down the edge table's primary key from those versions, bounded in depth, joined to versions by primary key.
 */
const affectedSystems = (datasetId: string, newId: string) =>
  rawRows<{ systemId: string; example: string }>(sql`
WITH RECURSIVE down(node, depth) AS (
  SELECT 'dataset_version:' || v.id, 0 FROM dataset_versions v WHERE v.dataset_id = ${datasetId} AND v.id != ${newId}
  UNION SELECT e.to_node, down.depth + 1 FROM lineage_edges e JOIN down ON e.from_node = down.node WHERE down.depth < 12
)
SELECT m.system_id AS "systemId", min(m.name || ' ' || mv.version) AS "example"
FROM down
JOIN model_versions mv ON mv.id = substr(down.node, 15)
JOIN models m ON m.id = mv.model_id
JOIN ai_systems s ON s.id = m.system_id
WHERE down.node LIKE 'model_version:%' AND mv.stage = 'production' AND s.lifecycle_status != 'retired'
GROUP BY m.system_id`);

/**
 * A new version of a dataset whose earlier version is upstream of a production model makes that system's review due
 * now: the model was validated on data that has since moved on. Runs inside the transaction that registers the version.
 */
export async function triggerReviewsForNewDatasetVersion(tx: Tx, actor: AuditActor, version: { id: string; datasetId: string; version: string }) {
  const affected = await affectedSystems(version.datasetId, version.id);
  if (affected.length === 0) return 0;
  const dataset = first(await tx.select({ namespace: datasets.namespace, name: datasets.name }).from(datasets).where(eq(datasets.id, version.datasetId)).limit(1));
  for (const { systemId, example } of affected) {
    const detail = `New version ${version.version} of dataset ${dataset?.namespace}/${dataset?.name}, an earlier version of which is upstream of ${example} in production`;
    await addReviewTrigger(tx, actor, { systemId, reason: 'new_upstream_dataset', detail, entityType: 'dataset_version', entityId: version.id });
  }
  return affected.length;
}
