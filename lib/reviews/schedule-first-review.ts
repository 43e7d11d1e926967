import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { changedRows, first, type Tx } from '@/db';
import { aiSystems } from '@/db/schema';
import { isoDateMonthsAfter } from '@/lib/findings/deadlines';
import { reviewCadenceMonths } from './cadence';

/**
 * A system's periodic reviews start when it first reaches production (unless its owner set a date already): the
 * first review falls one cadence after. Called in the transaction that moves the version (its audit event names the
 * date returned); a date already set stays.
 */
export async function scheduleFirstReview(tx: Tx, systemId: string, now = new Date()) {
  const system = first(await tx.select({ riskTier: aiSystems.riskTier }).from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) return null;
  const nextReviewDate = isoDateMonthsAfter(now, (await reviewCadenceMonths(tx, system.riskTier)).months);
  const set = await tx.update(aiSystems).set({ nextReviewDate }).where(and(eq(aiSystems.id, systemId), isNull(aiSystems.nextReviewDate)));
  return changedRows(set) === 1 ? nextReviewDate : null;
}
