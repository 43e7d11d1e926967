import 'server-only';
import { and, desc, eq, lte, ne } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems, models, modelVersions, promotionRequests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';

export type ArchiveCause =
  | { kind: 'retired'; at: string }
  | { kind: 'replaced'; at: string; requestId: string; versionId: string; version: string; rollback: boolean }
  | { kind: 'unknown'; at: string | null };

/**
 * Why an archived version left production: its system's retirement (which archives at its own time, or at a later
 * start for systems retired before it did), or the approval of the version that replaced it (a promotion or a
 * rollback), which archives at the time it closes the request. Rows from before they shared that time fall back to
 * the last such approval before. Null for a version not archived.
 */
export async function archiveCause(actor: Actor, modelVersionId: string): Promise<ArchiveCause | null> {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const version = first(await db
    .select({ stage: modelVersions.stage, at: modelVersions.stageChangedAt, modelId: modelVersions.modelId, retiredAt: aiSystems.retiredAt })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(modelVersions.id, modelVersionId))
    .limit(1));
  if (!version || version.stage !== 'archived') return null;
  if (!version.at) return { kind: 'unknown', at: null };
  if (version.retiredAt && version.retiredAt <= version.at) return { kind: 'retired', at: version.at };
  const replacement = first(await db
    .select({ requestId: promotionRequests.id, versionId: modelVersions.id, version: modelVersions.version, rollback: promotionRequests.expeditedRollback })
    .from(promotionRequests)
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .where(and(eq(modelVersions.modelId, version.modelId), ne(modelVersions.id, modelVersionId), eq(promotionRequests.targetStage, 'production'), eq(promotionRequests.status, 'approved'), lte(promotionRequests.closedAt, version.at)))
    .orderBy(desc(promotionRequests.closedAt), desc(promotionRequests.id))
    .limit(1));
  return replacement ? { kind: 'replaced', at: version.at, ...replacement, rollback: !!replacement.rollback } : { kind: 'unknown', at: version.at };
}
