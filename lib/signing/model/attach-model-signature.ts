import 'server-only';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { first, getDb, only, withTransaction } from '@/db';
import { modelSignatures, modelVersions } from '@/db/schema';
import { receiveMultipart } from '@/lib/artifacts/receive-multipart';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { readBodyBytes } from '@/lib/http/read-json-body';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { discardBlob, stageBlob, type StagedBlob } from '@/lib/storage/blob-store/stage-blob';
import { MAX_BUNDLE_BYTES } from './bundle-limit';
import { recordBlobRow } from './store-bytes';
import { verifyForVersion } from './verify-for-version';

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** The bundle as a multipart part named "bundle" (or "file"), or as the JSON body itself. */
async function receiveBundle(request: Request): Promise<{ staged: StagedBlob; fileName: string }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body) throw new Invalid('Send the Sigstore bundle.', [{ path: 'bundle', message: 'Required.' }]);
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const { staged, fileName } = await receiveMultipart(request.body, contentType, MAX_BUNDLE_BYTES);
    if (!staged) throw new Invalid('No bundle was sent.', [{ path: 'bundle', message: 'Attach the bundle (model.sig) in a field named "file".' }]);
    return { staged, fileName: fileName?.slice(0, 255) || 'model.sig' };
  }
  const bytes = await readBodyBytes(request, MAX_BUNDLE_BYTES);
  return { staged: await stageBlob(Readable.from([Buffer.from(bytes)]), MAX_BUNDLE_BYTES), fileName: 'model.sig' };
}

/**
 * Attaches an OpenSSF model-signing bundle to a version: verified offline against the current trust configuration
 * and checked against the version's bytes, stored as a blob, and recorded immutably with its outcome (a bundle that
 * verifies badly is kept as a failed record: that is evidence too). What is not a model-signing bundle is refused.
 */
export async function attachModelSignature(actor: Actor, versionId: string, request: Request) {
  assertCan(actor, 'model_signature.attach');
  const { ownerIds, model } = await modelVersionWithOwners(versionId);
  assertCan(actor, 'model_signature.attach', { ownerIds });
  await assertSystemLive(getDb(), model.systemId, 'A signature cannot be attached');
  const { staged, fileName } = await receiveBundle(request);
  const db = getDb();
  try {
    const { artifactSha256 } = first(await db.select({ artifactSha256: modelVersions.artifactSha256 }).from(modelVersions).where(eq(modelVersions.id, versionId)).limit(1))!;
    const result = await verifyForVersion(db, fs.readFileSync(staged.tempPath), artifactSha256);
    if (result.problem === 'malformed') throw new Invalid(`Not an OpenSSF model signature; nothing was kept. ${result.reason}`, [{ path: 'bundle', message: result.reason }]);
    await getBlobStore().commit(staged);
    return await withTransaction(async (tx) => {
      await assertSystemLive(tx, model.systemId, 'A signature cannot be attached');
      await recordBlobRow(tx, { sha256: staged.sha256, size: staged.size, originalName: fileName, mediaType: BUNDLE_MEDIA_TYPE, uploadedById: actor.userId });
      const row = only(await tx
        .insert(modelSignatures)
        .values({ modelVersionId: versionId, bundleSha256: staged.sha256, status: result.status, signerIdentity: result.signerIdentity, signedFiles: result.signedFiles, trustConfigVersion: result.trustConfigVersion, reason: result.reason, createdById: actor.userId })
        .returning());
      await recordAudit(tx, actor, { action: 'model_signature.attached', entityType: 'model_version', entityId: versionId, after: { signatureId: row.id, bundleSha256: row.bundleSha256, status: row.status, signerIdentity: row.signerIdentity, trustConfigVersion: row.trustConfigVersion, reason: row.reason } });
      return { ...row, problem: result.problem };
    });
  } catch (error) {
    discardBlob(staged);
    throw error;
  }
}
