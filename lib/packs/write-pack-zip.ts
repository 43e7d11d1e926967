import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { PackAttestation } from '@/lib/signing/attest/attest-pack';
import { PACK_ATTESTATION_FILE } from '@/lib/signing/attest/verify-instructions';
import { getBlobStore } from '@/lib/storage/blob-store/blob-store';
import type { PackData } from './collect-pack-data';
import { oversightFiles } from './oversight-files';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A name safe inside the archive and on any disk: no separators, no control characters, no leading dot. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._ -]+/g, '_').replace(/^[.\s]+/, '_').trim().slice(0, 120);
  return cleaned || 'file';
}

/** The `sha256sum` text format: "<hex>  <path>" per line (two spaces: binary-safe text mode), sorted by path. */
export function sha256sumsText(entries: { path: string; sha256: string }[]): string {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : 1)).map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

function recordFiles(data: PackData, meta: Record<string, unknown>): [string, unknown][] {
  return [
    ['records/pack.json', meta],
    ['records/systems.json', data.systems],
    ['records/models.json', data.models],
    ['records/model-versions.json', data.versions],
    ['records/lineage.json', data.lineage],
    ['records/evaluations.json', data.evidence],
    ['records/promotion-requests.json', data.promotions],
    ['records/policies.json', data.policies],
    ['records/deployments.json', data.deployments],
    ['records/integrity-checks.json', data.integrityChecks],
    ['records/audit-events.json', data.auditEvents],
  ];
}

type ZipInput = { file: string; pdf: Buffer; data: PackData; meta: Record<string, unknown>; mtime: Date; attestation: PackAttestation };

/**
 * Streams the archive to `file`: the PDF, every record as JSON, each snapshot as its exact canonical bytes, the
 * attachments (re-hashed from the blob store first: bytes that no longer match their digest fail the pack),
 * VERIFY.md and the public key, SHA256SUMS over all of it, and Provenant's signed attestation of every file.
 */
export async function writePackZip({ file, pdf, data, meta, mtime, attestation }: ZipInput) {
  const zip = new yazl.ZipFile();
  // yazl reports a failed entry on the ZipFile, which the pipeline below does not watch: end the output with it.
  zip.on('error', (error: Error) => (zip.outputStream as Readable).destroy(error));
  const sums: { path: string; sha256: string }[] = [];
  const addBuffer = (path: string, bytes: Buffer) => {
    zip.addBuffer(bytes, path, { mtime });
    sums.push({ path, sha256: sha256(bytes) });
  };
  addBuffer('pack.pdf', pdf);
  for (const [path, value] of recordFiles(data, meta)) addBuffer(path, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
  for (const [path, bytes] of oversightFiles(data.oversight)) addBuffer(path, bytes);
  for (const snapshot of data.snapshots) addBuffer(`records/snapshots/${snapshot.sha256}.json`, Buffer.from(snapshot.canonicalJson));
  const seen = new Set<string>();
  const store = getBlobStore();
  for (const attachment of data.evidence.flatMap((evaluation) => evaluation.attachments)) {
    const path = `attachments/${attachment.blobSha256}/${safeFileName(attachment.fileName)}`;
    if (seen.has(path)) continue;
    seen.add(path);
    const actual = await store.rehash(attachment.blobSha256);
    if (actual !== attachment.blobSha256) {
      throw new Error(`Attachment ${attachment.fileName} (${attachment.blobSha256}): ${actual ? 'stored bytes no longer match their digest' : 'bytes missing from the blob store'}.`);
    }
    // Opened only when the archive reaches this entry: one stored object read at a time, however many attachments.
    zip.addReadStreamLazy(path, { mtime }, (done) => {
      store.open(attachment.blobSha256).then((opened) => {
        if (!opened) return zip.emit('error', new Error(`Attachment ${attachment.fileName} (${attachment.blobSha256}): bytes missing from the blob store.`));
        opened.stream.on('error', (error) => zip.emit('error', error));
        done(null, opened.stream);
      }, (error: unknown) => zip.emit('error', error));
    });
    sums.push({ path, sha256: actual });
  }
  for (const [path, bytes] of attestation.files) addBuffer(path, bytes);
  const sumsText = Buffer.from(sha256sumsText(sums));
  zip.addBuffer(sumsText, 'SHA256SUMS', { mtime });
  const { id, scope, period, requestedBy, requestedAt, generatedAt } = meta;
  const head = data.chain.head;
  const predicate = { pack: { id, scope, period, requestedBy, requestedAt, generatedAt }, auditChainHead: head ? { sequence: head.seq, hash: head.hash } : null, auditChainIntact: data.chain.ok };
  zip.addBuffer(await attestation.sign([...sums, { path: 'SHA256SUMS', sha256: sha256(sumsText) }], predicate), PACK_ATTESTATION_FILE, { mtime });
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file));
  return { files: sums.length + 2 };
}
