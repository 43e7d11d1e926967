import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { dataDir } from '@/lib/config';
import { claimNextQueuedPack } from '@/lib/packs/start-queued-packs';
import { failEvidencePack } from '@/lib/packs/finish-evidence-pack';
import { packDir, packFilePath } from '@/lib/packs/pack-files';
import { requestEvidencePack } from '@/lib/packs/request-evidence-pack';
import { makeActor } from '@/lib/testing';
import { blobPath } from './blob-store/local-blob-store';
import { blobTempDir } from './blob-store/stage-blob';
import { sweepLeftovers } from './sweep-leftovers';

const sha256 = (bytes: string) => createHash('sha256').update(bytes).digest('hex');
const INVENTORY = { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null } as const;
const sweepEvents = async () => await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'storage.leftovers_removed'));

function writeBlobFile(bytes: string, ageMs: number) {
  const file = blobPath(sha256(bytes));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(file, at, at);
  return file;
}

let ds: Actor;
let auditor: Actor;
beforeAll(async () => {
  [ds, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['auditor'])]);
});

describe('the start-up sweep', () => {
  it('removes unfinished uploads, old orphan blobs and the files of failed or unknown packs, in one audit event, and nothing else', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a stored artifact']), 'model.onnx');
    const kept = (await uploadArtifact(ds, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }))) as { sha256: string };
    fs.utimesSync(blobPath(kept.sha256), new Date(0), new Date(0));
    fs.mkdirSync(blobTempDir(), { recursive: true });
    fs.writeFileSync(path.join(blobTempDir(), 'a-crashed-upload'), 'half of it');
    const orphan = writeBlobFile('bytes whose row was never written', 2 * 3600_000);
    const inFlight = writeBlobFile('an upload still being scanned', 60_000);

    const failed = (await requestEvidencePack(auditor, INVENTORY)).id;
    fs.mkdirSync(packDir(failed), { recursive: true });
    fs.writeFileSync(packFilePath(failed, 'pdf'), '%PDF-1.7 half a pack');
    await failEvidencePack({ type: 'system', label: 'test' }, failed, 'Interrupted');
    const running = (await requestEvidencePack(auditor, INVENTORY)).id;
    expect(await claimNextQueuedPack()).toBe(running);
    fs.mkdirSync(packDir(running), { recursive: true });
    fs.writeFileSync(`${packFilePath(running, 'zip')}.partial`, 'being written');
    const unknown = path.join(dataDir(), 'packs', '0b5e0f43-27c5-4c36-9c1a-3f0ad8a6f7a1');
    fs.mkdirSync(unknown, { recursive: true });
    fs.writeFileSync(path.join(unknown, 'pack.zip'), 'PK');

    const report = await sweepLeftovers();
    expect(report.tempFiles).toEqual(['a-crashed-upload']);
    expect(report.orphanBlobs).toEqual([path.basename(orphan)]);
    expect(report.packFiles.sort()).toEqual([`packs/${failed}/pack.pdf`, 'packs/0b5e0f43-27c5-4c36-9c1a-3f0ad8a6f7a1/pack.zip'].sort());
    expect(fs.readdirSync(blobTempDir())).toEqual([]);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(inFlight)).toBe(true);
    expect(fs.existsSync(blobPath(kept.sha256))).toBe(true);
    expect(fs.existsSync(packDir(failed))).toBe(false);
    expect(fs.existsSync(unknown)).toBe(false);
    expect(fs.existsSync(`${packFilePath(running, 'zip')}.partial`)).toBe(true);

    const [event] = await sweepEvents();
    expect(await sweepEvents()).toHaveLength(1);
    expect(event).toMatchObject({ actorType: 'system', actorLabel: 'start-up sweep', entityType: 'storage' });
    expect(JSON.parse(event!.after!)).toMatchObject({ orphanBlobs: [path.basename(orphan)], packFiles: expect.arrayContaining([`packs/${failed}/pack.pdf`]) });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('writes no event when it removes only unfinished uploads, or nothing', async () => {
    fs.writeFileSync(path.join(blobTempDir(), 'another'), 'x');
    expect(await sweepLeftovers()).toEqual({ tempFiles: ['another'], orphanBlobs: [], packFiles: [] });
    expect(await sweepLeftovers()).toEqual({ tempFiles: [], orphanBlobs: [], packFiles: [] });
    expect(await sweepEvents()).toHaveLength(1);
  });
});
