import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction } from '@/db';
import { blobs, modelVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict } from '@/lib/errors';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { recordIntegrityCheck } from './record-check';

/** Re-hashes the stored bytes of a version (a flipped byte on disk is caught), records the check and audits it. */
export async function verifyModelVersion(actor: Actor, id: string) {
  assertCan(actor, 'integrity.verify');
  const { version } = await modelVersionWithOwners(id);
  const db = getDb();
  const stored = first(await db.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, version.artifactSha256)).limit(1));
  if (!stored) throw new Conflict('No bytes were uploaded for this version, so there is nothing to re-hash. Upload the artifact first.');
  const actual = await getBlobStore().rehash(version.artifactSha256);
  const ok = actual === version.artifactSha256;
  const message = actual === null ? 'The stored bytes are missing from the blob store.' : ok ? 'The stored bytes hash to the registered digest.' : 'The stored bytes no longer hash to the registered digest.';
  return await withTransaction(async (tx) => {
    const check = await recordIntegrityCheck(tx, {
      subjectType: 'model_version',
      subjectId: id,
      kind: actual === null ? 'blob_missing' : 'blob_rehash',
      ok,
      expectedSha256: version.artifactSha256,
      actualSha256: actual,
      message,
      checkedById: actor.userId,
    });
    await tx.update(modelVersions).set({ integrityOk: ok, integrityVerifiedAt: check.createdAt }).where(eq(modelVersions.id, id));
    await recordAudit(tx, actor, { action: 'model_version.integrity_verified', entityType: 'model_version', entityId: id, before: { integrityOk: version.integrityOk }, after: { integrityOk: ok, actualSha256: actual, message } });
    return check;
  });
}
