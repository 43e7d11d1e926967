import { sql, type SQL } from 'drizzle-orm';
import { auditEvents, datasets, deployments, evaluations, findings, incidentSystems, models, modelVersions, monitoringBatches, promotionRequests, reviews } from '@/db/schema';

/** The events of one kind of record in a history: its entity type, and the ids of it under `about`. */
const under = (entityType: string, ids: SQL) => sql`SELECT ${auditEvents.seq} FROM ${auditEvents} WHERE ${auditEvents.entityType} = ${entityType} AND ${auditEvents.entityId} IN (${ids})`;

/**
 * The events of a system or model version's history: its own, and those of the records under it. A version: its
 * artifact's upload, evidence, promotion requests (and their signatures), deployments, monitoring reports and
 * findings. A system: its models, their versions with their evidence and requests, its datasets, findings, reviews
 * and incidents. Each branch is an (entity type, id) lookup on the audit index, and the events are taken by sequence:
 * no scan of the trail, however long.
 */
export function aboutRecord(about: string): SQL {
  const versionsOf = sql`SELECT ${modelVersions.id} FROM ${modelVersions} JOIN ${models} ON ${models.id} = ${modelVersions.modelId} WHERE ${models.systemId} = ${about}`;
  const versions = sql`SELECT ${about} UNION ALL ${versionsOf}`;
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
    under('review', sql`SELECT ${reviews.id} FROM ${reviews} WHERE ${reviews.systemId} = ${about}`),
    under('incident', sql`SELECT ${incidentSystems.incidentId} FROM ${incidentSystems} WHERE ${incidentSystems.systemId} = ${about}`),
  ], sql` UNION ALL `)})`;
}
