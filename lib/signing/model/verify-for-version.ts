import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { blobs } from '@/db/schema';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { currentTrustConfig, recentlyTrustedKeys, trustedRootOf } from './trust-config-queries';
import { verifyModelSignature } from './verify-bundle';

/** Whether Provenant holds the bytes of a digest (a row, and the bytes in the blob store). */
async function holdsBytes(db: Db | Tx, sha256: string) {
  const row = first(await db.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, sha256)).limit(1));
  return !!row && (await getBlobStore().stat(sha256)) !== null;
}

/** Verifies a bundle for a version against the CURRENT trust configuration, naming the version it used. */
export async function verifyForVersion(db: Db | Tx, bundle: Buffer, artifactSha256: string) {
  const trust = await currentTrustConfig(db);
  const result = verifyModelSignature({ bundle, trust: trust.config, trustedRoot: await trustedRootOf(trust.config), artifactSha256, bytesHeld: await holdsBytes(db, artifactSha256), formerKeys: await recentlyTrustedKeys(db) });
  return { ...result, trustConfigVersion: trust.version };
}
