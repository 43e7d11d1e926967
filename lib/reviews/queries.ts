import 'server-only';
import { and, asc, count, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { first, getDb, type Db, type Tx } from '@/db';
import { aiSystems, promotionSnapshots, reviews, reviewTriggers, users } from '@/db/schema';
import { earlierOf, isoDayAfter } from '@/db/portable-sql';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { offsetOf, nocase } from '@/lib/db-helpers';
import { NotFound } from '@/lib/errors';
import { isoDateAfter } from '@/lib/findings/deadlines';
import type { ReviewSnapshotContent } from './review-snapshot';
import type { ListReviewsQuery } from './schemas';
import { mapInOrder } from '@/lib/map-in-order';

export type ReviewStatus = 'overdue' | 'due_now' | 'upcoming' | 'not_scheduled';
const today = (now: Date) => now.toISOString().slice(0, 10);

/** Days a risk officer has to sign a review once something triggers it: a triggered review left longer is overdue. */
export const TRIGGERED_REVIEW_DAYS = 30;

/**
 * The day a system's review must be signed by: its periodic date, or TRIGGERED_REVIEW_DAYS after the oldest trigger
 * still open, whichever comes first.
 */
export function reviewDueBy(nextReviewDate: string | null, firstOpenTrigger: string | null): string | null {
  const triggered = firstOpenTrigger ? isoDateAfter(new Date(firstOpenTrigger), TRIGGERED_REVIEW_DAYS) : null;
  if (!triggered || !nextReviewDate) return triggered ?? nextReviewDate;
  return triggered < nextReviewDate ? triggered : nextReviewDate;
}

/** Overdue wins over due now: a system past the day its review was due by is late, whether its date or a trigger set that day. */
export function reviewStatusOf(nextReviewDate: string | null, firstOpenTrigger: string | null, now: Date): ReviewStatus {
  const dueBy = reviewDueBy(nextReviewDate, firstOpenTrigger);
  if (dueBy && dueBy < today(now)) return 'overdue';
  if (firstOpenTrigger || nextReviewDate === today(now)) return 'due_now';
  return nextReviewDate ? 'upcoming' : 'not_scheduled';
}

/** A system's review state: its next date, the unresolved triggers that make it due now, whether it is overdue, its last review. */
export async function reviewState(db: Db | Tx, systemId: string, now = new Date()) {
  const system = first(await db.select({ nextReviewDate: aiSystems.nextReviewDate }).from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) throw new NotFound('AI system');
  const dueNow = await db.select().from(reviewTriggers).where(and(eq(reviewTriggers.systemId, systemId), isNull(reviewTriggers.resolvedByReviewId))).orderBy(asc(reviewTriggers.createdAt));
  const lastReview = first(await db.select().from(reviews).where(eq(reviews.systemId, systemId)).orderBy(desc(reviews.signedAt)).limit(1)) ?? null;
  const firstTrigger = dueNow[0]?.createdAt ?? null;
  const status = reviewStatusOf(system.nextReviewDate, firstTrigger, now);
  return { nextReviewDate: system.nextReviewDate, dueBy: reviewDueBy(system.nextReviewDate, firstTrigger), dueNow, overdue: status === 'overdue', status, lastReview };
}

/** Unresolved triggers of the system in the row (review_triggers_system_idx). */
export const openTriggers = sql<number>`(SELECT count(*) FROM ${reviewTriggers} t WHERE t.system_id = ${aiSystems.id} AND t.resolved_by_review_id IS NULL)`;
/** When the oldest trigger still open was raised: a triggered review is due from then, overdue TRIGGERED_REVIEW_DAYS later. */
export const firstOpenTrigger = sql<string | null>`(SELECT min(t.created_at) FROM ${reviewTriggers} t WHERE t.system_id = ${aiSystems.id} AND t.resolved_by_review_id IS NULL)`;
/** The day the row's review is due by, as reviewDueBy computes it: its date, or TRIGGERED_REVIEW_DAYS after its oldest open trigger. */
export const reviewDueBySql = earlierOf(aiSystems.nextReviewDate, isoDayAfter(firstOpenTrigger, TRIGGERED_REVIEW_DAYS));
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
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, ownerId: aiSystems.ownerId, ownerName: users.name, ownerEmail: users.email, nextReviewDate: aiSystems.nextReviewDate, openTriggers, firstOpenTrigger })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(where)
    // Within a rank, by the day each is due by (a date or a trigger's), earliest first.
    .orderBy(rank, reviewDueBySql, nocase(aiSystems.name))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const items = await mapInOrder(rows, async ({ ownerId, ownerName, ownerEmail, firstOpenTrigger: firstTrigger, ...s }) => {
    const last = first(await db.select({ id: reviews.id, outcome: reviews.outcome, signedAt: reviews.signedAt, printedName: reviews.printedName }).from(reviews).where(eq(reviews.systemId, s.id)).orderBy(desc(reviews.signedAt)).limit(1)) ?? null;
    return { system: { id: s.id, name: s.name, riskTier: s.riskTier, owner: { id: ownerId, name: ownerName, email: ownerEmail } }, status: reviewStatusOf(s.nextReviewDate, firstTrigger, now), nextReviewDate: s.nextReviewDate, dueBy: reviewDueBy(s.nextReviewDate, firstTrigger), openTriggers: s.openTriggers, review: last };
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
