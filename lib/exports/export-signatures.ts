import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, models, modelVersions, promotionRequests, signatures, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { streamCsv, type CsvColumn } from './csv';
import { csvAttachment } from './csv-response';
import { afterKey, EXPORT_BATCH, pageThrough } from './paging';

async function signaturesAfter(last: { signature: { signedAt: string; id: string } } | undefined) {
  return await getDb()
    .select({
      signature: signatures,
      requestStatus: promotionRequests.status,
      targetStage: promotionRequests.targetStage,
      systemName: aiSystems.name,
      modelName: models.name,
      version: modelVersions.version,
      signerEmail: users.email,
    })
    .from(signatures)
    .innerJoin(promotionRequests, eq(promotionRequests.id, signatures.requestId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .innerJoin(users, eq(users.id, signatures.signerId))
    .where(afterKey([signatures.signedAt, signatures.id], last && [last.signature.signedAt, last.signature.id]))
    .orderBy(asc(signatures.signedAt), asc(signatures.id))
    .limit(EXPORT_BATCH);
}

type SignatureRow = Awaited<ReturnType<typeof signaturesAfter>>[number];

export const SIGNATURE_COLUMNS: CsvColumn<SignatureRow>[] = [
  { header: 'Signature ID', value: (r) => r.signature.id },
  { header: 'Request ID', value: (r) => r.signature.requestId },
  { header: 'Request status', value: (r) => r.requestStatus },
  { header: 'System', value: (r) => r.systemName },
  { header: 'Model', value: (r) => r.modelName },
  { header: 'Version', value: (r) => r.version },
  { header: 'Target stage', value: (r) => r.targetStage },
  { header: 'Signer email', value: (r) => r.signerEmail },
  { header: 'Printed name', value: (r) => r.signature.printedName },
  { header: 'Role', value: (r) => r.signature.role },
  { header: 'Decision', value: (r) => r.signature.decision },
  { header: 'Meaning', value: (r) => r.signature.meaning },
  { header: 'Signed at (UTC)', value: (r) => r.signature.signedAt },
  { header: 'Snapshot SHA-256', value: (r) => r.signature.snapshotSha256 },
  { header: 'Comment', value: (r) => r.signature.comment },
  { header: 'Conditions', value: (r) => r.signature.conditions },
];

/** Every signature ever given, oldest first: who signed what, in which role, over which frozen snapshot. */
export function exportSignatures(actor: Actor): Response {
  assertCan(actor, 'inventory.read');
  return csvAttachment('signatures', streamCsv(SIGNATURE_COLUMNS, pageThrough<SignatureRow>(signaturesAfter)));
}
