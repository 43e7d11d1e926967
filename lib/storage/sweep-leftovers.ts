import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { getConnection, getDb } from '@/db';
import { blobTempDir } from '@/lib/artifacts/blob-store';
import { recordAudit } from '@/lib/audit/record-event';
import { systemActor } from '@/lib/auth/actor';
import { dataDir } from '@/lib/config';

/** An unnamed blob younger than this may be an upload between its rename and its row (scanning takes a while). */
const ORPHAN_BLOB_GRACE_MS = 60 * 60 * 1000;

const SHA256 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PACK_FILES = new Set(['pack.pdf', 'pack.zip']);

export type SweepReport = { tempFiles: string[]; orphanBlobs: string[]; packFiles: string[] };

const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

/** Uploads a crashed process never finished: nothing names them, so they go without an audit event. */
function removeTempFiles(): string[] {
  const removed = entries(blobTempDir());
  for (const name of removed) fs.rmSync(path.join(blobTempDir(), name), { recursive: true, force: true });
  return removed;
}

/** Digest-named files under blobs/sha256 that no `blobs` row names and that are older than the grace period. */
function removeOrphanBlobs(graceMs: number): string[] {
  const root = path.join(dataDir(), 'blobs', 'sha256');
  const named = getConnection().sqlite.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
  const removed: string[] = [];
  for (const a of entries(root)) {
    for (const b of entries(path.join(root, a))) {
      for (const name of entries(path.join(root, a, b))) {
        const file = path.join(root, a, b, name);
        if (!SHA256.test(name) || named.get(name) || Date.now() - fs.statSync(file).mtimeMs < graceMs) continue;
        fs.rmSync(file, { force: true });
        removed.push(name);
      }
    }
  }
  return removed;
}

/** Files of packs that failed, were interrupted or have no row, and partial files beside a finished pack's own two. */
function removePackLeftovers(): string[] {
  const root = path.join(dataDir(), 'packs');
  const statusOf = getConnection().sqlite.prepare('SELECT status FROM evidence_packs WHERE id = ?').pluck();
  const removed: string[] = [];
  for (const id of entries(root).filter((name) => UUID.test(name))) {
    const status = statusOf.get(id) as string | undefined;
    if (status === 'queued' || status === 'running') continue;
    for (const name of entries(path.join(root, id))) {
      if (status === 'done' && PACK_FILES.has(name)) continue;
      fs.rmSync(path.join(root, id, name), { recursive: true, force: true });
      removed.push(`packs/${id}/${name}`);
    }
    if (status !== 'done') fs.rmSync(path.join(root, id), { recursive: true, force: true });
  }
  return removed;
}

/**
 * Run at start-up, after interrupted packs are failed: removes what a crash left behind. Temporary upload files are
 * only logged; removing orphan blobs or pack files is recorded in one `storage.leftovers_removed` audit event.
 */
export function sweepLeftovers({ graceMs = ORPHAN_BLOB_GRACE_MS }: { graceMs?: number } = {}): SweepReport {
  const report = { tempFiles: removeTempFiles(), orphanBlobs: removeOrphanBlobs(graceMs), packFiles: removePackLeftovers() };
  if (report.tempFiles.length > 0) console.log(`Removed ${report.tempFiles.length} unfinished upload(s) from ${blobTempDir()}.`);
  if (report.orphanBlobs.length > 0 || report.packFiles.length > 0) {
    console.log(`Removed ${report.orphanBlobs.length} orphan blob(s) and ${report.packFiles.length} evidence-pack leftover(s); see the audit trail.`);
    getDb().transaction(
      (tx) => {
        recordAudit(tx, systemActor('start-up sweep'), { action: 'storage.leftovers_removed', entityType: 'storage', entityId: null, after: { orphanBlobs: report.orphanBlobs, packFiles: report.packFiles, graceMs } });
      },
      { behavior: 'immediate' },
    );
  }
  return report;
}
