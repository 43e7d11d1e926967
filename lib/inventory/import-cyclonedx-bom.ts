import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { first, only, withTransaction, type Tx } from '@/db';
import { aiSystems, models, modelVersions, trainingRuns } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { canonicalJson } from '@/lib/canonical-json';
import { Conflict, Invalid } from '@/lib/errors';
import { markCreated } from '@/lib/idempotent';
import { addEdges } from '@/lib/lineage/edges';
import { nodeKey } from '@/lib/lineage/node-key';
import { createDataset } from './create-dataset';
import { createDatasetVersion } from './create-dataset-version';
import { createModel } from './create-model';
import { createModelVersion } from './create-model-version';
import { createSystem } from './create-system';
import { parseBom, readMlBom, type MlBom } from './cyclonedx/read-ml-bom';
import { assertValidBom } from './cyclonedx/validate-bom';
import { systemWithOwners } from './ownership';
import type { ZImportCycloneDxBomInput } from './schemas';
import { mapInOrder } from '@/lib/map-in-order';

type Input = z.output<typeof ZImportCycloneDxBomInput>;

/**
 * A version binds to the bytes, so the model needs a SHA-256: the BOM's, or the one the caller computed from the file
 * the vendor delivered. Both given and different is refused; neither is refused, saying what the BOM carries instead.
 */
function digestOf(plan: MlBom, given: string | null | undefined): string {
  const stated = plan.version.sha256;
  if (stated && !/^[0-9a-f]{64}$/.test(stated)) throw new Invalid(`The model's SHA-256 hash in the BOM ("${stated}") is not 64 hexadecimal characters.`, [{ path: 'bom/components/hashes', message: 'Not a SHA-256 digest.' }]);
  if (stated && given && stated !== given) throw new Invalid(`The BOM gives the model's SHA-256 as ${stated}, but you gave ${given}. Nothing was imported.`, [{ path: 'artifactSha256', message: 'Differs from the BOM.' }]);
  const digest = stated ?? given;
  if (digest) return digest;
  const carries = plan.version.otherHashes.length ? `it carries ${plan.version.otherHashes.join(', ')} only` : 'it carries no hash';
  throw new Invalid(
    `No digest: the model component of this BOM has no SHA-256 hash (${carries}), and a model version is bound to the SHA-256 of its bytes. Give the SHA-256 of the file you received, or ask the vendor for a BOM with one. Nothing was imported.`,
    [{ path: 'artifactSha256', message: 'Give the SHA-256 of the model file: the BOM has none.' }],
  );
}

/** The model this BOM names, if an earlier import registered it; another vendor's model under the same reference is a conflict. */
async function existingModel(tx: Tx, plan: MlBom) {
  const row = first(await tx.select({ model: models, vendorName: aiSystems.vendorName }).from(models).innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(models.externalRef, plan.model.externalRef)).limit(1));
  if (row && (row.vendorName ?? null) !== plan.vendorName) {
    throw new Conflict(`A model registered from another vendor's BOM (${row.vendorName ?? 'no vendor'}) already has the reference ${plan.model.externalRef}.`);
  }
  return row?.model ?? null;
}

async function registerSystemAndModel(actor: Actor, tx: Tx, plan: MlBom, riskTier: Input['riskTier']) {
  const system = await createSystem(actor, { ...plan.system, riskTier, thirdParty: true, vendorName: plan.vendorName }, tx);
  const { externalRef, ...fields } = plan.model;
  const model = await createModel(actor, { systemId: system.id, ...fields }, tx);
  // The reference is the import's own fact, stated in its model.imported event.
  await tx.update(models).set({ externalRef }).where(eq(models.id, model.id));
  return { ...model, externalRef };
}

/** The datasets the model card names, as dataset versions, and a run that links them to the version as training inputs. */
async function recordLineage(actor: Actor, tx: Tx, plan: MlBom, ids: { systemId: string; versionId: string; bomSha256: string }) {
  const provenance = `Named by the CycloneDX ML-BOM ${plan.serialNumber ?? ids.bomSha256}${plan.vendorName ? ` of ${plan.vendorName}` : ''}.`;
  const datasetVersions = await mapInOrder(plan.datasets, async (d) => {
    const dataset = await createDataset(actor, { systemId: ids.systemId, namespace: d.namespace, name: d.name, description: d.description, license: d.license, personalData: d.personalData, provenance }, tx);
    return await createDatasetVersion(actor, dataset.id, { version: d.version, sha256: d.sha256, uri: d.uri, license: d.license || null, personalData: d.personalData }, tx);
  });
  if (datasetVersions.length === 0) return { datasetVersions, run: null };
  const run = only(await tx.insert(trainingRuns).values({
    externalRunId: `${plan.model.externalRef}@${plan.version.version}`, jobNamespace: 'cyclonedx', jobName: plan.model.name, createdById: actor.userId,
  }).returning());
  await recordAudit(tx, actor, { action: 'run.recorded', entityType: 'training_run', entityId: run.id, after: run });
  await addEdges(tx, [
    ...datasetVersions.map((v) => ({ fromNode: nodeKey('dataset_version', v.id), toNode: nodeKey('run', run.id), relation: 'input' as const })),
    { fromNode: nodeKey('run', run.id), toNode: nodeKey('model_version', ids.versionId), relation: 'output' },
  ]);
  return { datasetVersions, run };
}

/**
 * Registers a vendor's model from its CycloneDX ML-BOM: a third-party AI system, the model with its card parameters,
 * the version with its SHA-256, and the datasets as training inputs. Validated against the 1.6 schema first; all or
 * nothing in one transaction; the same BOM again finds the model by its reference and writes nothing.
 */
export async function importCycloneDxBom(actor: Actor, input: Input) {
  assertCan(actor, 'model.register');
  const bom = parseBom(input.bom);
  assertValidBom(bom);
  const plan = readMlBom(bom);
  const sha256 = digestOf(plan, input.artifactSha256);
  if (!plan.version.version) throw new Invalid('The model component of this BOM has no version, and a model version needs a label. Nothing was imported.', [{ path: 'bom/components/version', message: 'Missing.' }]);
  const bomSha256 = createHash('sha256').update(canonicalJson(bom)).digest('hex');
  return await withTransaction(async (tx) => {
    const known = await existingModel(tx, plan);
    if (known) {
      assertCan(actor, 'model.register', { ownerIds: (await systemWithOwners(known.systemId)).ownerIds });
      const version = first(await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, known.id), eq(modelVersions.version, plan.version.version))).limit(1));
      if (version?.artifactSha256 === sha256) return markCreated({ systemId: known.systemId, model: known, version, datasetVersionIds: [] as string[] }, false);
    } else {
      assertCan(actor, 'system.create');
    }
    const model = known ?? await registerSystemAndModel(actor, tx, plan, input.riskTier);
    const { uri, license, externalSource, externalRevision } = plan.version;
    const version = await createModelVersion(actor, { modelId: model.id, version: plan.version.version, artifactSha256: sha256, uri, license, externalSource, externalRevision }, tx);
    const versionRef = `${plan.model.externalRef}@${plan.version.version}`;
    await tx.update(modelVersions).set({ externalRef: versionRef }).where(eq(modelVersions.id, version.id));
    const lineage = await recordLineage(actor, tx, plan, { systemId: model.systemId, versionId: version.id, bomSha256 });
    const datasetVersionIds = lineage.datasetVersions.map((v) => v.id);
    await recordAudit(tx, actor, {
      action: 'model.imported', entityType: 'model', entityId: model.id,
      after: { source: 'cyclonedx', serialNumber: plan.serialNumber, bomSha256, vendorName: plan.vendorName, systemId: model.systemId, modelExternalRef: plan.model.externalRef, versionId: version.id, versionExternalRef: versionRef, artifactSha256: sha256, datasetVersionIds, runId: lineage.run?.id ?? null },
    });
    return markCreated({ systemId: model.systemId, model, version: { ...version, externalRef: versionRef }, datasetVersionIds }, true);
  });
}
