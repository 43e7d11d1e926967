import 'server-only';
import { withTransaction } from '@/db';
import { mlflowModelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { findMirror, stateOf, type MlflowVersionState } from './mirror';
import { resolveMlflowModel } from './resolve-model';
import { searchAll, ZRemoteModelVersion, ZRemoteRegisteredModel, type MlflowAuth, type RemoteModelVersion } from './rest-client';
import { syncMlflowVersion } from './sync-version';

/** Reconciliation applies everything in one transaction; a registry larger than this is refused, not half-applied. */
export const MAX_RECONCILED_VERSIONS = 20_000;
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

export type ReconcileReport = {
  dryRun: boolean;
  /** MLflow versions Provenant had not heard of. */
  added: string[];
  /** Versions whose run, source, tags or aliases differed, with what differed. */
  changed: { version: string; differences: string[] }[];
  /** Versions registered in Provenant by this run. */
  registered: string[];
  /** MLflow versions that are still not Provenant model versions, and why. */
  missingHere: { version: string; reason: string }[];
  /** Versions Provenant heard of that MLflow no longer lists. */
  missingThere: string[];
};

const label = (s: { name: string; version: string }) => `${s.name}/${s.version}`;
const tagsOf = (list: { key: string; value: string }[]) => Object.fromEntries(list.map((t) => [t.key, t.value]));

function differences(before: MlflowVersionState, after: MlflowVersionState): string[] {
  const out: string[] = [];
  if (before.runId !== after.runId) out.push(`run ${before.runId ?? 'none'} -> ${after.runId ?? 'none'}`);
  if (before.source !== after.source) out.push('source');
  for (const key of new Set([...Object.keys(before.tags), ...Object.keys(after.tags)])) {
    if (!(key in after.tags)) out.push(`tag ${key} removed`);
    else if (!(key in before.tags)) out.push(`tag ${key} added`);
    else if (before.tags[key] !== after.tags[key]) out.push(`tag ${key} changed`);
  }
  const [was, now] = [[...before.aliases].sort().join(', '), [...after.aliases].sort().join(', ')];
  if (was !== now) out.push(`aliases [${was}] -> [${now}]`);
  return out;
}

class DryRun extends Error {
  constructor(readonly report: ReconcileReport) {
    super('dry run');
  }
}

/**
 * Imports an MLflow registry through its REST API (registered-models/search, model-versions/search) and applies it
 * through the webhook's own path (syncMlflowVersion), since webhooks are fire-and-forget. A dry run applies the same
 * way inside a transaction that is then rolled back, so it reports exactly what a real run would do.
 */
export async function reconcileMlflow({ url, auth, dryRun, now = new Date() }: { url: string; auth: MlflowAuth; dryRun: boolean; now?: Date }): Promise<ReconcileReport> {
  const limit = MAX_RECONCILED_VERSIONS;
  const remoteModels = await searchAll({ url, path: 'registered-models/search', listKey: 'registered_models', item: ZRemoteRegisteredModel, auth, limit });
  const remoteVersions = await searchAll({ url, path: 'model-versions/search', listKey: 'model_versions', item: ZRemoteModelVersion, auth, limit });
  const models = new Map(remoteModels.filter((m) => tagsOf(m.tags)[PROMPT_TAG] !== 'true').map((m) => [m.name, m]));
  const versions = remoteVersions.filter((v: RemoteModelVersion) => models.has(v.name) && tagsOf(v.tags)[PROMPT_TAG] !== 'true');
  const actor = systemActor('mlflow reconcile');
  const report: ReconcileReport = { dryRun, added: [], changed: [], registered: [], missingHere: [], missingThere: [] };
  try {
    return await withTransaction(async (tx) => {
      for (const model of models.values()) await resolveMlflowModel(tx, actor, model.name, tagsOf(model.tags));
      const listed = new Set<string>();
      for (const remote of versions) {
        const aliasesFromModel = models.get(remote.name)!.aliases.filter((a) => a.version === remote.version).map((a) => a.alias);
        const state: MlflowVersionState = { name: remote.name, version: remote.version, runId: remote.run_id || null, source: remote.source ?? null, tags: tagsOf(remote.tags), aliases: [...new Set([...remote.aliases, ...aliasesFromModel])] };
        listed.add(label(state));
        const before = await findMirror(tx, state.name, state.version);
        if (!before) report.added.push(label(state));
        else if (differences(stateOf(before), state).length > 0) report.changed.push({ version: label(state), differences: differences(stateOf(before), state) });
        const result = await syncMlflowVersion(tx, actor, state, now, tagsOf(models.get(remote.name)!.tags));
        if (result.outcome === 'registered') report.registered.push(label(state));
        else if (!result.modelVersionId) report.missingHere.push({ version: label(state), reason: result.detail });
      }
      const known = await tx.select({ name: mlflowModelVersions.name, version: mlflowModelVersions.version }).from(mlflowModelVersions);
      report.missingThere = known.map(label).filter((v) => !listed.has(v));
      const counts = { added: report.added.length, changed: report.changed.length, registered: report.registered.length, missingHere: report.missingHere.length, missingThere: report.missingThere.length };
      await recordAudit(tx, actor, { action: 'mlflow.reconciled', entityType: 'mlflow_registry', entityId: new URL(url).origin, after: { ...counts, versionsListed: versions.length } });
      if (dryRun) throw new DryRun(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
}
