import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { evaluationAttachments, evaluationMetrics, evaluations, type PromotionTarget } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';
import { versionContext } from './version-context';

export const SNAPSHOT_SCHEMA = 'provenant.promotion-snapshot/v1';

/**
 * What a signer approves: the AI Card data and the evidence at submission, as canonical JSON. Only content, no
 * clocks, so recomputing it later gives the same digest unless the record itself changed.
 */
export function buildSnapshot(db: Db | Tx, versionId: string, target: PromotionTarget, policy: { id: string; version: number }) {
  const { system: s, model: m, version: v } = versionContext(db, versionId);
  const evidence = db.select().from(evaluations).where(and(eq(evaluations.modelVersionId, versionId), eq(evaluations.artifactSha256, v.artifactSha256))).orderBy(asc(evaluations.performedAt), asc(evaluations.id)).all();
  const ids = evidence.map((e) => e.id);
  const metrics = ids.length ? db.select().from(evaluationMetrics).where(inArray(evaluationMetrics.evaluationId, ids)).orderBy(asc(evaluationMetrics.name), asc(evaluationMetrics.id)).all() : [];
  const attachments = ids.length ? db.select().from(evaluationAttachments).where(inArray(evaluationAttachments.evaluationId, ids)).orderBy(asc(evaluationAttachments.fileName)).all() : [];
  const content = {
    schema: SNAPSHOT_SCHEMA,
    target,
    policy: { id: policy.id, version: policy.version },
    system: {
      id: s.id, name: s.name, purpose: s.purpose, intendedUse: s.intendedUse, outOfScopeUses: s.outOfScopeUses, businessOwner: s.businessOwner,
      riskTier: s.riskTier, generalPurposeModel: s.generalPurposeModel, riskRationale: s.riskRationale, deploymentContext: s.deploymentContext,
      humanOversight: s.humanOversight, personalData: s.personalData, limitations: s.limitations, ethicalConsiderations: s.ethicalConsiderations,
      recommendations: s.recommendations, thirdParty: s.thirdParty, vendorName: s.vendorName,
    },
    model: { id: m.id, name: m.name, task: m.task, description: m.description },
    version: {
      id: v.id, version: v.version, artifactSha256: v.artifactSha256, artifactSize: v.artifactSize, format: v.format, uri: v.uri, license: v.license,
      externalSource: v.externalSource, externalRevision: v.externalRevision, stage: v.stage, scanStatus: v.scanStatus, scanFindings: v.scanFindings, integrityOk: v.integrityOk,
    },
    evidence: evidence.map((e) => ({
      id: e.id, kind: e.kind, environment: e.environment, datasetVersionId: e.datasetVersionId, producer: e.producer, summary: e.summary, performedAt: e.performedAt, artifactSha256: e.artifactSha256,
      metrics: metrics.filter((x) => x.evaluationId === e.id).map((x) => ({ name: x.name, value: x.value, threshold: x.threshold, comparator: x.comparator, passed: x.passed })),
      attachments: attachments.filter((a) => a.evaluationId === e.id).map((a) => ({ fileName: a.fileName, sha256: a.blobSha256, mediaType: a.mediaType })),
    })),
  };
  const json = canonicalJson(content);
  return { content, json, sha256: createHash('sha256').update(json).digest('hex') };
}
