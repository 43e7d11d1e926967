import 'server-only';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { deployments, evaluationMetrics, evaluations, integrityChecks, promotionRequests, type PromotionTarget } from '@/db/schema';
import { evaluateGate, type GateEvidence } from './evaluate-gate';
import { currentPolicy } from './policy-queries';
import { versionContext } from './version-context';

/** Gathers what the gate needs for a version and target, then evaluates it. */
export function gateForVersion(db: Db | Tx, versionId: string, target: PromotionTarget, now = new Date()) {
  const { version, system } = versionContext(db, versionId);
  const riskTier = system.riskTier;
  const rows = db
    .select({ id: evaluations.id, kind: evaluations.kind, environment: evaluations.environment, performedAt: evaluations.performedAt, artifactSha256: evaluations.artifactSha256 })
    .from(evaluations)
    .where(eq(evaluations.modelVersionId, versionId))
    .all();
  // A join rather than an IN list of every evaluation id: versions can carry thousands of records.
  const metrics = db
    .select({ evaluationId: evaluationMetrics.evaluationId, name: evaluationMetrics.name, value: evaluationMetrics.value, passed: evaluationMetrics.passed })
    .from(evaluationMetrics)
    .innerJoin(evaluations, eq(evaluations.id, evaluationMetrics.evaluationId))
    .where(eq(evaluations.modelVersionId, versionId))
    .all();
  const byEvaluation = new Map<string, GateEvidence['metrics']>();
  for (const m of metrics) {
    const list = byEvaluation.get(m.evaluationId);
    if (list) list.push({ name: m.name, value: m.value, passed: m.passed });
    else byEvaluation.set(m.evaluationId, [{ name: m.name, value: m.value, passed: m.passed }]);
  }
  const evidence: GateEvidence[] = rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    environment: e.environment,
    performedAt: e.performedAt,
    countsForVersion: e.artifactSha256 === version.artifactSha256,
    metrics: byEvaluation.get(e.id) ?? [],
  }));
  const deployed = db.select({ id: deployments.id }).from(deployments).where(eq(deployments.modelVersionId, versionId)).all().map((d) => d.id);
  const flags = db
    .select({ id: integrityChecks.id })
    .from(integrityChecks)
    .where(
      and(
        eq(integrityChecks.ok, false),
        isNull(integrityChecks.resolvedAt),
        or(and(eq(integrityChecks.subjectType, 'model_version'), eq(integrityChecks.subjectId, versionId)), and(eq(integrityChecks.subjectType, 'deployment'), inArray(integrityChecks.subjectId, deployed))),
      ),
    )
    .all().length;
  const openRequest = db
    .select({ id: promotionRequests.id })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.modelVersionId, versionId), eq(promotionRequests.targetStage, target), eq(promotionRequests.status, 'open')))
    .get();
  const policy = riskTier === 'prohibited' ? null : (currentPolicy(db, riskTier, target) ?? null);
  const approvedBefore = db
    .select({ id: promotionRequests.id })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.modelVersionId, versionId), eq(promotionRequests.targetStage, target), eq(promotionRequests.status, 'approved')))
    .get();
  const rollback = version.stage === 'archived' && !!approvedBefore && !!policy?.rules.allowExpeditedRollback;
  const gate = evaluateGate({
    riskTier,
    stage: version.stage,
    target,
    scanStatus: version.scanStatus,
    openIntegrityFlags: Math.max(flags, version.integrityOk === false ? 1 : 0),
    openRequestForTarget: !!openRequest,
    policy,
    evidence,
    rollback,
    now,
  });
  return { gate, policy, version, riskTier };
}
