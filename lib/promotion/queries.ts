import 'server-only';
import { readSnapshot } from '@/lib/cards/read-snapshot';
import { and, asc, count, desc, eq, inArray, lte, ne, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems, models, modelVersions, PROMOTION_TARGETS, promotionPolicies, promotionRequests, signatures, users, type PromotionTarget } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { offsetOf } from '@/lib/db-helpers';
import { NotFound } from '@/lib/errors';
import { FORWARD_TARGETS } from './evaluate-gate';
import type { ApprovalListStatus } from './schemas';
import { gateForVersion, gatesForVersion } from './gate-context';
import { nocase } from '@/lib/db-helpers';
import { conditionFindingsOf } from './condition-findings';

const requestColumns = {
  request: promotionRequests,
  version: modelVersions.version,
  versionStage: modelVersions.stage,
  modelId: models.id,
  modelName: models.name,
  systemId: aiSystems.id,
  systemName: aiSystems.name,
  riskTier: aiSystems.riskTier,
  requester: users.name,
  requesterEmail: users.email,
  policyRules: promotionPolicies.rules,
  policyVersion: promotionPolicies.version,
};

function requestsQuery(where: SQL | undefined) {
  return getDb()
    .select(requestColumns)
    .from(promotionRequests)
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .innerJoin(users, eq(users.id, promotionRequests.requesterId))
    .innerJoin(promotionPolicies, eq(promotionPolicies.id, promotionRequests.policyId))
    .where(where);
}

/**
 * The reviewers' queue (open requests, oldest first) or the decided ones (a status, or `closed` for any), most recently
 * decided first; filtered by tier, system and age.
 */
export async function approvalQueue(actor: Actor, query: { status?: ApprovalListStatus; riskTier?: string; systemId?: string; minAgeDays?: number; page: number; pageSize: number }) {
  assertCan(actor, 'inventory.read');
  const status = query.status ?? 'open';
  const filters: SQL[] = [status === 'closed' ? ne(promotionRequests.status, 'open') : eq(promotionRequests.status, status)];
  if (query.riskTier) filters.push(eq(aiSystems.riskTier, query.riskTier as 'high'));
  if (query.systemId) filters.push(eq(aiSystems.id, query.systemId));
  if (query.minAgeDays) filters.push(lte(promotionRequests.createdAt, new Date(Date.now() - query.minAgeDays * 86400000).toISOString()));
  const where = and(...filters);
  const order = status === 'open' ? [asc(promotionRequests.createdAt), asc(promotionRequests.id)] : [desc(promotionRequests.closedAt), desc(promotionRequests.id)];
  const items = await requestsQuery(where).orderBy(...order).limit(query.pageSize).offset(offsetOf(query));
  const total = first(await getDb().select({ n: count() }).from(promotionRequests).innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId)).innerJoin(models, eq(models.id, modelVersions.modelId)).innerJoin(aiSystems, eq(aiSystems.id, models.systemId)).where(where).limit(1))?.n ?? 0;
  return { items: await withSignatures(items), total, page: query.page, pageSize: query.pageSize };
}

/** The requests' signatures, oldest first; one with conditions carries the finding that tracks them, once approved. */
async function withSignatures<T extends { request: { id: string } }>(rows: T[]) {
  const ids = rows.map((r) => r.request.id);
  const all = ids.length ? await getDb().select().from(signatures).where(inArray(signatures.requestId, ids)).orderBy(asc(signatures.signedAt)) : [];
  const tracked = await conditionFindingsOf(getDb(), all.filter((s) => s.conditions).map((s) => s.id));
  const withFinding = all.map((s) => ({ ...s, conditionFinding: tracked.get(s.id) ?? null }));
  return rows.map((r) => ({ ...r, signatures: withFinding.filter((s) => s.requestId === r.request.id) }));
}

/** One request with its policy, frozen snapshot and signatures: what a reviewer reviews. */
export async function getPromotionRequest(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const row = first(await requestsQuery(eq(promotionRequests.id, id)));
  if (!row) throw new NotFound('Promotion request');
  const db = getDb();
  const policy = first(await db.select().from(promotionPolicies).where(eq(promotionPolicies.id, row.request.policyId)).limit(1))!;
  const [withSigs] = await withSignatures([row]);
  return { ...withSigs!, policy, snapshot: await readSnapshot(db, row.request.snapshotSha256) };
}

/** Every request of a version, newest first, with signatures: the version's promotion history. */
export async function promotionHistory(actor: Actor, modelVersionId: string) {
  assertCan(actor, 'inventory.read');
  return await withSignatures(await requestsQuery(eq(promotionRequests.modelVersionId, modelVersionId)).orderBy(desc(promotionRequests.createdAt)));
}

/** For a system: which version is in which stage since when, and who approved it. */
export async function stagesOfSystem(actor: Actor, systemId: string) {
  assertCan(actor, 'inventory.read');
  const rows = await getDb()
    .select({ id: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, since: modelVersions.stageChangedAt, modelId: models.id, modelName: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.systemId, systemId), inArray(modelVersions.stage, ['staging', 'production'])))
    .orderBy(nocase(models.name), desc(modelVersions.stage));
  const approved = rows.length
    ? await withSignatures(await requestsQuery(and(inArray(promotionRequests.modelVersionId, rows.map((r) => r.id)), eq(promotionRequests.status, 'approved'))).orderBy(desc(promotionRequests.closedAt)))
    : [];
  return rows.map((r) => ({ ...r, approval: approved.find((a) => a.request.modelVersionId === r.id && a.request.targetStage === r.stage) ?? null }));
}

/** The stages a version was approved for, in stage order. */
async function approvedTargets(modelVersionId: string): Promise<PromotionTarget[]> {
  const approved = new Set((await getDb().select({ target: promotionRequests.targetStage }).from(promotionRequests).where(and(eq(promotionRequests.modelVersionId, modelVersionId), eq(promotionRequests.status, 'approved')))).map((r) => r.target));
  return PROMOTION_TARGETS.filter((target) => approved.has(target));
}

/** A version's stage; an archived version moves only by an explicit rollback, so its gates are read as one. */
async function stageOf(modelVersionId: string) {
  const version = first(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, modelVersionId)).limit(1));
  if (!version) throw new NotFound('Model version');
  return { stage: version.stage, rollback: version.stage === 'archived' };
}

/** The live gate of a version for each stage it could move up to; an archived version only by an explicit rollback. */
export async function liveGates(actor: Actor, modelVersionId: string) {
  assertCan(actor, 'inventory.read');
  const { stage, rollback } = await stageOf(modelVersionId);
  // An archived version rolls back only to a stage it was approved for: the others are not offered at all.
  const targets = rollback ? await approvedTargets(modelVersionId) : FORWARD_TARGETS[stage];
  return (await gatesForVersion(getDb(), modelVersionId, targets, { rollback })).map(({ target, gate }) => ({ target, rollback, gate }));
}

/** The live gate of a version for one target, whatever its stage: what a pipeline asks before it promotes or ships. */
export async function liveGate(actor: Actor, modelVersionId: string, target: PromotionTarget) {
  assertCan(actor, 'inventory.read');
  const { stage, rollback } = await stageOf(modelVersionId);
  return { modelVersionId, stage, target, rollback, gate: (await gateForVersion(getDb(), modelVersionId, target, { rollback })).gate };
}

/** The version of the same model now in production (if another), for the reviewer's comparison. */
export async function productionCounterpart(actor: Actor, modelId: string, versionId: string) {
  assertCan(actor, 'inventory.read');
  const current = first(await getDb()
    .select({ id: modelVersions.id, version: modelVersions.version, artifactSha256: modelVersions.artifactSha256, since: modelVersions.stageChangedAt })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, 'production'))).limit(1));
  return current && current.id !== versionId ? current : null;
}
