import 'server-only';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { first, independentReads, type Db, type Tx } from '@/db';
import { rawArrays } from '@/db/raw';
import { blobs, deployments, integrityChecks, promotionRequests, type PromotionTarget } from '@/db/schema';
import { isCurrentScan } from '@/lib/artifacts/scan/scan-artifact';
import { resolveFindingSubject } from '@/lib/findings/finding-subject';
import { activeFindingsFor } from '@/lib/findings/queries';
import { upstreamOfKind } from '@/lib/lineage/closure';
import { gateSignatureChecker } from '@/lib/signing/model/gate-signature';
import { nodeKey, parseNodeKey } from '@/lib/lineage/node-key';
import { evaluateGate, type GateEvidence, type GateFinding } from './evaluate-gate';
import { currentPolicies } from './policy-queries';
import { versionContext } from './version-context';
import { mapInOrder } from '@/lib/map-in-order';

type EvidenceRow = [id: string, kind: string, environment: string, performedAt: string, receivedAt: string, status: GateEvidence['status'], counts: 0 | 1 | boolean | null, name: string | null, value: number | null, unit: string | null, passed: 0 | 1 | boolean | null, origin: 'computed' | 'claimed' | null];

// Versions carry thousands of evidence records: one join read as raw rows, grouped in a single pass.
// Receipt order (created_at, then rowid for records received in the same millisecond) decides which record counts.
const evidenceQuery = (digest: string, versionId: string) => sql`SELECT e.id, e.kind, e.environment, e.performed_at, e.created_at, e.status, e.artifact_sha256 = ${digest} AS counts, m.name, m.value, m.unit, m.passed, m.origin
  FROM evaluations e LEFT JOIN evaluation_metrics m ON m.evaluation_id = e.id WHERE e.model_version_id = ${versionId} ORDER BY e.created_at, e.rowid, m.rowid`;

async function gateEvidence(versionId: string, digest: string): Promise<GateEvidence[]> {
  const evidence: GateEvidence[] = [];
  for (const [id, kind, environment, performedAt, receivedAt, status, counts, name, value, unit, passed, origin] of await rawArrays<EvidenceRow>(evidenceQuery(digest, versionId))) {
    let last = evidence.at(-1);
    if (last?.id !== id) evidence.push((last = { id, kind, environment, performedAt, receivedAt, status, countsForVersion: counts === 1 || counts === true, metrics: [] }));
    if (name !== null) last.metrics.push({ name, value: value!, unit, passed: passed === null ? null : passed === 1 || passed === true, origin: origin ?? 'claimed' });
  }
  return evidence;
}

/** How far upstream the gate looks for findings on dataset versions: deeper than any real training chain. */
const LINEAGE_DEPTH = 12;

/** Critical and high findings, active or accepted, on the version and on every dataset version upstream of it. */
export async function gateFindings(db: Db | Tx, versionId: string): Promise<GateFinding[]> {
  const upstream = (await upstreamOfKind(nodeKey('model_version', versionId), LINEAGE_DEPTH, 'dataset_version')).map((key) => parseNodeKey(key).id);
  const found = await activeFindingsFor({ modelVersionIds: [versionId], datasetVersionIds: upstream, severities: ['critical', 'high'] });
  // Many findings may sit on one upstream dataset version: its name is read once.
  const upstreamIds = [...new Set(found.filter((f) => f.subjectType === 'dataset_version').map((f) => f.subjectId))];
  const labels = new Map(await mapInOrder(upstreamIds, async (id) => [id, (await resolveFindingSubject(db, 'dataset_version', id)).label] as const));
  return found.map((f) => ({
    id: f.id,
    number: f.number,
    title: f.title,
    severity: f.severity as GateFinding['severity'],
    status: f.status as GateFinding['status'],
    dueDate: f.dueDate,
    subject: f.subjectType === 'model_version' ? 'this version' : `upstream dataset version ${labels.get(f.subjectId)}`,
    waiver: f.waiverExpiresAt ? { expiresAt: f.waiverExpiresAt, printedName: f.waiverSignedBy ?? 'a risk officer' } : null,
  }));
}

/** Open integrity flags on the version or on any of its deployments. */
async function openIntegrityFlags(db: Db | Tx, versionId: string) {
  const ofDeployments = db.select({ id: deployments.id }).from(deployments).where(eq(deployments.modelVersionId, versionId));
  const subject = or(and(eq(integrityChecks.subjectType, 'model_version'), eq(integrityChecks.subjectId, versionId)), and(eq(integrityChecks.subjectType, 'deployment'), inArray(integrityChecks.subjectId, ofDeployments)));
  return (await db.select({ id: integrityChecks.id }).from(integrityChecks).where(and(eq(integrityChecks.ok, false), isNull(integrityChecks.resolvedAt), subject))).length;
}

/** The targets this version has an open request for, and those it was approved for before. */
async function requestsByTarget(db: Db | Tx, versionId: string, targets: readonly PromotionTarget[]) {
  const rows = targets.length === 0 ? [] : await db
    .selectDistinct({ target: promotionRequests.targetStage, status: promotionRequests.status })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.modelVersionId, versionId), inArray(promotionRequests.targetStage, [...targets]), inArray(promotionRequests.status, ['open', 'approved'])));
  const has = (target: PromotionTarget, status: 'open' | 'approved') => rows.some((row) => row.target === target && row.status === status);
  return { open: (target: PromotionTarget) => has(target, 'open'), approvedBefore: (target: PromotionTarget) => has(target, 'approved') };
}

/**
 * Gathers what the gate needs for a version and each target (as a forward move, or as an explicit rollback), then
 * evaluates it. What does not depend on the target (evidence, findings, flags, the scan, signatures) is read once
 * for all of them. The reads after the version's own do not depend on each other: outside a transaction they run side
 * by side.
 */
export async function gatesForVersion(db: Db | Tx, versionId: string, targets: readonly PromotionTarget[], options: { rollback?: boolean; now?: Date } = {}) {
  const { version, system } = await versionContext(db, versionId);
  const riskTier = system.riskTier;
  const [evidence, flags, blob, findings, requests, policies] = await independentReads(
    () => gateEvidence(versionId, version.artifactSha256),
    () => openIntegrityFlags(db, versionId),
    async () => await db.select({ scan: blobs.scan }).from(blobs).where(eq(blobs.sha256, version.artifactSha256)).limit(1),
    () => gateFindings(db, versionId),
    () => requestsByTarget(db, versionId, targets),
    () => currentPolicies(db, riskTier, riskTier === 'prohibited' ? [] : targets),
  );
  const signatureFor = gateSignatureChecker(db, versionId, version.artifactSha256);
  return await mapInOrder(targets, async (target) => {
    const policy = policies.get(target);
    const gate = evaluateGate({
      riskTier,
      stage: version.stage,
      target,
      scanStatus: version.scanStatus,
      scanFindings: version.scanFindings,
      scanOutdated: !isCurrentScan(first(blob)?.scan),
      openIntegrityFlags: Math.max(flags, version.integrityOk === false ? 1 : 0),
      openRequestForTarget: requests.open(target),
      policy: policy ?? null,
      evidence,
      rollback: options.rollback ?? false,
      approvedBefore: requests.approvedBefore(target),
      findings,
      signature: policy?.rules.requiredSignerIdentities?.length ? await signatureFor(policy.rules.requiredSignerIdentities) : undefined,
      now: options.now ?? new Date(),
    });
    return { target, gate, policy: policy ?? null, version, system, riskTier };
  });
}

/** The gate of a version for one target: `gatesForVersion` for that target alone. */
export async function gateForVersion(db: Db | Tx, versionId: string, target: PromotionTarget, options: { rollback?: boolean; now?: Date } = {}) {
  return (await gatesForVersion(db, versionId, [target], options))[0]!;
}
