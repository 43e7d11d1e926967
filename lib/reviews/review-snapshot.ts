import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { ACTIVE_FINDING_STATUSES, aiSystems, findings, findingWaivers, models, modelVersions, reviews, reviewTriggers, users } from '@/db/schema';
import { canonicalJson } from '@/lib/canonical-json';
import { NotFound } from '@/lib/errors';
import { resolveFindingSubject } from '@/lib/findings/finding-subject';
import { findingRef } from '@/lib/findings/raise-finding';
import { approvalConditionsOf } from '@/lib/promotion/approval-conditions';
import { buildSnapshot } from '@/lib/promotion/snapshot';
import { latestMonitoring } from './latest-monitoring';
import { mapInOrder } from '@/lib/map-in-order';

const LIVE_FINDING_STATUSES = [...ACTIVE_FINDING_STATUSES, 'accepted'] as const;

/** The system's card: its own facts and each version's stage and current AI Card digest. */
async function systemCard(db: Db | Tx, systemId: string) {
  const system = first(await db.select().from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) throw new NotFound('AI system');
  const owner = first(await db.select({ name: users.name }).from(users).where(eq(users.id, system.ownerId)).limit(1));
  const versions = await mapInOrder((await db
    .select({ modelId: models.id, model: models.name, id: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, artifactSha256: modelVersions.artifactSha256 })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(models.systemId, systemId))
    .orderBy(asc(models.name), asc(modelVersions.createdAt), asc(modelVersions.id))), async (v) => ({ ...v, cardSha256: v.stage === 'archived' ? null : (await buildSnapshot(db, v.id)).sha256 }));
  const { createdAt: _created, updatedAt: _updated, riskRationale: _rationale, ...facts } = system;
  return { system: { ...facts, ownerName: owner?.name ?? null }, versions };
}

/**
 * Active and accepted findings on the system, its versions and the dataset versions it owns, with live waivers.
 * Occurrences stay out: a monitoring repeat of a known breach must not make a review unsignable.
 */
async function systemFindings(db: Db | Tx, systemId: string) {
  const rows = await db
    .select({ finding: findings, waiver: findingWaivers })
    .from(findings)
    .leftJoin(findingWaivers, and(eq(findingWaivers.findingId, findings.id), isNull(findingWaivers.endedAt), eq(findings.status, 'accepted')))
    .where(and(eq(findings.systemId, systemId), inArray(findings.status, LIVE_FINDING_STATUSES)))
    .orderBy(asc(findings.number));
  return await mapInOrder(rows, async ({ finding: f, waiver: w }) => ({
    id: f.id,
    ref: findingRef(f.number),
    title: f.title,
    type: f.type,
    severity: f.severity,
    status: f.status,
    subject: { type: f.subjectType, id: f.subjectId, label: (await resolveFindingSubject(db, f.subjectType, f.subjectId)).label },
    dueDate: f.dueDate,
    waiver: w ? { justification: w.justification, compensatingControls: w.compensatingControls, expiresAt: w.expiresAt, printedName: w.printedName, signedAt: w.signedAt } : null,
  }));
}

export type ReviewSnapshotContent = Awaited<ReturnType<typeof reviewSnapshotContent>>;

async function reviewSnapshotContent(db: Db | Tx, systemId: string) {
  const card = await systemCard(db, systemId);
  const liveVersionIds = card.versions.filter((v) => v.stage === 'production' || v.stage === 'staging').map((v) => v.id);
  const triggers = await db
    .select({ id: reviewTriggers.id, reason: reviewTriggers.reason, detail: reviewTriggers.detail, createdAt: reviewTriggers.createdAt })
    .from(reviewTriggers)
    .where(and(eq(reviewTriggers.systemId, systemId), isNull(reviewTriggers.resolvedByReviewId)))
    .orderBy(asc(reviewTriggers.createdAt), asc(reviewTriggers.id));
  // The reviews signed so far (immutable, never deleted: each signature adds one) and the latest: a signature is given
  // knowing them, so two signatures over one snapshot are never both taken, even on the same day, when the next review
  // date and everything else here stay as they were.
  const signed = await db
    .select({ id: reviews.id, outcome: reviews.outcome, signedAt: reviews.signedAt })
    .from(reviews)
    .where(eq(reviews.systemId, systemId))
    .orderBy(desc(reviews.signedAt), desc(reviews.id));
  // Present only when some approval in force has conditions: every other system's snapshot keeps its bytes.
  const conditions = (await approvalConditionsOf(db, systemId)).map(({ requestId, modelName, version, stage, conditions: text, printedName, role, signedAt }) => ({ requestId, model: modelName, version, stage, conditions: text, printedName, role, signedAt }));
  return {
    kind: 'provenant.review-snapshot' as const,
    schemaVersion: 2,
    card,
    findings: await systemFindings(db, systemId),
    monitoring: await latestMonitoring(liveVersionIds),
    ...(conditions.length ? { approvalConditions: conditions } : {}),
    review: { nextReviewDate: card.system.nextReviewDate, openTriggers: triggers, signedReviews: signed.length, lastSigned: signed[0] ?? null },
  };
}

/**
 * What a review signs: the system's card, its findings (active, and accepted with their waivers), the latest
 * monitoring figure of each series of its live versions, the conditions of the approvals they run under, and its
 * review state, as canonical JSON with its SHA-256.
 * Any change to any of them changes the digest, so a signer is bound to exactly what the dialog showed.
 */
export async function buildReviewSnapshot(db: Db | Tx, systemId: string) {
  const content = await reviewSnapshotContent(db, systemId);
  const json = canonicalJson(content);
  return { content, json, sha256: createHash('sha256').update(json).digest('hex') };
}
