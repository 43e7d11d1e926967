import 'server-only';
import { and, asc, count, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { first, getDb, type Db, type Tx } from '@/db';
import { aiSystems, promotionSnapshots, reviews, reviewTriggers, users } from '@/db/schema';
import { earlierOf, isoDayAfter } from '@/db/portable-sql';
import { isoDateAfter, TRIGGERED_REVIEW_DAYS_DEFAULT } from '@/lib/findings/deadlines';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { offsetOf, nocase } from '@/lib/db-helpers';
import { NotFound } from '@/lib/errors';
import type { ReviewSnapshotContent } from './review-snapshot';
import type { ListReviewsQuery } from './schemas';
import { mapInOrder } from '@/lib/map-in-order';

export type ReviewStatus = 'overdue' | 'due_now' | 'upcoming' | 'not_scheduled';
const today = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The day a system's review must be signed by: its periodic date, or the earliest day an open trigger set (the raise day
 * plus the tier's window for triggered reviews, see triggeredReviewDays), whichever comes first.
 */
export function reviewDueBy(nextReviewDate: string | null, triggeredDueBy: string | null): string | null {
  if (!triggeredDueBy || !nextReviewDate) return triggeredDueBy ?? nextReviewDate;
  return triggeredDueBy < nextReviewDate ? triggeredDueBy : nextReviewDate;
}

/**
 * Overdue wins over due now: a system past the day its review was due by is late, whether its date or a trigger set
 * that day. `triggeredDueBy` is null exactly when no trigger is open.
 */
export function reviewStatusOf(nextReviewDate: string | null, triggeredDueBy: string | null, now: Date): ReviewStatus {
  const dueBy = reviewDueBy(nextReviewDate, triggeredDueBy);
  if (dueBy && dueBy < today(now)) return 'overdue';
  if (triggeredDueBy || nextReviewDate === today(now)) return 'due_now';
  return nextReviewDate ? 'upcoming' : 'not_scheduled';
}

/** The day a trigger set; one without (none is written so: the migration gave older ones theirs) gets the default window. */
const dueByOf = (t: { dueBy: string | null; createdAt: string }) => t.dueBy ?? isoDateAfter(new Date(t.createdAt), TRIGGERED_REVIEW_DAYS_DEFAULT);
/** The earliest day the open triggers set. */
const earliestDueBy = (triggers: { dueBy: string | null; createdAt: string }[]) => triggers.map(dueByOf).sort()[0] ?? null;

/** A system's review state: its next date, the unresolved triggers that make it due now, whether it is overdue, its last review. */
export async function reviewState(db: Db | Tx, systemId: string, now = new Date()) {
  const system = first(await db.select({ nextReviewDate: aiSystems.nextReviewDate }).from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) throw new NotFound('AI system');
  const dueNow = await db.select().from(reviewTriggers).where(and(eq(reviewTriggers.systemId, systemId), isNull(reviewTriggers.resolvedByReviewId))).orderBy(asc(reviewTriggers.createdAt));
  const lastReview = first(await db.select().from(reviews).where(eq(reviews.systemId, systemId)).orderBy(desc(reviews.signedAt)).limit(1)) ?? null;
  const triggeredDueBy = earliestDueBy(dueNow);
  const status = reviewStatusOf(system.nextReviewDate, triggeredDueBy, now);
  return { nextReviewDate: system.nextReviewDate, triggeredDueBy, dueBy: reviewDueBy(system.nextReviewDate, triggeredDueBy), dueNow, overdue: status === 'overdue', status, lastReview };
}

/** Unresolved triggers of the system in the row (review_triggers_system_idx). */
export const openTriggers = sql<number>`(SELECT count(*) FROM ${reviewTriggers} t WHERE t.system_id = ${aiSystems.id} AND t.resolved_by_review_id IS NULL)`;
/** The earliest day an open trigger of the system in the row set for its review; null when none is open. */
export const triggeredDueBy = sql<string | null>`(SELECT min(coalesce(t.due_by, ${isoDayAfter(sql`t.created_at`, TRIGGERED_REVIEW_DAYS_DEFAULT)})) FROM ${reviewTriggers} t WHERE t.system_id = ${aiSystems.id} AND t.resolved_by_review_id IS NULL)`;
/** The day the row's review is due by, as reviewDueBy computes it: its date, or the earliest day an open trigger set. */
export const reviewDueBySql = earlierOf(aiSystems.nextReviewDate, triggeredDueBy);
/** The row's rank, as reviewStatusOf decides it: overdue 0 (the day it was due by has passed), due now 1, upcoming 2. */
export function statusRank(now: Date) {
  const day = today(now);
  return sql<number>`CASE WHEN ${reviewDueBySql} < ${day} THEN 0 WHEN ${openTriggers} > 0 OR ${aiSystems.nextReviewDate} = ${day} THEN 1 ELSE 2 END`;
}

async function systemStates(query: ListReviewsQuery, now: Date) {
  const rank = statusRank(now);
  const byStatus: Record<string, SQL | undefined> = {
    attention: sql`${rank} < 2`,
    overdue: sql`${rank} = 0`,
    due_now: sql`${rank} = 1`,
    upcoming: sql`${rank} = 2 AND ${aiSystems.nextReviewDate} IS NOT NULL`,
  };
  const where = and(
    ne(aiSystems.lifecycleStatus, 'retired'),
    sql`(${aiSystems.nextReviewDate} IS NOT NULL OR ${openTriggers} > 0)`,
    query.status ? byStatus[query.status] : undefined,
    query.riskTier ? eq(aiSystems.riskTier, query.riskTier) : undefined,
    query.systemId ? eq(aiSystems.id, query.systemId) : undefined,
  );
  const db = getDb();
  const total = first(await db.select({ n: count() }).from(aiSystems).where(where).limit(1))?.n ?? 0;
  const rows = await db
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, ownerId: aiSystems.ownerId, ownerName: users.name, ownerEmail: users.email, nextReviewDate: aiSystems.nextReviewDate, openTriggers, triggeredDueBy })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(where)
    // Within a rank, by the day each is due by (a date or a trigger's), earliest first.
    .orderBy(rank, reviewDueBySql, nocase(aiSystems.name))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const items = await mapInOrder(rows, async ({ ownerId, ownerName, ownerEmail, triggeredDueBy: triggered, ...s }) => {
    const last = first(await db.select({ id: reviews.id, outcome: reviews.outcome, signedAt: reviews.signedAt, printedName: reviews.printedName }).from(reviews).where(eq(reviews.systemId, s.id)).orderBy(desc(reviews.signedAt)).limit(1)) ?? null;
    return { system: { id: s.id, name: s.name, riskTier: s.riskTier, owner: { id: ownerId, name: ownerName, email: ownerEmail } }, status: reviewStatusOf(s.nextReviewDate, triggered, now), nextReviewDate: s.nextReviewDate, dueBy: reviewDueBy(s.nextReviewDate, triggered), openTriggers: s.openTriggers, review: last };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

async function signedReviews(query: ListReviewsQuery) {
  const where = and(query.riskTier ? eq(aiSystems.riskTier, query.riskTier) : undefined, query.systemId ? eq(reviews.systemId, query.systemId) : undefined);
  const db = getDb();
  const total = first(await db.select({ n: count() }).from(reviews).innerJoin(aiSystems, eq(aiSystems.id, reviews.systemId)).where(where).limit(1))?.n ?? 0;
  const rows = await db
    .select({ review: reviews, name: aiSystems.name, riskTier: aiSystems.riskTier, ownerId: aiSystems.ownerId, ownerName: users.name })
    .from(reviews)
    .innerJoin(aiSystems, eq(aiSystems.id, reviews.systemId))
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(where)
    .orderBy(desc(reviews.signedAt))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const items = rows.map((r) => ({
    system: { id: r.review.systemId, name: r.name, riskTier: r.riskTier, owner: { id: r.ownerId, name: r.ownerName } },
    status: 'signed' as const,
    nextReviewDate: r.review.nextReviewDate,
    dueBy: null,
    openTriggers: 0,
    review: { id: r.review.id, outcome: r.review.outcome, signedAt: r.review.signedAt, printedName: r.review.printedName },
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * Systems by review state, overdue first, then due now (a trigger or today's date), then upcoming by date; or, with
 * `status=signed`, the signed reviews, newest first. Retired systems have nothing left to review.
 */
export async function listReviews(actor: Actor, query: ListReviewsQuery, now = new Date()) {
  assertCan(actor, 'inventory.read');
  return query.status === 'signed' ? await signedReviews(query) : await systemStates(query, now);
}

/** One signed review with the snapshot it signed, parsed from the stored canonical JSON (never rebuilt from today's data). */
export async function getReview(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const row = first(await db.select({ review: reviews, systemName: aiSystems.name }).from(reviews).innerJoin(aiSystems, eq(aiSystems.id, reviews.systemId)).where(eq(reviews.id, id)).limit(1));
  if (!row) throw new NotFound('Review');
  const stored = first(await db.select().from(promotionSnapshots).where(eq(promotionSnapshots.sha256, row.review.snapshotSha256)).limit(1));
  const resolved = await db.select({ id: reviewTriggers.id, reason: reviewTriggers.reason, detail: reviewTriggers.detail, createdAt: reviewTriggers.createdAt }).from(reviewTriggers).where(eq(reviewTriggers.resolvedByReviewId, id)).orderBy(asc(reviewTriggers.createdAt));
  return { ...row.review, systemName: row.systemName, resolvedTriggers: resolved, snapshot: stored ? (JSON.parse(stored.canonicalJson) as ReviewSnapshotContent) : null };
}

/** A system's signed reviews, newest first. */
export async function reviewHistory(actor: Actor, systemId: string) {
  assertCan(actor, 'inventory.read');
  return await getDb().select().from(reviews).where(eq(reviews.systemId, systemId)).orderBy(desc(reviews.signedAt));
}
