import 'server-only';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { getDb, withReadTransaction } from '@/db';
import {
  aiSystems, blobs, datasets, datasetVersions, deployments, evaluationAttachments, evaluationMetrics, evaluations,
  evidencePacks, integrityChecks, lineageEdges, models, modelVersions, promotionPolicies, promotionRequests, promotionSnapshots, signatures, trainingRuns, userEmails, users,
} from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { resolveEntityNames } from '@/lib/dashboard/entity-names';
import { collectAuditEvents } from './collect-audit-events';
import { between, collectOversight } from './collect-oversight';
import { periodBounds } from './pack-period';
import { groupBy } from '@/lib/group-by';
import { nocase } from '@/lib/db-helpers';

type Pack = typeof evidencePacks.$inferSelect;

async function versionsInScope(pack: Pack, bounds: { to: string }) {
  const scope =
    pack.scopeType === 'system' ? eq(models.systemId, pack.scopeId!) : pack.scopeType === 'model_version' ? eq(modelVersions.id, pack.scopeId!) : undefined;
  return (await getDb()
    .select({ version: modelVersions, modelName: models.name, systemId: models.systemId, systemName: aiSystems.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(and(scope, lte(modelVersions.createdAt, bounds.to)))
    .orderBy(nocase(aiSystems.name), nocase(models.name), asc(modelVersions.createdAt)))
    .map(({ version, ...names }) => ({ ...version, ...names }));
}

/** Runs that produced the versions, with their inputs (dataset versions and base models), from the lineage edges. */
async function collectLineage(versionIds: string[]) {
  const db = getDb();
  const versionNodes = versionIds.map((id) => `model_version:${id}`);
  const outputs = versionNodes.length ? await db.select().from(lineageEdges).where(and(eq(lineageEdges.relation, 'output'), inArray(lineageEdges.toNode, versionNodes))) : [];
  const runNodes = [...new Set(outputs.map((edge) => edge.fromNode))];
  const inputs = runNodes.length ? await db.select().from(lineageEdges).where(inArray(lineageEdges.toNode, runNodes)) : [];
  const idsOf = (edges: { fromNode: string }[], kind: string) => edges.filter((e) => e.fromNode.startsWith(`${kind}:`)).map((e) => e.fromNode.slice(kind.length + 1));
  const runIds = idsOf(outputs, 'run');
  const runs = runIds.length ? await db.select().from(trainingRuns).where(inArray(trainingRuns.id, runIds)) : [];
  const datasetVersionIds = idsOf(inputs, 'dataset_version');
  const inputDatasets = datasetVersionIds.length
    ? (await db
        .select({ datasetVersion: datasetVersions, namespace: datasets.namespace, name: datasets.name })
        .from(datasetVersions)
        .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
        .where(inArray(datasetVersions.id, datasetVersionIds)))
        .map(({ datasetVersion, ...names }) => ({ ...datasetVersion, ...names }))
    : [];
  return { runs, edges: [...outputs, ...inputs], datasetVersions: inputDatasets };
}

async function collectEvidence(versionIds: string[], bounds: { from: string; to: string }) {
  const db = getDb();
  if (versionIds.length === 0) return [];
  // Evidence belongs to the period it was received in (the server's time, DESIGN 11), not to the time a caller claims
  // it ran: a back-dated record cannot keep itself out of the pack of the period it arrived in.
  const rows = await db.select().from(evaluations).where(and(inArray(evaluations.modelVersionId, versionIds), between(evaluations.createdAt, bounds))).orderBy(asc(evaluations.createdAt));
  const ids = rows.map((row) => row.id);
  const metrics = ids.length ? await db.select().from(evaluationMetrics).where(inArray(evaluationMetrics.evaluationId, ids)) : [];
  const attachments = ids.length
    ? (await db
        .select({ attachment: evaluationAttachments, size: blobs.size })
        .from(evaluationAttachments)
        .innerJoin(blobs, eq(blobs.sha256, evaluationAttachments.blobSha256))
        .where(inArray(evaluationAttachments.evaluationId, ids)))
        .map(({ attachment, size }) => ({ ...attachment, size }))
    : [];
  const metricsBy = groupBy(metrics, (metric) => metric.evaluationId);
  const attachmentsBy = groupBy(attachments, (attachment) => attachment.evaluationId);
  return rows.map((row) => ({ ...row, metrics: metricsBy.get(row.id) ?? [], attachments: attachmentsBy.get(row.id) ?? [] }));
}

async function collectPromotions(versionIds: string[], bounds: { from: string; to: string }) {
  const db = getDb();
  if (versionIds.length === 0) return [];
  const requests = await db.select().from(promotionRequests).where(and(inArray(promotionRequests.modelVersionId, versionIds), between(promotionRequests.createdAt, bounds))).orderBy(asc(promotionRequests.createdAt));
  const ids = requests.map((request) => request.id);
  const signed = ids.length ? await db.select().from(signatures).where(inArray(signatures.requestId, ids)).orderBy(asc(signatures.signedAt)) : [];
  const byRequest = groupBy(signed, (signature) => signature.requestId);
  return requests.map((request) => ({ ...request, signatures: byRequest.get(request.id) ?? [] }));
}

/**
 * Every record the pack prints and exports, read in one read transaction: the records, the audit events and the
 * chain head the cover states all come from the same snapshot of the database, whatever is written meanwhile.
 */
export async function collectPackData(pack: Pack) {
  return withReadTransaction(async () => await readPackData(pack));
}

async function readPackData(pack: Pack) {
  const db = getDb();
  const bounds = periodBounds(pack);
  const versions = await versionsInScope(pack, bounds);
  const versionIds = versions.map((version) => version.id);
  // The whole inventory is every system registered by the end of the period, also those without a model version yet: a
  // prohibited system, a vendor's service or one still being built are the first a regulator asks about.
  const registered = pack.scopeType === 'inventory' ? (await db.select({ id: aiSystems.id }).from(aiSystems).where(lte(aiSystems.createdAt, bounds.to))).map((row) => row.id) : [];
  const systemIds = [...new Set([...versions.map((version) => version.systemId), ...registered])];
  if (pack.scopeType === 'system' && !systemIds.includes(pack.scopeId!)) systemIds.push(pack.scopeId!);
  const systems = systemIds.length ? await db.select().from(aiSystems).where(inArray(aiSystems.id, systemIds)).orderBy(nocase(aiSystems.name)) : [];
  const modelRows = systemIds.length ? await db.select().from(models).where(and(inArray(models.systemId, systemIds), lte(models.createdAt, bounds.to))).orderBy(nocase(models.name)) : [];
  const scopedModels = pack.scopeType === 'model_version' ? modelRows.filter((model) => versions.some((v) => v.modelId === model.id)) : modelRows;
  const deploymentRows = versionIds.length ? await db.select().from(deployments).where(and(inArray(deployments.modelVersionId, versionIds), between(deployments.reportedAt, bounds))).orderBy(asc(deployments.reportedAt)) : [];
  const checkSubjects = [...versionIds, ...deploymentRows.map((d) => d.id)];
  const checks = checkSubjects.length
    ? await db.select().from(integrityChecks).where(and(inArray(integrityChecks.subjectId, checkSubjects), between(integrityChecks.createdAt, bounds))).orderBy(asc(integrityChecks.createdAt))
    : [];
  const lineage = await collectLineage(versionIds);
  const evidence = await collectEvidence(versionIds, bounds);
  const promotions = await collectPromotions(versionIds, bounds);
  // The rules each gate was judged against, as they stood in that version: a gate result is re-checkable only with them.
  const policyIds = [...new Set(promotions.map((request) => request.policyId))];
  const policies = policyIds.length ? await db.select().from(promotionPolicies).where(inArray(promotionPolicies.id, policyIds)).orderBy(asc(promotionPolicies.riskTier), asc(promotionPolicies.targetStage), asc(promotionPolicies.version)) : [];
  const oversight = await collectOversight({ inventory: pack.scopeType === 'inventory', systemIds, versionIds, datasetVersionIds: lineage.datasetVersions.map((d) => d.id) }, bounds);
  // Review snapshots are stored beside promotion ones: the pack carries the exact bytes each signer attested.
  const snapshotDigests = [...new Set([...promotions.map((request) => request.snapshotSha256), ...oversight.reviews.items.map((review) => review.snapshotSha256)])];
  const snapshots = snapshotDigests.length ? await db.select().from(promotionSnapshots).where(inArray(promotionSnapshots.sha256, snapshotDigests)) : [];
  // Everyone by every address they have held: the chain names who acknowledged a break by the address they had then.
  const people = await db.select({ id: users.id, name: users.name, email: users.email, address: userEmails.email }).from(userEmails).innerJoin(users, eq(users.id, userEmails.userId));
  const chain = await verifyAuditChain();
  const entityIds = pack.scopeType === 'inventory' ? null : new Set([
    ...systems.map((s) => s.id), ...scopedModels.map((m) => m.id), ...versionIds, ...evidence.map((e) => e.id),
    ...promotions.map((p) => p.id), ...deploymentRows.map((d) => d.id), ...lineage.runs.map((r) => r.id),
    ...lineage.datasetVersions.map((d) => d.id), ...versions.map((v) => v.artifactSha256), pack.id,
    ...oversight.findings.items.map((f) => f.id), ...oversight.incidents.items.map((i) => i.id), ...oversight.reviews.items.map((r) => r.id),
  ]);
  const auditEvents = await collectAuditEvents(bounds, entityIds && { about: pack.scopeId!, entityIds });
  // What each event is about, by name as the audit trail shows it: an auditor reads "credit-scorecard 3.3.0", not an id.
  const names = await resolveEntityNames(auditEvents.flatMap((e) => (e.entityId ? [{ type: e.entityType, id: e.entityId }] : [])));
  const entityLabels = Object.fromEntries([...names].map(([key, name]) => [key, name.label]));
  return {
    pack, bounds, chain, people, systems, models: scopedModels, versions, lineage, evidence, promotions, policies,
    snapshots, deployments: deploymentRows, integrityChecks: checks, oversight, auditEvents, entityLabels,
  };
}
export type PackData = Awaited<ReturnType<typeof readPackData>>;
