import 'server-only';
import { count, desc, eq, sql } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { modelSignatures, users } from '@/db/schema';

const columns = {
  id: modelSignatures.id,
  bundleSha256: modelSignatures.bundleSha256,
  status: modelSignatures.status,
  signerIdentity: modelSignatures.signerIdentity,
  signedFiles: modelSignatures.signedFiles,
  trustConfigVersion: modelSignatures.trustConfigVersion,
  reason: modelSignatures.reason,
  createdAt: modelSignatures.createdAt,
  createdByName: users.name,
  createdByEmail: users.email,
};

/** A version's signatures, newest first, a page at a time (indexed on version + time). */
export async function listModelSignatures(db: Db | Tx, versionId: string, page: { page: number; pageSize: number }) {
  const items = await db
    .select(columns)
    .from(modelSignatures)
    .leftJoin(users, eq(users.id, modelSignatures.createdById))
    .where(eq(modelSignatures.modelVersionId, versionId))
    .orderBy(desc(modelSignatures.createdAt), desc(sql`model_signatures.rowid`))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const total = first(await db.select({ n: count() }).from(modelSignatures).where(eq(modelSignatures.modelVersionId, versionId)).limit(1))?.n ?? 0;
  return { items, total };
}

/** The signatures attached last, newest first, at most `limit`: the ones the gate verifies again. */
export async function recentModelSignatures(db: Db | Tx, versionId: string, limit: number) {
  return await db.select({ id: modelSignatures.id, bundleSha256: modelSignatures.bundleSha256 }).from(modelSignatures).where(eq(modelSignatures.modelVersionId, versionId)).orderBy(desc(modelSignatures.createdAt), desc(sql`model_signatures.rowid`)).limit(limit);
}
