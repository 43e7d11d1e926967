import 'server-only';
import { deploymentProblemLabel } from '@/lib/integrity/kind-labels';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { getDb } from '@/db';
import { datasets, datasetVersions, deployments, integrityChecks, models, modelVersions, trainingRuns, type LineageNodeKind } from '@/db/schema';
import { jobTypeLabel } from './job-type-label';
import { nodeKey, parseNodeKey } from './node-key';

/**
 * `ok`: Provenant checked it (bytes hashed, a running digest compared); `recorded`: a digest or commit its producer
 * declared, which Provenant holds no bytes to check; `unknown`: nothing to go on.
 */
export type Integrity = 'ok' | 'recorded' | 'failed' | 'unknown';
/** `kindLabel`: what a run is when its producer said (OpenLineage jobType: a dbt model, an Airflow task), else absent. */
export type NodeDescription = { key: string; kind: LineageNodeKind; id: string; label: string; detail: string; href: string; integrity: Integrity; integrityNote: string; kindLabel?: string };

/** Labels, links and integrity state for lineage nodes, one query per kind. */
export async function describeNodes(keys: string[]): Promise<Map<string, NodeDescription>> {
  const db = getDb();
  const ids: Record<LineageNodeKind, string[]> = { dataset_version: [], run: [], model_version: [], deployment: [] };
  for (const key of keys) {
    const ref = parseNodeKey(key);
    ids[ref.kind].push(ref.id);
  }
  const out = new Map<string, NodeDescription>();
  const put = (d: Omit<NodeDescription, 'key'>) => out.set(nodeKey(d.kind, d.id), { ...d, key: nodeKey(d.kind, d.id) });

  if (ids.dataset_version.length) {
    const rows = await db.select({ v: datasetVersions, name: datasets.name, namespace: datasets.namespace }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).where(inArray(datasetVersions.id, ids.dataset_version));
    for (const { v, name, namespace } of rows) {
      put({ kind: 'dataset_version', id: v.id, label: `${name} @ ${v.version}`, detail: namespace, href: `/datasets/${v.datasetId}`, integrity: v.sha256 ? 'recorded' : 'unknown', integrityNote: v.sha256 ? `sha256 ${v.sha256.slice(0, 12)}…` : 'No digest recorded' });
    }
  }
  if (ids.run.length) {
    for (const r of await db.select().from(trainingRuns).where(inArray(trainingRuns.id, ids.run))) {
      // A run known only as another run's parent has no events of its own yet.
      const state = r.lastEventTime === null && r.state === 'OTHER' ? 'no events yet' : r.state.toLowerCase();
      put({ kind: 'run', id: r.id, label: r.jobName, detail: `${r.jobNamespace} · ${state}`, href: `/lineage/runs/${r.id}`, integrity: r.codeCommit ? 'recorded' : 'unknown', integrityNote: r.codeCommit ? `commit ${r.codeCommit.slice(0, 12)}` : 'No code reference', kindLabel: jobTypeLabel(r.jobType) ?? undefined });
    }
  }
  if (ids.model_version.length) {
    const rows = await db.select({ v: modelVersions, name: models.name }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(inArray(modelVersions.id, ids.model_version));
    for (const { v, name } of rows) {
      const failed = v.scanStatus === 'unsafe' || v.integrityOk === false;
      // Scanned clean means the server held the bytes, stored under the digest it computed from them on upload; a
      // re-hash that matched verifies them whatever the scanner made of their format.
      const held = v.scanStatus === 'clean';
      const note = v.scanStatus === 'unsafe' ? 'Unsafe serialisation' : v.integrityOk === false ? 'Stored bytes do not match' : v.integrityOk ? 'Bytes verified' : held ? 'Bytes hashed on upload and scanned clean' : 'Digest not checked';
      put({ kind: 'model_version', id: v.id, label: `${name} @ ${v.version}`, detail: v.externalSource ? `${v.externalSource} · external` : v.stage, href: `/models/${v.modelId}/versions/${v.id}`, integrity: failed ? 'failed' : held || v.integrityOk ? 'ok' : 'recorded', integrityNote: note });
    }
  }
  if (ids.deployment.length) {
    const open = new Set(
      (await db.select({ id: integrityChecks.subjectId }).from(integrityChecks).where(and(eq(integrityChecks.subjectType, 'deployment'), eq(integrityChecks.ok, false), isNull(integrityChecks.resolvedAt), inArray(integrityChecks.subjectId, ids.deployment)))).map((r) => r.id),
    );
    for (const d of await db.select().from(deployments).where(inArray(deployments.id, ids.deployment))) {
      put({ kind: 'deployment', id: d.id, label: d.endpoint, detail: d.environment, href: `/lineage?node=deployment:${d.id}`, integrity: open.has(d.id) ? 'failed' : 'ok', integrityNote: open.has(d.id) ? deploymentProblemLabel(d.modelVersionId) : 'Running digest matches' });
    }
  }
  return out;
}
