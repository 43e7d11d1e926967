import 'server-only';
import { and, asc, count, eq, inArray, ne, notExists, sql } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { jsonArrayAt, jsonNumberAt, jsonTextAt } from '@/db/portable-sql';
import { aiSystems, models, modelVersions, promotionPolicies, promotionRequests, signatures, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { unsignableRequests } from '@/lib/promotion/request-staleness';
import { awaitedRoles } from './awaited-roles';

const SIGNING_ROLES: Role[] = ['risk_officer', 'security_reviewer'];

/**
 * Open requests this person may sign now: a required role they hold is still short of approvals, they did not
 * request it and have not signed it. Oldest first; `total` counts them all.
 */
export async function awaitingSignature(actor: Actor, limit = 10) {
  assertCan(actor, 'promotion.sign');
  const roles = actor.roles.filter((r) => SIGNING_ROLES.includes(r));
  if (actor.type !== 'user' || roles.length === 0) return { items: [], total: 0 };
  const db = getDb();
  const roleList = sql.join(roles.map((r) => sql`${r}`), sql`, `);
  // A role of theirs the policy still needs: its approvals so far fall short of the count the policy asks for.
  const needRole = jsonTextAt(sql`need.value`, 'role');
  const needsMyRole = sql`EXISTS (SELECT 1 FROM ${jsonArrayAt(promotionPolicies.rules, 'requiredApprovers', 'need')}
    WHERE ${needRole} IN (${roleList})
    AND (SELECT count(*) FROM signatures s WHERE s.request_id = ${promotionRequests.id} AND s.role = ${needRole} AND s.decision = 'approve') < ${jsonNumberAt(sql`need.value`, 'count')})`;
  const where = and(
    eq(promotionRequests.status, 'open'),
    ne(promotionRequests.requesterId, actor.userId),
    notExists(db.select({ one: sql`1` }).from(signatures).where(and(eq(signatures.requestId, promotionRequests.id), eq(signatures.signerId, actor.userId)))),
    needsMyRole,
  );
  const rows = await db
    .select({ id: promotionRequests.id, createdAt: promotionRequests.createdAt, targetStage: promotionRequests.targetStage, version: modelVersions.version, modelName: models.name, systemName: aiSystems.name, riskTier: aiSystems.riskTier, requester: users.name, requesterEmail: users.email, rules: promotionPolicies.rules, modelVersionId: promotionRequests.modelVersionId, snapshotSha256: promotionRequests.snapshotSha256 })
    .from(promotionRequests)
    .innerJoin(promotionPolicies, eq(promotionPolicies.id, promotionRequests.policyId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .innerJoin(users, eq(users.id, promotionRequests.requesterId))
    .where(where)
    .orderBy(asc(promotionRequests.createdAt))
    .limit(limit);
  const total = first(await db.select({ n: count() }).from(promotionRequests).innerJoin(promotionPolicies, eq(promotionPolicies.id, promotionRequests.policyId)).where(where).limit(1))?.n ?? 0;
  const signed = rows.length ? await db.select({ requestId: signatures.requestId, role: signatures.role, decision: signatures.decision }).from(signatures).where(inArray(signatures.requestId, rows.map((r) => r.id))) : [];
  // A request whose record moved on cannot be signed: it still shows, saying so, rather than as work waiting.
  const changed = await unsignableRequests(db, rows);
  const items = rows.map(({ rules, modelVersionId: _version, snapshotSha256: _snapshot, ...r }) => {
    const awaited = awaitedRoles(rules.requiredApprovers, signed.filter((s) => s.requestId === r.id));
    return { ...r, changed: changed.get(r.id) ?? null, myRoles: awaited.map((a) => a.role).filter((role) => roles.includes(role as Role)) };
  });
  return { items, total };
}
