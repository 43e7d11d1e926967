import 'server-only';
import { and, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { getDb, independentReads, type Db, type Tx } from '@/db';
import { rawArrays } from '@/db/raw';
import { blobs, deployments, type Comparator, type ModelIndexSource, integrityChecks, modelVersions, promotionPolicies, promotionRequests, users, type PromotionTarget, type RiskTier } from '@/db/schema';
import { NotFound } from '@/lib/errors';
import { isCurrentScan } from '@/lib/artifacts/scan/scan-artifact';
import { resolveFindingSubject } from '@/lib/findings/finding-subject';
import { activeFindingsFor, type SubjectFinding } from '@/lib/findings/queries';
import { upstreamOfKindEach } from '@/lib/lineage/closure';
import { gateSignatureChecker } from '@/lib/signing/model/gate-signature';
import { nodeKey, parseNodeKey } from '@/lib/lineage/node-key';
import { evaluateGate, type GateEvidence, type GateFinding } from './evaluate-gate';
import { undocumented } from './documentation';
import { currentPolicies } from './policy-queries';
import { versionContexts } from './version-context';
import { mapInOrder } from '@/lib/map-in-order';

type EvidenceRow = [versionId: string, id: string, kind: string, environment: string, performedAt: string, receivedAt: string, status: GateEvidence['status'], counts: 0 | 1 | boolean | null, datasetVersionId: string | null, modelIndexResult: string | ModelIndexSource | null, statusReason: string | null, statusChangedAt: string | null, name: string | null, value: number | null, unit: string | null, threshold: number | null, comparator: Comparator | null, passed: 0 | 1 | boolean | null, origin: 'computed' | 'claimed' | null];

// Versions carry thousands of evidence records: one join read as raw rows, grouped in a single pass. A record counts
// for its version when it names the version's bytes. Receipt order (created_at, then rowid for records received in
// the same millisecond) decides which record counts.
const evidenceQuery = (versions: { id: string; digest: string }[]) => {
  const digestOf = sql.join(versions.map(({ id, digest }) => sql`WHEN ${id} THEN ${digest}`), sql` `);
  const ids = sql.join(versions.map(({ id }) => sql`${id}`), sql`, `);
  return sql`SELECT e.model_version_id, e.id, e.kind, e.environment, e.performed_at, e.created_at, e.status, e.artifact_sha256 = CASE e.model_version_id ${digestOf} END AS counts, e.dataset_version_id, e.model_index_result, e.status_reason, e.status_changed_at, m.name, m.value, m.unit, m.threshold, m.comparator, m.passed, m.origin
  FROM evaluations e LEFT JOIN evaluation_metrics m ON m.evaluation_id = e.id WHERE e.model_version_id IN (${ids}) ORDER BY e.model_version_id, e.created_at, e.rowid, m.rowid`;
};

/** The dataset a model-index result names (JSON text on SQLite, parsed on PostgreSQL), as one key; null when none. */
function modelIndexDataset(stored: string | ModelIndexSource | null): string | null {
  const dataset = (typeof stored === 'string' ? (JSON.parse(stored) as ModelIndexSource) : stored)?.dataset;
  return dataset ? `model-index:${JSON.stringify([dataset.type, dataset.name, dataset.config ?? null, dataset.split ?? null, dataset.revision ?? null])}` : null;
}

/** The evidence records of these versions, grouped by version, in receipt order. */
async function readEvidence(versions: { id: string; digest: string }[]): Promise<Map<string, GateEvidence[]>> {
  const byVersion = new Map<string, GateEvidence[]>(versions.map(({ id }) => [id, []]));
  if (versions.length === 0) return byVersion;
  let evidence: GateEvidence[] = [];
  for (const [versionId, id, kind, environment, performedAt, receivedAt, status, counts, datasetVersionId, modelIndexResult, statusReason, statusChangedAt, name, value, unit, threshold, comparator, passed, origin] of await rawArrays<EvidenceRow>(evidenceQuery(versions))) {
    let last = evidence.at(-1);
    if (last?.id !== id) {
      evidence = byVersion.get(versionId)!;
      const datasetKey = datasetVersionId ? `dataset_version:${datasetVersionId}` : modelIndexDataset(modelIndexResult);
      evidence.push((last = { id, kind, environment, performedAt, receivedAt, status, countsForVersion: counts === 1 || counts === true, datasetKey, statusReason, statusChangedAt, metrics: [] }));
    }
    if (name !== null) last.metrics.push({ name, value: value!, unit, threshold, comparator, passed: passed === null ? null : passed === 1 || passed === true, origin: origin ?? 'claimed' });
  }
  return byVersion;
}

/**
 * The evidence of each version, in the order given, with the failed stated thresholds recorded on the same bytes under
 * another label of the same model (`otherVersion`): registering the bytes again must not start with a clean slate.
 * Those records never count for the version; they only fail its gate until its own later value meets them
 * (stated-failures.ts). Another model with these bytes (a system of its own, its own use) keeps its evidence apart.
 */
async function gateEvidenceOf(versions: { id: string; digest: string; modelId: string }[]): Promise<GateEvidence[][]> {
  const own = await readEvidence(versions);
  const others = await getDb()
    .select({ id: modelVersions.id, digest: modelVersions.artifactSha256, modelId: modelVersions.modelId, label: modelVersions.version })
    .from(modelVersions)
    .where(and(inArray(modelVersions.artifactSha256, [...new Set(versions.map((v) => v.digest))]), notInArray(modelVersions.id, versions.map((v) => v.id))));
  const relabelled = others.filter((o) => versions.some((v) => v.modelId === o.modelId && v.digest === o.digest));
  const failedElsewhere = await readEvidence(relabelled);
  return versions.map(({ id, digest, modelId }) => [
    ...own.get(id)!,
    ...relabelled.filter((o) => o.digest === digest && o.modelId === modelId).flatMap((o) => failedElsewhere.get(o.id)!
      .filter((e) => e.countsForVersion && e.status !== 'retracted' && e.metrics.some((m) => m.passed === false))
      .map((e) => ({ ...e, otherVersion: `version ${o.label}` }))),
  ]);
}

/** How far upstream the gate looks for findings on dataset versions: deeper than any real training chain. */
const LINEAGE_DEPTH = 12;

/** Critical and high findings, active or accepted, on the version and on every dataset version upstream of it. */
export async function gateFindings(db: Db | Tx, versionId: string): Promise<GateFinding[]> {
  return (await gateFindingsOf(db, [versionId])).findings[0]!;
}

/** The dataset versions upstream of each version, as deep as the gate looks for their findings (the card shows the same). */
export async function upstreamDatasetVersionIds(versionIds: string[]): Promise<string[][]> {
  return (await upstreamOfKindEach(versionIds.map((id) => nodeKey('model_version', id)), LINEAGE_DEPTH, 'dataset_version')).map((keys) => keys.map((key) => parseNodeKey(key).id));
}

/**
 * `gateFindings` of several versions: one walk upstream from all of them, then one read of the findings. The walk's
 * dataset versions are returned too: the lineage rule counts them.
 */
async function gateFindingsOf(db: Db | Tx, versionIds: string[]): Promise<{ findings: GateFinding[][]; upstream: string[][] }> {
  const upstream = await upstreamDatasetVersionIds(versionIds);
  const found = await activeFindingsFor({ modelVersionIds: versionIds, datasetVersionIds: [...new Set(upstream.flat())], severities: ['critical', 'high'] });
  // Many findings may sit on one upstream dataset version: its name is read once.
  const upstreamIds = [...new Set(found.filter((f) => f.subjectType === 'dataset_version').map((f) => f.subjectId))];
  const labels = new Map(await mapInOrder(upstreamIds, async (id) => [id, (await resolveFindingSubject(db, 'dataset_version', id)).label] as const));
  const gateFinding = (f: SubjectFinding): GateFinding => ({
    id: f.id,
    number: f.number,
    title: f.title,
    severity: f.severity as GateFinding['severity'],
    status: f.status as GateFinding['status'],
    dueDate: f.dueDate,
    subject: f.subjectType === 'model_version' ? 'this version' : `upstream dataset version ${labels.get(f.subjectId)}`,
    waiver: f.waiverExpiresAt ? { expiresAt: f.waiverExpiresAt, printedName: f.waiverSignedBy ?? 'a risk officer' } : null,
  });
  const findings = versionIds.map((id, i) => {
    const datasets = new Set(upstream[i]);
    return found.filter((f) => (f.subjectType === 'model_version' ? f.subjectId === id : datasets.has(f.subjectId))).map(gateFinding);
  });
  return { findings, upstream };
}

/** Open integrity flags on each version or on any of its deployments, by version. */
async function openIntegrityFlags(db: Db | Tx, versionIds: string[]) {
  const open = and(eq(integrityChecks.ok, false), isNull(integrityChecks.resolvedAt));
  const onVersions = db
    .select({ versionId: sql<string | null>`${integrityChecks.subjectId}` })
    .from(integrityChecks)
    .where(and(open, eq(integrityChecks.subjectType, 'model_version'), inArray(integrityChecks.subjectId, versionIds)));
  const onDeployments = db
    .select({ versionId: deployments.modelVersionId })
    .from(integrityChecks)
    .innerJoin(deployments, and(eq(integrityChecks.subjectType, 'deployment'), eq(deployments.id, integrityChecks.subjectId)))
    .where(and(open, inArray(deployments.modelVersionId, versionIds)));
  const counts = new Map<string, number>();
  for (const { versionId } of await onVersions.unionAll(onDeployments)) if (versionId) counts.set(versionId, (counts.get(versionId) ?? 0) + 1);
  return counts;
}

/** For each version: the targets it has an open request for (but `except`), and those it was approved for before. */
async function requestsByTarget(db: Db | Tx, versionIds: string[], targets: PromotionTarget[], except?: string) {
  const rows = targets.length === 0 ? [] : await db
    .selectDistinct({ versionId: promotionRequests.modelVersionId, target: promotionRequests.targetStage, status: promotionRequests.status })
    .from(promotionRequests)
    .where(and(inArray(promotionRequests.modelVersionId, versionIds), inArray(promotionRequests.targetStage, targets), inArray(promotionRequests.status, ['open', 'approved']), except ? ne(promotionRequests.id, except) : undefined));
  return (versionId: string) => {
    const has = (target: PromotionTarget, status: 'open' | 'approved') => rows.some((row) => row.versionId === versionId && row.target === target && row.status === status);
    return { open: (target: PromotionTarget) => has(target, 'open'), approvedBefore: (target: PromotionTarget) => has(target, 'approved') };
  };
}

/** The policies in force for each risk tier and the targets asked of it (a prohibited system has none). */
async function policiesByTier(db: Db | Tx, targetsOf: Map<RiskTier, PromotionTarget[]>) {
  const tiers = [...targetsOf.keys()].filter((tier): tier is Exclude<RiskTier, 'prohibited'> => tier !== 'prohibited');
  const found = await independentReads(...tiers.map((tier) => () => currentPolicies(db, tier, targetsOf.get(tier)!)));
  return (tier: RiskTier, target: PromotionTarget) => (tier === 'prohibited' ? null : (found[tiers.indexOf(tier)]?.get(target) ?? null));
}

export type GateAsk = { versionId: string; targets: readonly PromotionTarget[] };
/**
 * `policy`: judge by this policy version instead of the one in force (a request is signed under the policy it was
 * gated by); `exceptRequestId`: the open request being signed, which is no other open request for its stage.
 */
type GateOptions = { rollback?: boolean; now?: Date; policy?: typeof promotionPolicies.$inferSelect; exceptRequestId?: string };

/**
 * Gathers what the gate needs for a version and each target (as a forward move, or as an explicit rollback), then
 * evaluates it. What does not depend on the target (evidence, findings, flags, the scan, signatures) is read once
 * for all of them. The reads after the version's own do not depend on each other: outside a transaction they run side
 * by side.
 */
export async function gatesForVersion(db: Db | Tx, versionId: string, targets: readonly PromotionTarget[], options: GateOptions = {}) {
  return (await gatesForVersions(db, [{ versionId, targets }], options))[0]!;
}

/**
 * `gatesForVersion` of several versions at once (a dashboard judges a person's versions together): each kind of record
 * (versions, evidence, lineage, flags, scans, findings, requests, policies per risk tier) is read in one statement
 * for all of them, so the number of statements does not grow with the versions.
 */
export async function gatesForVersions(db: Db | Tx, asks: GateAsk[], options: GateOptions = {}) {
  if (asks.length === 0) return [];
  const versionIds = asks.map((ask) => ask.versionId);
  const contexts = await versionContexts(db, versionIds);
  const contextOf = (versionId: string) => {
    const context = contexts.get(versionId);
    if (!context) throw new NotFound('Model version');
    return context;
  };
  const targetsOf = new Map<RiskTier, PromotionTarget[]>();
  for (const { versionId, targets } of asks) {
    const tier = contextOf(versionId).system.riskTier;
    targetsOf.set(tier, [...new Set([...(targetsOf.get(tier) ?? []), ...targets])]);
  }
  const digests = [...new Set(asks.map((ask) => contextOf(ask.versionId).version.artifactSha256))];
  const confirmerIds = [...new Set(asks.map((ask) => contextOf(ask.versionId).system.tierConfirmedById).filter((id): id is string => id !== null))];
  const [evidence, flags, scans, { findings, upstream }, requestsOf, policyFor, confirmers] = await independentReads(
    () => gateEvidenceOf(asks.map(({ versionId }) => ({ id: versionId, digest: contextOf(versionId).version.artifactSha256, modelId: contextOf(versionId).version.modelId }))),
    () => openIntegrityFlags(db, versionIds),
    async () => new Map((await db.select({ sha256: blobs.sha256, scan: blobs.scan }).from(blobs).where(inArray(blobs.sha256, digests))).map((row) => [row.sha256, row.scan])),
    () => gateFindingsOf(db, versionIds),
    () => requestsByTarget(db, versionIds, [...new Set([...targetsOf.values()].flat())], options.exceptRequestId),
    () => policiesByTier(db, targetsOf),
    async () => new Map(confirmerIds.length === 0 ? [] : (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, confirmerIds))).map((row) => [row.id, row.name])),
  );
  return await mapInOrder(asks, async ({ versionId, targets }, i) => {
    const { version, system } = contextOf(versionId);
    const riskTier = system.riskTier;
    const requests = requestsOf(versionId);
    const signatureFor = gateSignatureChecker(db, versionId, version.artifactSha256);
    return await mapInOrder(targets, async (target) => {
      const policy = options.policy ?? policyFor(riskTier, target);
      const gate = evaluateGate({
        riskTier,
        // An owner never vouches for their own tier, however the two came to be one person.
        tierConfirmation: system.tierConfirmedAt && system.tierConfirmedById !== system.ownerId ? { confirmedBy: confirmers.get(system.tierConfirmedById ?? '') ?? 'a former user', confirmedAt: system.tierConfirmedAt } : null,
        systemRetired: system.lifecycleStatus === 'retired',
        stage: version.stage,
        target,
        scanStatus: version.scanStatus,
        scanFindings: version.scanFindings,
        scanOutdated: !isCurrentScan(scans.get(version.artifactSha256)),
        openIntegrityFlags: Math.max(flags.get(versionId) ?? 0, version.integrityOk === false ? 1 : 0),
        openRequestForTarget: requests.open(target),
        policy,
        evidence: evidence[i]!,
        rollback: options.rollback ?? false,
        approvedBefore: requests.approvedBefore(target),
        findings: findings[i]!,
        upstreamDatasetVersions: upstream[i]!.length,
        undocumented: undocumented(system),
        stageChangedAt: version.stageChangedAt,
        signature: policy?.rules.requiredSignerIdentities?.length ? await signatureFor(policy.rules.requiredSignerIdentities) : undefined,
        now: options.now ?? new Date(),
      });
      return { target, gate, policy, version, system, riskTier };
    });
  });
}

/** The gate of a version for one target: `gatesForVersion` for that target alone. */
export async function gateForVersion(db: Db | Tx, versionId: string, target: PromotionTarget, options: GateOptions = {}) {
  return (await gatesForVersion(db, versionId, [target], options))[0]!;
}
