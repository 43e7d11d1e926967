import 'server-only';
import { eq } from 'drizzle-orm';
import { first, getDb, only, returnedRow, withTransaction, type Db, type Tx } from '@/db';
import { blobs, datasetVersions, evaluationAttachments, evaluationMetrics, evaluations, modelVersions } from '@/db/schema';
import { receiveMultipart } from '@/lib/artifacts/receive-multipart';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { assertSystemLive } from '@/lib/inventory/assert-system-live';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { discardBlob, type StagedBlob } from '@/lib/storage/blob-store/stage-blob';
import { parseReportOffThread } from './parse-report-off-thread';
import type { ParsedReport } from './reports/report-types';
import { raiseToolReportFindings } from './tool-report-findings';
import { maxReportBytes, ZRecordToolReportFields, type RecordToolReportFields } from './tool-report-input';
import { mapInOrder } from '@/lib/map-in-order';

type Upload = { staged: StagedBlob; fileName: string; mediaType: string };

async function receiveReport(request: Request): Promise<Upload & { fields: Record<string, string> }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) {
    throw new Invalid('Send multipart/form-data with the report in a field named "file".', [{ path: 'file', message: 'Required.' }]);
  }
  const { staged, fileName, mediaType, fields } = await receiveMultipart(request.body, contentType, maxReportBytes());
  if (!staged) throw new Invalid('No report was sent.', [{ path: 'file', message: 'Attach the report in a field named "file".' }]);
  return { staged, fileName: fileName?.slice(0, 255) || 'report', mediaType: mediaType ?? 'application/octet-stream', fields };
}

/** Checked before the bytes are kept and again in the transaction (a retirement or deletion may land in between). */
async function assertWritable(db: Db | Tx, systemId: string, fields: RecordToolReportFields) {
  await assertSystemLive(db, systemId, 'Evidence cannot be recorded');
  if (fields.datasetVersionId && !first(await db.select({ id: datasetVersions.id }).from(datasetVersions).where(eq(datasetVersions.id, fields.datasetVersionId)).limit(1))) {
    throw new Invalid('Some references do not exist.', [{ path: 'datasetVersionId', message: 'No dataset version with this id.' }]);
  }
}

/** A report that names the digest of what it scanned must name this version's: a scan of another artifact is no evidence here. */
function assertSameSubject(report: ParsedReport, digest: string) {
  const other = report.subjectSha256.find((sha) => sha !== digest);
  if (other === undefined) return;
  throw new Invalid(`The report is about another artifact: it names SHA-256 ${other}, but this version's digest is ${digest}. Nothing was recorded.`, [
    { path: 'file', message: `The report's subject ${other} is not this version's artifact ${digest}.` },
  ]);
}

/** Checks the caller may record evidence on the version, parses the staged bytes off-thread; on any refusal drops them. */
async function admit(actor: Actor, upload: Upload & { fields: Record<string, string> }) {
  try {
    const fields = parseInput(ZRecordToolReportFields, upload.fields);
    const { version, model, ownerIds } = await modelVersionWithOwners(fields.modelVersionId);
    assertCan(actor, 'evidence.record', { ownerIds });
    await assertWritable(getDb(), model.systemId, fields);
    const report = await parseReportOffThread(upload.staged.tempPath, fields.format, upload.fileName);
    assertSameSubject(report, version.artifactSha256);
    return { fields, versionId: version.id, systemId: model.systemId, report };
  } catch (error) {
    discardBlob(upload.staged);
    throw error;
  }
}

/** The file and tool are shown beside the record (its first attachment and reportTool), so the summary need not repeat them. */
function describeReport(report: ParsedReport) {
  const notes = report.notes.length ? `\n\n${report.notes.join('\n')}` : '';
  return { producer: report.tool.slice(0, 300), summary: `${report.summary}${notes}`.slice(0, 4000) };
}

/**
 * A tool's own report becomes evidence the server computed: streamed and hashed, parsed in a worker, stored as a
 * blob (never scanned as a model: it is not one), attached first, and bound to the version's current digest, which
 * the caller cannot choose. Metrics are `computed`; critical vulnerabilities and failing probes raise findings.
 * A refused report leaves nothing: no blob, no file, no audit.
 */
export async function recordToolReport(actor: Actor, request: Request) {
  assertCan(actor, 'evidence.record');
  const upload = await receiveReport(request);
  const { fields, versionId, systemId, report } = await admit(actor, upload);
  const { staged, fileName, mediaType } = upload;
  await getBlobStore().commit(staged);
  const receivedAt = new Date();
  const at = receivedAt.toISOString();
  return await withTransaction(async (tx) => {
    await assertWritable(tx, systemId, fields);
    const { artifactSha256 } = first(await tx.select({ artifactSha256: modelVersions.artifactSha256 }).from(modelVersions).where(eq(modelVersions.id, versionId)).limit(1))!;
    const blobRow = { sha256: staged.sha256, size: staged.size, format: 'other', originalName: fileName, mediaType, uploadedById: actor.userId };
    const storedBlob = returnedRow(await tx.insert(blobs).values(blobRow).onConflictDoNothing().returning());
    const evaluation = only(await tx
      .insert(evaluations)
      .values({
        modelVersionId: versionId,
        artifactSha256,
        kind: report.kind,
        environment: fields.environment,
        datasetVersionId: fields.datasetVersionId ?? null,
        ...describeReport(report),
        performedAt: at,
        createdAt: at,
        createdById: actor.userId,
        reportFormat: report.format,
        reportTool: report.tool.slice(0, 300),
      })
      .returning());
    const metrics = await mapInOrder(report.metrics, async ({ description: _description, ...m }) =>
      only(await tx.insert(evaluationMetrics).values({ ...m, evaluationId: evaluation.id, origin: 'computed' }).returning()));
    const attachment = only(await tx.insert(evaluationAttachments).values({ evaluationId: evaluation.id, blobSha256: staged.sha256, fileName, mediaType }).returning());
    const record = { ...evaluation, metrics, attachments: [attachment], countsForVersion: true };
    await recordAudit(tx, actor, {
      action: 'evaluation.recorded',
      entityType: 'evaluation',
      entityId: evaluation.id,
      after: { ...record, report: { sha256: staged.sha256, size: staged.size, format: report.format, tool: report.tool, fileName, newBlob: Boolean(storedBlob) } },
    });
    const findings = await raiseToolReportFindings(tx, actor, { versionId, evaluationId: evaluation.id, fileName, report, now: receivedAt });
    return { ...record, notes: [...report.notes, ...(findings.note ? [findings.note] : [])], findings: findings.raised };
  });
}
