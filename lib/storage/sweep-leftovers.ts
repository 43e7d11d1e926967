import 'server-only';
import { plural } from '@/lib/words';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { first, getDb, withTransaction } from '@/db';
import { blobs, evidencePacks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { dataDir } from '@/lib/config';
import { getBlobStore, type BlobStore } from './blob-store/blob-store';
import { blobTempDir } from './blob-store/stage-blob';

/** An unnamed blob younger than this may be an upload between its commit and its row (another replica's, too). */
const ORPHAN_BLOB_GRACE_MS = 60 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PACK_FILES = new Set(['pack.pdf', 'pack.zip']);

export type SweepReport = { tempFiles: string[]; orphanBlobs: string[]; packFiles: string[] };

const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
const packStatus = async (id: string) => first(await getDb().select({ status: evidencePacks.status }).from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))?.status;
const blobNamed = async (sha256: string) => first(await getDb().select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, sha256)).limit(1)) !== undefined;

/** Uploads a crashed process never finished: nothing names them, so they go without an audit event. */
function removeTempFiles(): string[] {
  const removed = entries(blobTempDir());
  for (const name of removed) fs.rmSync(path.join(blobTempDir(), name), { recursive: true, force: true });
  return removed;
}

/** Stored blobs that no `blobs` row names and that are older than the grace period. */
async function removeOrphanBlobs(store: BlobStore, graceMs: number): Promise<string[]> {
  const orphans: string[] = [];
  for await (const blob of store.list()) {
    if (Date.now() - blob.modifiedAt.getTime() >= graceMs && !(await blobNamed(blob.sha256))) orphans.push(blob.sha256);
  }
  for (const sha256 of orphans) await store.remove(sha256);
  return orphans;
}

/**
 * Under DATA_DIR/packs (the local store's packs, and every store's working files): files of packs that failed, were
 * interrupted or have no row, and partial files beside a finished pack's own two.
 */
async function removePackLeftovers(keepFinished: boolean): Promise<string[]> {
  const root = path.join(dataDir(), 'packs');
  const removed: string[] = [];
  for (const id of entries(root).filter((name) => UUID.test(name))) {
    const status = await packStatus(id);
    if (status === 'queued' || status === 'running') continue;
    for (const name of entries(path.join(root, id))) {
      if (keepFinished && status === 'done' && PACK_FILES.has(name)) continue;
      fs.rmSync(path.join(root, id, name), { recursive: true, force: true });
      removed.push(`packs/${id}/${name}`);
    }
    if (status !== 'done' || !keepFinished) fs.rmSync(path.join(root, id), { recursive: true, force: true });
  }
  return removed;
}

/** In an object store: the files of packs that failed or have no row (queued, running and done packs keep theirs). */
async function removeStoredPackLeftovers(store: BlobStore): Promise<string[]> {
  const leftovers = new Set<string>();
  for await (const file of store.listPacks()) {
    const status = await packStatus(file.packId);
    if (status !== 'queued' && status !== 'running' && status !== 'done') leftovers.add(file.packId);
  }
  const removed: string[] = [];
  for (const packId of leftovers) removed.push(...(await store.removePack(packId)));
  return removed;
}

/**
 * Run at start-up, after interrupted packs are failed: removes what a crash left behind. Temporary upload files are
 * only logged; removing orphan blobs or pack files is recorded in one `storage.leftovers_removed` audit event.
 */
export async function sweepLeftovers({ graceMs = ORPHAN_BLOB_GRACE_MS }: { graceMs?: number } = {}): Promise<SweepReport> {
  const store = getBlobStore();
  const tempFiles = removeTempFiles();
  const orphanBlobs = await removeOrphanBlobs(store, graceMs);
  const packFiles = await removePackLeftovers(store.kind === 'local');
  if (store.kind !== 'local') packFiles.push(...(await removeStoredPackLeftovers(store)));
  const report = { tempFiles, orphanBlobs, packFiles };
  if (report.tempFiles.length > 0) console.log(`Removed ${plural(report.tempFiles.length, 'unfinished upload')} from ${blobTempDir()}.`);
  if (report.orphanBlobs.length > 0 || report.packFiles.length > 0) {
    console.log(`Removed ${plural(report.orphanBlobs.length, 'orphan blob')} and ${plural(report.packFiles.length, 'evidence-pack leftover')}; see the audit trail.`);
    await withTransaction(async (tx) => {
      await recordAudit(tx, systemActor('start-up sweep'), { action: 'storage.leftovers_removed', entityType: 'storage', entityId: null, after: { orphanBlobs: report.orphanBlobs, packFiles: report.packFiles, graceMs } });
    });
  }
  return report;
}
