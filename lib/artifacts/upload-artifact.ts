import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb, returnedRow, withTransaction } from '@/db';
import { blobs, type ModelFormat } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { applyArtifactScan } from '@/lib/inventory/apply-artifact-scan';
import { markCreated } from '@/lib/idempotent';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { discardBlob, maxUploadBytes } from '@/lib/storage/blob-store/stage-blob';
import { receiveMultipart } from './receive-multipart';
import { rescanArtifact } from './rescan-artifact';
import { isCurrentScan, scanArtifact, type ArtifactScan } from './scan/scan-artifact';

const SHA256 = /^[0-9a-f]{64}$/;

/** The answer of POST /api/v1/artifacts. */
export type UploadedArtifact = { sha256: string; size: number; format: ModelFormat; scan: ArtifactScan };

const describe = (row: typeof blobs.$inferSelect): UploadedArtifact => ({
  sha256: row.sha256,
  size: row.size,
  format: row.format as ModelFormat,
  scan: (row.scan as ArtifactScan | null) ?? { status: 'unknown', findings: [] },
});

/** Versions registered with these bytes before they arrived (or before this rule) take their format, size and scan now. */
async function applyStoredScan(actor: Actor, row: typeof blobs.$inferSelect) {
  const scan = row.scan as ArtifactScan | null;
  const format = row.format as ModelFormat;
  if (scan) await withTransaction(async (tx) => await applyArtifactScan(tx, actor, row.sha256, { format, size: row.size, ...scan }));
}

/**
 * Receives an artifact: hashed while streaming, refused (and not kept) when a declared digest differs, stored by
 * digest, scanned from disk without deserialising, recorded and audited; versions with this digest take the scan.
 * The same bytes again answer the record.
 */
export async function uploadArtifact(actor: Actor, request: Request) {
  assertCan(actor, 'artifact.upload');
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) {
    throw new Invalid('Send multipart/form-data with the file in a field named "file".', [{ path: 'file', message: 'Required.' }]);
  }
  const { staged, fileName, mediaType, fields } = await receiveMultipart(request.body, contentType, maxUploadBytes());
  if (!staged) throw new Invalid('No file was sent.', [{ path: 'file', message: 'Attach the artifact in a field named "file".' }]);
  const declared = fields.sha256?.trim().toLowerCase();
  if (declared && (!SHA256.test(declared) || declared !== staged.sha256)) {
    discardBlob(staged);
    throw new Invalid('The declared SHA-256 does not match the uploaded bytes; nothing was kept.', [
      { path: 'sha256', message: SHA256.test(declared) ? `The bytes hash to ${staged.sha256}.` : 'A SHA-256 digest is 64 hexadecimal characters.' },
    ]);
  }
  const db = getDb();
  const existing = first(await db.select().from(blobs).where(eq(blobs.sha256, staged.sha256)).limit(1));
  // New bytes are scanned from the staged file (the same bytes, and local whichever store keeps them); all are stored
  // (again, if they went missing) before any transaction names them.
  const scanned = existing ? null : await scanArtifact(staged.tempPath).catch((error: unknown) => (discardBlob(staged), Promise.reject(error)));
  await getBlobStore().commit(staged);
  if (existing && !isCurrentScan(existing.scan)) {
    await rescanArtifact(actor, existing.sha256);
    return markCreated(describe(first(await db.select().from(blobs).where(eq(blobs.sha256, staged.sha256)).limit(1))!), false);
  }
  if (existing) {
    await applyStoredScan(actor, existing);
    return markCreated(describe(existing), false);
  }
  const { format, scan } = scanned!;
  return await withTransaction(async (tx) => {
    const row = returnedRow(await tx
      .insert(blobs)
      .values({ sha256: staged.sha256, size: staged.size, format, scan, originalName: fileName?.slice(0, 255) ?? null, mediaType, uploadedById: actor.userId })
      .onConflictDoNothing()
      .returning());
    if (!row) return markCreated(describe(first(await tx.select().from(blobs).where(eq(blobs.sha256, staged.sha256)).limit(1))!), false);
    await recordAudit(tx, actor, { action: 'artifact.uploaded', entityType: 'artifact', entityId: row.sha256, after: { size: row.size, format, scanStatus: scan.status, originalName: row.originalName } });
    await applyArtifactScan(tx, actor, row.sha256, { format, size: row.size, ...scan });
    return markCreated(describe(row), true);
  });
}
