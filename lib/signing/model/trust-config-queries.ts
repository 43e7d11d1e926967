import 'server-only';
import { desc } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { trustConfigs } from '@/db/schema';
import type { TrustConfiguration } from '@/db/schema/signing';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { MAX_TRUSTED_ROOT_BYTES } from './bundle-limit';
import { EMPTY_TRUST } from './trust-configuration';
import { toTrustedRoot, ZTrustedRootJson } from './trusted-root';

export type CurrentTrust = { version: number | null; config: TrustConfiguration; createdAt: string | null; createdById: string | null };

/** The latest version (the one signatures are verified against now); version null when an admin never set one. */
export async function currentTrustConfig(db: Db | Tx): Promise<CurrentTrust> {
  const row = first(await db.select().from(trustConfigs).orderBy(desc(trustConfigs.version)).limit(1));
  if (!row) return { version: null, config: EMPTY_TRUST, createdAt: null, createdById: null };
  return { version: row.version, config: { ...EMPTY_TRUST, ...(row.config as TrustConfiguration) }, createdAt: row.createdAt, createdById: row.createdById };
}

/** The uploaded trusted root, read from its blob (validated when it was uploaded); null when none is configured. */
export async function trustedRootOf(config: TrustConfiguration) {
  if (!config.trustedRootSha256) return null;
  const bytes = await getBlobStore().readBytes(config.trustedRootSha256, MAX_TRUSTED_ROOT_BYTES);
  if (!bytes) throw new Error(`The trusted root ${config.trustedRootSha256} is missing from the blob store.`);
  const json = JSON.parse(bytes.toString('utf8'));
  return toTrustedRoot(ZTrustedRootJson.parse(json));
}

/** The versions an admin saved, newest first, for the history on the admin page. */
export async function trustConfigHistory(db: Db | Tx, limit = 20) {
  return await db.select({ version: trustConfigs.version, createdAt: trustConfigs.createdAt, createdById: trustConfigs.createdById }).from(trustConfigs).orderBy(desc(trustConfigs.version)).limit(limit);
}

/** The keys of the latest saved versions (bounded), to name a key that was trusted once and is no longer. */
export async function recentlyTrustedKeys(db: Db | Tx, versions = 20): Promise<TrustConfiguration['keys']> {
  const rows = await db.select({ config: trustConfigs.config }).from(trustConfigs).orderBy(desc(trustConfigs.version)).limit(versions);
  return rows.flatMap((r) => (r.config as TrustConfiguration).keys ?? []);
}
