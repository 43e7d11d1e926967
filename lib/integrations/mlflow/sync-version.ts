import 'server-only';
import { and, eq } from 'drizzle-orm';
import { first, only, type Tx } from '@/db';
import { aiSystems, modelVersions, trainingRuns } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { fromArtifact } from '@/lib/inventory/create-model-version';
import { addEdges } from '@/lib/lineage/edges';
import { nodeKey } from '@/lib/lineage/node-key';
import { linkMirror, writeMirror, type MlflowVersionState } from './mirror';
import { resolveMlflowModel } from './resolve-model';

/** The version tag carrying the artifact's SHA-256: evidence and approvals bind to bytes, so nothing registers without it. */
export const DIGEST_TAG = 'provenant.sha256';

export type SyncOutcome = 'registered' | 'updated' | 'awaiting_digest' | 'unmapped' | 'refused';
export type SyncResult = { outcome: SyncOutcome; detail: string; modelVersionId?: string };

const label = (s: MlflowVersionState) => `${s.name} version ${s.version}`;

/** The MLflow run becomes the version's training run; an OpenLineage run with the same id is reused, not copied. */
async function linkTrainingRun(tx: Tx, actor: AuditActor, state: MlflowVersionState, modelVersionId: string) {
  if (!state.runId) return;
  let run = first(await tx.select({ id: trainingRuns.id }).from(trainingRuns).where(eq(trainingRuns.externalRunId, state.runId)).limit(1));
  if (!run) {
    const row = only(await tx.insert(trainingRuns).values({ externalRunId: state.runId, jobNamespace: 'mlflow', jobName: state.name, state: 'COMPLETE' }).returning());
    await recordAudit(tx, actor, { action: 'run.recorded', entityType: 'training_run', entityId: row.id, after: row });
    run = row;
  }
  await addEdges(tx, [{ fromNode: nodeKey('run', run.id), toNode: nodeKey('model_version', modelVersionId), relation: 'output' }]);
}

/**
 * The one path from what MLflow says of a version to Provenant, for webhooks and reconciliation alike: keep the
 * mirror, and once the digest tag and the model mapping are known, register the version (in `development`) with
 * its training run. A registered version's digest never changes: a digest tag that disagrees later is refused.
 */
export async function syncMlflowVersion(tx: Tx, actor: AuditActor, state: MlflowVersionState, now: Date, modelTags: Record<string, string> = {}): Promise<SyncResult> {
  const mirror = await writeMirror(tx, state, now);
  const digest = state.tags[DIGEST_TAG]?.trim().toLowerCase();
  if (mirror.modelVersionId) {
    const version = first(await tx.select({ sha256: modelVersions.artifactSha256 }).from(modelVersions).where(eq(modelVersions.id, mirror.modelVersionId)).limit(1));
    if (digest && version && digest !== version.sha256) return { outcome: 'refused', detail: `${label(state)}: the ${DIGEST_TAG} tag no longer matches the registered digest ${version.sha256}; a registered version's bytes never change.`, modelVersionId: mirror.modelVersionId };
    return { outcome: 'updated', detail: `${label(state)} updated.`, modelVersionId: mirror.modelVersionId };
  }
  if (!digest) return { outcome: 'awaiting_digest', detail: `${label(state)} waits for its ${DIGEST_TAG} tag.` };
  if (!/^[0-9a-f]{64}$/.test(digest)) return { outcome: 'awaiting_digest', detail: `${label(state)}: the ${DIGEST_TAG} tag is not a SHA-256 (64 hexadecimal characters).` };
  const resolved = await resolveMlflowModel(tx, actor, state.name, { ...modelTags, ...state.tags });
  if ('unmapped' in resolved) return { outcome: 'unmapped', detail: resolved.unmapped };
  const { model } = resolved;
  const system = first(await tx.select({ name: aiSystems.name, status: aiSystems.lifecycleStatus, ownerId: aiSystems.ownerId }).from(aiSystems).where(eq(aiSystems.id, model.systemId)).limit(1));
  if (system?.status === 'retired') return { outcome: 'refused', detail: `${label(state)}: the system "${system.name}" is retired, so its records are read-only.` };
  const same = first(await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, state.version))).limit(1));
  if (same && same.artifactSha256 !== digest) return { outcome: 'refused', detail: `${label(state)}: "${model.name}" already has version ${state.version} with another digest.` };
  const version =
    same ??
    only(await tx
      .insert(modelVersions)
      .values({ modelId: model.id, version: state.version, artifactSha256: digest, ...await fromArtifact(tx, digest, undefined), uri: state.source, externalRef: `mlflow:${state.name}/${state.version}`, stage: 'development', registeredById: system?.ownerId ?? model.createdById })
      .returning());
  if (!same) await recordAudit(tx, actor, { action: 'model_version.created', entityType: 'model_version', entityId: version.id, after: version });
  await linkMirror(tx, mirror, version.id);
  await linkTrainingRun(tx, actor, state, version.id);
  return { outcome: 'registered', detail: `${label(state)} is registered as version ${state.version} of "${model.name}".`, modelVersionId: version.id };
}
