import 'server-only';
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import {
  aiSystems, datasets, datasetVersions, deployments, evaluationAttachments, evaluationMetrics, evaluations, integrityChecks, lineageEdges, models, modelVersions, trainingRuns, users,
} from '@/db/schema';
import { nodeKey } from '@/lib/lineage/node-key';
import { versionContext } from '@/lib/promotion/version-context';
import { cardFindings } from './card-findings';
import { CARD_SCHEMA, type CardContent } from './card-schema';
import type { CycloneDxApproach } from './external-ids';

type Rationale = { questionnaire?: string | null; proposedTier?: CardContent['risk']['proposedTier']; reasons?: string[]; overrideReason?: string; note?: string; classifiedBy?: string; classifiedAt?: string };

/** Upstream of the version through the runs that produced it: the runs, their input datasets and base models. */
async function trainingLineage(db: Db | Tx, versionId: string) {
  const runIds = (await db.select({ from: lineageEdges.fromNode }).from(lineageEdges)
    .where(and(eq(lineageEdges.toNode, nodeKey('model_version', versionId)), eq(lineageEdges.relation, 'output'))))
    .map((e) => e.from.slice('run:'.length));
  const runs = runIds.length ? await db.select().from(trainingRuns).where(inArray(trainingRuns.id, runIds)).orderBy(asc(trainingRuns.startedAt), asc(trainingRuns.id)) : [];
  const inputs = runs.length
    ? await db.select().from(lineageEdges).where(inArray(lineageEdges.toNode, runs.map((r) => nodeKey('run', r.id)))).orderBy(asc(lineageEdges.fromNode))
    : [];
  const idsOf = (runId: string, kind: 'dataset_version' | 'model_version') =>
    inputs.filter((e) => e.toNode === nodeKey('run', runId) && e.fromNode.startsWith(`${kind}:`)).map((e) => e.fromNode.slice(kind.length + 1));
  const datasetVersionIds = [...new Set(runs.flatMap((r) => idsOf(r.id, 'dataset_version')))];
  const baseModelIds = [...new Set(runs.flatMap((r) => idsOf(r.id, 'model_version')))];
  const trainingData = datasetVersionIds.length
    ? await db.select({ v: datasetVersions, d: datasets }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
        .where(inArray(datasetVersions.id, datasetVersionIds)).orderBy(asc(datasets.namespace), asc(datasets.name), asc(datasetVersions.version))
    : [];
  const baseModels = baseModelIds.length
    ? await db.select({ v: modelVersions, model: models.name, system: aiSystems.name }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId))
        .innerJoin(aiSystems, eq(aiSystems.id, models.systemId)).where(inArray(modelVersions.id, baseModelIds)).orderBy(asc(models.name), asc(modelVersions.version))
    : [];
  return {
    trainingData: trainingData.map(({ v, d }) => ({
      datasetVersionId: v.id, namespace: d.namespace, name: d.name, version: v.version, sha256: v.sha256, uri: v.uri,
      // A version inherits the dataset's facts; either level flagging personal data is enough to say so.
      license: v.license || d.license, personalData: Boolean(v.personalData || d.personalData), provenance: d.provenance,
    })),
    lineage: {
      runs: runs.map((r) => ({
        id: r.id, externalRunId: r.externalRunId, job: `${r.jobNamespace}/${r.jobName}`, codeRepository: r.codeRepository, codeCommit: r.codeCommit,
        environmentDigest: r.environmentDigest, startedAt: r.startedAt, endedAt: r.endedAt,
        inputDatasetVersionIds: idsOf(r.id, 'dataset_version'), baseModelVersionIds: idsOf(r.id, 'model_version'),
      })),
      baseModels: baseModels.map(({ v, model, system }) => ({
        modelVersionId: v.id, system, model, version: v.version, sha256: v.artifactSha256, externalSource: v.externalSource, externalRevision: v.externalRevision,
      })),
    },
  };
}

async function evidenceOf(db: Db | Tx, versionId: string, digest: string): Promise<CardContent['evaluations']> {
  const rows = await db.select().from(evaluations).where(and(eq(evaluations.modelVersionId, versionId), eq(evaluations.artifactSha256, digest), eq(evaluations.status, 'active')))
    .orderBy(asc(evaluations.createdAt), asc(evaluations.id));
  const ids = rows.map((e) => e.id);
  const metrics = ids.length ? await db.select().from(evaluationMetrics).where(inArray(evaluationMetrics.evaluationId, ids)).orderBy(asc(evaluationMetrics.name), asc(evaluationMetrics.id)) : [];
  const attachments = ids.length ? await db.select().from(evaluationAttachments).where(inArray(evaluationAttachments.evaluationId, ids)).orderBy(asc(evaluationAttachments.fileName)) : [];
  return rows.map((e) => ({
    id: e.id, kind: e.kind, environment: e.environment, datasetVersionId: e.datasetVersionId, producer: e.producer, summary: e.summary, performedAt: e.performedAt, artifactSha256: e.artifactSha256,
    // The unit is left out when there is none, so cards signed before units existed keep their digest.
    metrics: metrics.filter((x) => x.evaluationId === e.id).map((x) => ({
      name: x.name, value: x.value, ...(x.unit ? { unit: x.unit } : {}), threshold: x.threshold, comparator: x.comparator, passed: x.passed,
      ...(x.lowerBound !== null ? { lowerBound: x.lowerBound } : {}), ...(x.upperBound !== null ? { upperBound: x.upperBound } : {}),
      // Only computed figures say so: a typed one is the default, and cards signed before keep their digest.
      ...(x.origin === 'computed' ? { origin: 'computed' as const } : {}),
      // Records imported with their model-index source carry its metric ids; older records keep their card digest.
      ...(e.modelIndexResult && x.metricType ? { metricType: x.metricType } : {}),
    })),
    ...(e.modelIndexResult ? { modelIndex: e.modelIndexResult } : {}),
    attachments: attachments.filter((a) => a.evaluationId === e.id).map((a) => ({ fileName: a.fileName, sha256: a.blobSha256, mediaType: a.mediaType })),
    ...(e.reportFormat ? { report: { format: e.reportFormat, tool: e.reportTool ?? '' } } : {}),
  }));
}

/** Failed integrity checks not yet resolved, on the version itself or on a deployment of it. */
async function openFindings(db: Db | Tx, versionId: string): Promise<CardContent['integrity']['openFindings']> {
  return (await db.select({ c: integrityChecks, endpoint: deployments.endpoint, environment: deployments.environment }).from(integrityChecks)
    .leftJoin(deployments, and(eq(integrityChecks.subjectType, 'deployment'), eq(deployments.id, integrityChecks.subjectId)))
    .where(and(eq(integrityChecks.ok, false), isNull(integrityChecks.resolvedAt),
      or(and(eq(integrityChecks.subjectType, 'model_version'), eq(integrityChecks.subjectId, versionId)), eq(deployments.modelVersionId, versionId))))
    .orderBy(asc(integrityChecks.createdAt), asc(integrityChecks.id)))
    .map(({ c, endpoint, environment }) => ({
      id: c.id, kind: c.kind, subject: endpoint ?? 'stored artifact', environment: environment ?? null, expectedSha256: c.expectedSha256, actualSha256: c.actualSha256, message: c.message, raisedAt: c.createdAt,
    }));
}

/** The model's Hub and CycloneDX metadata, each field only when set (cards signed before they existed keep their digest). */
function modelMetadata(m: typeof models.$inferSelect): Partial<CardContent['model']> {
  const set = <T>(value: T | null, keep: (v: T) => boolean = Boolean) => (value !== null && keep(value) ? value : undefined);
  const entries = Object.entries({
    libraryName: set(m.libraryName), pipelineTag: set(m.pipelineTag), languages: set(m.languages, (l) => l.length > 0), approach: set(m.approach as CycloneDxApproach | null),
    architectureFamily: set(m.architectureFamily), modelArchitecture: set(m.modelArchitecture), inputs: set(m.inputs, (l) => l.length > 0), outputs: set(m.outputs, (l) => l.length > 0),
  });
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** The card of one model version as the record stands now; promotion snapshots freeze exactly this. */
export async function buildCardContent(db: Db | Tx, versionId: string): Promise<CardContent> {
  const { system: s, model: m, version: v } = await versionContext(db, versionId);
  const owner = first(await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, s.ownerId)).limit(1))!;
  const rationale = (s.riskRationale ?? {}) as Rationale;
  const upstream = await trainingLineage(db, versionId);
  const findings = await cardFindings(db, {
    versionId, versionLabel: `${m.name} ${v.version}`,
    datasetLabels: new Map(upstream.trainingData.map((d) => [d.datasetVersionId, `${d.namespace}/${d.name} ${d.version}`])),
  });
  return {
    schema: CARD_SCHEMA,
    system: {
      id: s.id, name: s.name, purpose: s.purpose, owner, businessOwner: s.businessOwner, intendedUse: s.intendedUse, outOfScopeUses: s.outOfScopeUses,
      deploymentContext: s.deploymentContext, humanOversight: s.humanOversight, personalData: s.personalData, thirdParty: s.thirdParty, vendorName: s.vendorName,
    },
    risk: {
      tier: s.riskTier, generalPurposeModel: s.generalPurposeModel, questionnaire: rationale.questionnaire ?? null, proposedTier: rationale.proposedTier ?? null,
      reasons: rationale.reasons ?? [], justification: rationale.overrideReason || rationale.note || '', classifiedBy: rationale.classifiedBy ?? null, classifiedAt: rationale.classifiedAt ?? null,
    },
    narrative: { limitations: s.limitations, ethicalConsiderations: s.ethicalConsiderations, recommendations: s.recommendations },
    model: { id: m.id, name: m.name, task: m.task, description: m.description, ...modelMetadata(m) },
    version: {
      id: v.id, version: v.version, artifactSha256: v.artifactSha256, artifactSize: v.artifactSize, format: v.format, uri: v.uri, license: v.license,
      externalSource: v.externalSource, externalRevision: v.externalRevision, registeredAt: v.createdAt,
    },
    ...upstream,
    evaluations: await evidenceOf(db, versionId, v.artifactSha256),
    integrity: {
      scanStatus: v.scanStatus, scanFindings: v.scanFindings, lastVerification: v.integrityOk === null ? 'never' : v.integrityOk ? 'matched' : 'mismatched',
      openFindings: await openFindings(db, versionId),
    },
    ...(findings ? { findings } : {}),
  };
}
