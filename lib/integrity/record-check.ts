import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { only, type Tx } from '@/db';
import { integrityChecks } from '@/db/schema';

export type IntegrityCheckInput = {
  subjectType: 'model_version' | 'deployment';
  subjectId: string;
  kind: 'blob_rehash' | 'digest_match' | 'digest_mismatch' | 'untracked_model' | 'blob_missing';
  ok: boolean;
  expectedSha256: string | null;
  actualSha256: string | null;
  message: string;
  checkedById: string | null;
};

/** Stores a check; a passing check resolves the subject's open flags, a failing one stays open until then. */
export async function recordIntegrityCheck(tx: Tx, check: IntegrityCheckInput) {
  const now = new Date().toISOString();
  if (check.ok) {
    await tx.update(integrityChecks)
      .set({ resolvedAt: now })
      .where(and(eq(integrityChecks.subjectType, check.subjectType), eq(integrityChecks.subjectId, check.subjectId), eq(integrityChecks.ok, false), isNull(integrityChecks.resolvedAt)));
  }
  return only(await tx.insert(integrityChecks).values({ ...check, createdAt: now, resolvedAt: check.ok ? now : null }).returning());
}
