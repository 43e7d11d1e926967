import { sql, type SQL } from 'drizzle-orm';
import { auditEvents, datasets, datasetVersions, deployments, evaluations, findings, incidentSystems, lineageEdges, models, modelVersions, monitoringBatches, promotionRequests, reviews } from '@/db/schema';

/** The events of one kind of record in a history: its entity type, and the ids of it under `about`. */
const under = (entityType: string, ids: SQL) => sql`SELECT ${auditEvents.seq} FROM ${auditEvents} WHERE ${auditEvents.entityType} = ${entityType} AND ${auditEvents.entityId} IN (${ids})`;

/**
 * The events of a system or model version's history: its own, and those of the records under it. A version: its
 * artifact's upload, evidence, promotion requests (and their signatures), deployments, monitoring reports, findings,
 * and the training runs that produced it with the dataset versions they read. A system: its models, their versions
 * with all of that, its datasets and their versions, findings, reviews and incidents. The evidence pack of the system
 * or version takes these events too (lib/packs/collect-audit-events.ts), so the two histories agree. Each branch is
 * an (entity type, id) lookup on the audit index, and the events are taken by sequence: no scan of the trail.
 */
export function aboutRecord(about: string): SQL {
  const versionsOf = sql`SELECT ${modelVersions.id} FROM ${modelVersions} JOIN ${models} ON ${models.id} = ${modelVersions.modelId} WHERE ${models.systemId} = ${about}`;
  const versions = sql`SELECT ${about} UNION ALL ${versionsOf}`;
  // Lineage nodes are keyed "kind:id" (lib/lineage/node-key.ts): the runs that output these versions, and what they read.
  const versionNodes = sql`SELECT 'model_version:' || CAST(${about} AS TEXT) UNION ALL SELECT 'model_version:' || ${modelVersions.id} FROM ${modelVersions} JOIN ${models} ON ${models.id} = ${modelVersions.modelId} WHERE ${models.systemId} = ${about}`;
  const runNodes = sql`SELECT ${lineageEdges.fromNode} FROM ${lineageEdges} WHERE ${lineageEdges.relation} = 'output' AND ${lineageEdges.fromNode} LIKE 'run:%' AND ${lineageEdges.toNode} IN (${versionNodes})`;
  const runs = sql`SELECT substr(${lineageEdges.fromNode}, ${'run:'.length + 1}) FROM ${lineageEdges} WHERE ${lineageEdges.relation} = 'output' AND ${lineageEdges.fromNode} LIKE 'run:%' AND ${lineageEdges.toNode} IN (${versionNodes})`;
  const datasetVersionsRead = sql`SELECT substr(${lineageEdges.fromNode}, ${'dataset_version:'.length + 1}) FROM ${lineageEdges} WHERE ${lineageEdges.relation} = 'input' AND ${lineageEdges.fromNode} LIKE 'dataset_version:%' AND ${lineageEdges.toNode} IN (${runNodes})`;
  const ownDatasetVersions = sql`SELECT ${datasetVersions.id} FROM ${datasetVersions} JOIN ${datasets} ON ${datasets.id} = ${datasetVersions.datasetId} WHERE ${datasets.systemId} = ${about}`;
  return sql`${auditEvents.seq} IN (${sql.join([
    sql`SELECT ${auditEvents.seq} FROM ${auditEvents} WHERE ${auditEvents.entityType} IN ('ai_system', 'model_version') AND ${auditEvents.entityId} = ${about}`,
    under('artifact', sql`SELECT ${modelVersions.artifactSha256} FROM ${modelVersions} WHERE ${modelVersions.id} IN (${versions})`),
    under('evaluation', sql`SELECT ${evaluations.id} FROM ${evaluations} WHERE ${evaluations.modelVersionId} IN (${versions})`),
    under('promotion_request', sql`SELECT ${promotionRequests.id} FROM ${promotionRequests} WHERE ${promotionRequests.modelVersionId} IN (${versions})`),
    under('deployment', sql`SELECT ${deployments.id} FROM ${deployments} WHERE ${deployments.modelVersionId} IN (${versions})`),
    under('monitoring_batch', sql`SELECT ${monitoringBatches.id} FROM ${monitoringBatches} WHERE ${monitoringBatches.modelVersionId} IN (${versions})`),
    under('finding', sql`SELECT ${findings.id} FROM ${findings} WHERE ${findings.subjectId} = ${about} OR ${findings.systemId} = ${about}`),
    under('model', sql`SELECT ${models.id} FROM ${models} WHERE ${models.systemId} = ${about}`),
    under('model_version', versionsOf),
    under('dataset', sql`SELECT ${datasets.id} FROM ${datasets} WHERE ${datasets.systemId} = ${about}`),
    under('dataset_version', sql`${ownDatasetVersions} UNION ${datasetVersionsRead}`),
    // Runs are audited as `run` by the lineage verbs and as `training_run` by the MLflow and CycloneDX importers.
    sql`SELECT ${auditEvents.seq} FROM ${auditEvents} WHERE ${auditEvents.entityType} IN ('run', 'training_run') AND ${auditEvents.entityId} IN (${runs})`,
    under('review', sql`SELECT ${reviews.id} FROM ${reviews} WHERE ${reviews.systemId} = ${about}`),
    under('incident', sql`SELECT ${incidentSystems.incidentId} FROM ${incidentSystems} WHERE ${incidentSystems.systemId} = ${about}`),
  ], sql` UNION ALL `)})`;
}
