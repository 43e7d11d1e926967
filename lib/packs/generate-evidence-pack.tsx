import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { renderPdfToBuffer } from '@/lib/pdf/render-pdf';
import { packAttestation } from '@/lib/signing/attest/attest-pack';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import { writePartialFile } from '@/lib/storage/durable-files';
import { sha256OfFile } from '@/lib/storage/referenced-files';
import { personWithEmail } from '@/lib/format/person';
import { collectPackData } from './collect-pack-data';
import { claimEvidencePack, completeEvidencePack, failEvidencePack, GENERATOR_ACTOR, packHeartbeat, reportPackProgress } from './finish-evidence-pack';
import { PACK_HEARTBEAT_MS } from './recover-interrupted-packs';
import { packDir, packFilePath } from './pack-files';
import { describePeriod } from './pack-period';
import { layoutPack, PackDocument } from './pdf/pack-document';
import { loadEvidencePack } from './queries';
import { writePackZip } from './write-pack-zip';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Throttled progress: a row update only when the whole-percent value moves. */
function progressReporter(id: string) {
  let last = -1;
  let written: Promise<void> = Promise.resolve();
  let failure: unknown;
  // The PDF renderer reports from a synchronous callback: progress rows are written one after the other, in the
  // order reported, and the pack waits for them (and fails with their error) before it is done.
  const report = (percent: number, phase: string) => {
    const rounded = Math.round(percent);
    if (rounded === last) return;
    last = rounded;
    written = written.then(async () => await reportPackProgress(id, rounded, phase)).catch((error: unknown) => {
      failure ??= error;
    });
  };
  const settled = async () => {
    await written;
    if (failure !== undefined) throw failure;
  };
  return Object.assign(report, { settled });
}

async function buildPack(claimed: Awaited<ReturnType<typeof claimEvidencePack>>, report: (percent: number, phase: string) => void) {
  const { id } = claimed;
  const record = await loadEvidencePack(id);
  // The signing key is settled before the chain head is read: creating it would append to the chain after the cover's head.
  const attestation = await packAttestation();
  const data = await collectPackData(claimed);
  report(10, 'Laying out the PDF');
  const layout = layoutPack(data);
  const generatedAt = new Date().toISOString();
  const requester = personWithEmail(record.requestedBy);
  let painted = 0;
  const tablePages = Math.max(1, layout.pages.filter((items) => items.some((item) => item.kind === 'table')).length);
  const onPaint = () => {
    painted += 1;
    report(12 + (68 * Math.min(painted, tablePages)) / tablePages, `Rendering the PDF (${layout.pageCount} pages)`);
  };
  report(12, `Rendering the PDF (${layout.pageCount} pages)`);
  const pdf = await renderPdfToBuffer(<PackDocument data={data} layout={layout} scopeLabel={record.scopeLabel} requester={requester} generatedAt={generatedAt} onPaint={onPaint} />);
  report(82, 'Writing the ZIP');
  const store = getBlobStore();
  fs.mkdirSync(packDir(id), { recursive: true });
  const partialPdf = `${packFilePath(id, 'pdf')}.partial`;
  writePartialFile(partialPdf, pdf);
  await store.putPack(id, 'pdf', partialPdf);
  const meta = {
    id, scopeType: claimed.scopeType, scopeId: claimed.scopeId, scope: record.scopeLabel, period: { from: claimed.periodFrom, to: claimed.periodTo, description: describePeriod(claimed) },
    requestedBy: record.requestedBy, requestedAt: claimed.createdAt, generatedAt, chain: data.chain, pdf: { pages: layout.pageCount, sha256: sha256(pdf) },
  };
  const partialZip = `${packFilePath(id, 'zip')}.partial`;
  await writePackZip({ file: partialZip, pdf, data, meta, mtime: new Date(generatedAt), attestation });
  const zip = { sha256: (await sha256OfFile(partialZip))!, size: fs.statSync(partialZip).size };
  // Both files are durable in the store (flushed on disk, or uploaded) before the row that names them says "done".
  await store.putPack(id, 'zip', partialZip);
  if (store.kind !== 'local') fs.rmSync(packDir(id), { recursive: true, force: true });
  return { pdfSha256: sha256(pdf), zipSha256: zip.sha256, pdfSize: pdf.length, zipSize: zip.size, pageCount: layout.pageCount, chainHead: data.chain.head, chainOk: data.chain.ok };
}

/** A failed pack's files, stored or half-written; what a removal misses, the start-up sweep finds. */
async function removePackFiles(id: string) {
  fs.rmSync(packDir(id), { recursive: true, force: true });
  await getBlobStore().removePack(id);
}

/**
 * Generates a queued pack: claims it, collects the records, renders the explicitly paginated PDF, writes the ZIP
 * under DATA_DIR/packs/<id>/ and hands both files to the blob store, then marks it done (or failed, with the reason) with its audit event. Runs in the
 * `pack run` child process so the web server's event loop never waits for it.
 */
export async function generateEvidencePack(id: string) {
  // Outside the try: a pack this runner could not claim belongs to someone else and must not be failed here.
  const claimed = await claimEvidencePack(id);
  const report = progressReporter(id);
  const heartbeat = setInterval(() => {
    packHeartbeat(id).catch((error: unknown) => console.error(`Evidence pack ${id}: heartbeat not written: ${error instanceof Error ? error.message : error}`));
  }, PACK_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const outcome = await buildPack(claimed, report);
    await report.settled();
    if (!await completeEvidencePack(id, outcome)) {
      await removePackFiles(id);
      return { ok: false as const, error: 'The pack was failed while it was being generated; its files were discarded.' };
    }
    return { ok: true as const, ...outcome };
  } catch (error) {
    await report.settled().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    if (await failEvidencePack(GENERATOR_ACTOR, id, message)) await removePackFiles(id).catch(() => undefined);
    return { ok: false as const, error: message };
  } finally {
    clearInterval(heartbeat);
  }
}
