import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import * as downloadRoute from '@/app/api/v1/artifacts/[sha256]/route';
import * as uploadRoute from '@/app/api/v1/artifacts/route';
import { S3_TEST_BUCKET } from '@/vitest.s3-setup';
import { getDb } from '@/db';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { dataDir } from '@/lib/config';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { verifyModelVersion } from '@/lib/integrity/verify-model-version';
import { downloadEvidencePack } from '@/lib/packs/download-evidence-pack';
import { generateEvidencePack } from '@/lib/packs/generate-evidence-pack';
import { packDir } from '@/lib/packs/pack-files';
import { requestEvidencePack } from '@/lib/packs/request-evidence-pack';
import { readZipEntries } from '@/lib/packs/testing';
import { gateForVersion } from '@/lib/promotion/gate-context';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { ZPolicyRules } from '@/lib/promotion/policy-schemas';
import { ensureDefaultPolicies, updatePolicy } from '@/lib/promotion/update-policy';
import { attachModelSignature } from '@/lib/signing/model/attach-model-signature';
import { ZUpdateTrustConfigInput } from '@/lib/signing/model/schemas';
import { updateTrustConfig } from '@/lib/signing/model/update-trust-config';
import { makeActor, makeSystem } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { backupDataDir } from '../backup-data-dir';
import { sweepLeftovers } from '../sweep-leftovers';
import { verifyStore, verifyStoreManifest } from '../verify-store';
import { getBlobStore } from './blob-store';

// This file's worker keeps its blobs and packs in s3rver (vitest.s3-setup.ts), under a prefix of its own.
const PREFIX = `callers-${randomUUID()}`;
process.env.BLOB_STORE = `s3://${S3_TEST_BUCKET}/${PREFIX}`;
process.env.S3_ENDPOINT = inject('s3Endpoint');
process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const rawObject = (sha256: string) => path.join(inject('s3Directory'), S3_TEST_BUCKET, PREFIX, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}._S3rver_object`);
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const localBlobs = () => (fs.existsSync(path.join(dataDir(), 'blobs')) ? fs.readdirSync(path.join(dataDir(), 'blobs'), { recursive: true }).filter((f) => !String(f).startsWith('tmp')) : []);
const fixture = (p: string) => fs.readFileSync(path.join(process.cwd(), 'lib', 'signing', 'model', 'fixtures', p));

function upload(token: string, bytes: Uint8Array, fields: Record<string, string> = {}, name = 'model.bin') {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([Buffer.from(bytes)]), name);
  return uploadRoute.POST(new NextRequest('http://localhost/api/v1/artifacts', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } }), ctx());
}

let ds: Actor;
let admin: Actor;
let auditor: Actor;
let token: string;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, admin, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['admin']), makeActor(['auditor'])]);
  token = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register', 'read'] })).secret;
});

describe('with BLOB_STORE=s3://...', () => {
  it('uploads artifacts into the bucket, byte for byte, and downloads them from it', async () => {
    expect(getBlobStore().kind).toBe('s3');
    const bytes = fixture('openssl/model.bin');
    const response = await upload(token, bytes, { sha256: sha(bytes) });
    expect(response.status).toBe(201);
    expect(sha(fs.readFileSync(rawObject(sha(bytes))))).toBe(sha(bytes));
    expect(localBlobs()).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir(), 'blobs', 'tmp'))).toEqual([]);
    const download = await downloadRoute.GET(new NextRequest(`http://localhost/api/v1/artifacts/${sha(bytes)}`, { headers: { authorization: `Bearer ${token}` } }), ctx({ sha256: sha(bytes) }));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('keeps nothing when the declared digest is wrong', async () => {
    const bytes = Buffer.from(`refused ${randomUUID()}`);
    expect((await upload(token, bytes, { sha256: 'ab'.repeat(32) })).status).toBe(400);
    expect(await getBlobStore().stat(sha(bytes))).toBeNull();
    expect(fs.readdirSync(path.join(dataDir(), 'blobs', 'tmp'))).toEqual([]);
  });

  it('re-hashes a version from the bucket and catches an object altered there', async () => {
    const bytes = Buffer.from(`weights ${randomUUID()}`);
    await upload(token, bytes);
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: `verified-${randomUUID()}` });
    const version = await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: sha(bytes), format: 'other' });
    expect((await verifyModelVersion(ds, version.id)).ok).toBe(true);
    fs.writeFileSync(rawObject(sha(bytes)), Buffer.from(bytes).fill(0x41, 0, 1));
    expect(await verifyModelVersion(ds, version.id)).toMatchObject({ ok: false, kind: 'blob_rehash' });
    fs.writeFileSync(rawObject(sha(bytes)), bytes);
    expect((await verifyModelVersion(ds, version.id)).ok).toBe(true);
  });

  it('verifies a signature at the gate from the bundle and trusted root kept in the bucket', async () => {
    const root = JSON.parse(fixture('sigstore-prod-trusted_root.json').toString('utf8'));
    await updateTrustConfig(admin, ZUpdateTrustConfigInput.parse({ keys: [{ publicKeyPem: fixture('openssl/signer.pub.pem').toString('utf8'), identity: 'release-bot' }], trustedRoot: root }));
    const digest = sha(fixture('openssl/model.bin'));
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal' })).id, name: `signed-${randomUUID()}` });
    const version = await createModelVersion(ds, { modelId: model.id, version: 'v1', artifactSha256: digest, format: 'other' });
    const attached = await attachModelSignature(ds, version.id, new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(fixture('openssl/model.sig')) }));
    const bundle = fs.readFileSync(rawObject(attached.bundleSha256));
    expect(sha(bundle)).toBe(attached.bundleSha256);
    const { rules } = (await currentPolicy(getDb(), 'minimal', 'staging'))!;
    await updatePolicy(admin, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules: ZPolicyRules.parse({ ...rules, requiredSignerIdentities: ['release-bot'] }) });
    const signatureRow = async () => (await gateForVersion(getDb(), version.id, 'staging')).gate.requirements.find((r) => r.id === 'signature');
    // The gate reads the bundle from the bucket (not from the upload it came in): without the object it fails.
    fs.rmSync(rawObject(attached.bundleSha256));
    expect(await signatureRow()).toMatchObject({ met: false, detail: expect.stringMatching(/cannot be read from the blob store/) });
    fs.writeFileSync(rawObject(attached.bundleSha256), bundle);
    expect(await signatureRow()).toMatchObject({ met: true, label: 'Model signed by release-bot' });
  });

  it('generates an evidence pack into the bucket, serves it, and verify-store and a backup manifest vouch for every object', async () => {
    const report = Buffer.from(`<html>fairness ${randomUUID()}</html>`);
    const attachment = ((await (await upload(token, report, {}, 'fairness.html')).json()) as { sha256: string }).sha256;
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: `packed-${randomUUID()}` });
    const version = await createModelVersion(ds, { modelId: model.id, version: '1', artifactSha256: 'a1'.repeat(32), format: 'onnx' });
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'fairness', environment: 'staging', artifactSha256: 'a1'.repeat(32), producer: 'suite', metrics: [{ name: 'gap', value: 0.01, threshold: 0.05, comparator: 'lte' }], attachments: [{ sha256: attachment, fileName: 'fairness.html', mediaType: 'text/html' }] }));
    const packId = (await requestEvidencePack(auditor, { scopeType: 'model_version', scopeId: version.id, periodFrom: null, periodTo: null })).id;
    const generated = await generateEvidencePack(packId);
    expect(generated).toMatchObject({ ok: true });
    expect(fs.existsSync(packDir(packId))).toBe(false);
    const zip = Buffer.from(await (await downloadEvidencePack(auditor, packId, 'zip')).arrayBuffer());
    expect(sha(zip)).toBe((generated as { zipSha256: string }).zipSha256);
    const zipFile = path.join(dataDir(), `${packId}.zip`);
    fs.writeFileSync(zipFile, zip);
    expect((await readZipEntries(zipFile)).get(`attachments/${attachment}/fairness.html`)).toEqual(report);

    const intact = await verifyStore();
    expect(intact.problems).toEqual([]);
    // `db backup` copies the SQLite file or pg_dump's archive, and lists the bucket's objects beside it.
    const backup = await backupDataDir(path.join(dataDir(), '..', `backup-${randomUUID()}`));
    expect(backup.problems).toEqual([]);
    expect(fs.readdirSync(backup.dir)).toEqual(expect.arrayContaining(['MANIFEST', 'STORE-MANIFEST.json', onPostgres ? 'provenant.pgdump' : 'provenant.db']));
    expect(fs.readdirSync(backup.dir)).toEqual(expect.not.arrayContaining(['blobs', 'packs']));
    expect(fs.readFileSync(path.join(backup.dir, 'MANIFEST'), 'utf8')).toContain('STORE-MANIFEST.json');
    const manifest = path.join(backup.dir, 'STORE-MANIFEST.json');
    expect(await verifyStoreManifest(manifest)).toEqual({ checked: intact.checked, problems: [] });
    fs.writeFileSync(rawObject(attachment), 'altered');
    const broken = await verifyStoreManifest(manifest);
    expect(broken.problems).toEqual([expect.objectContaining({ path: `s3://${S3_TEST_BUCKET}/${PREFIX}/sha256/${attachment.slice(0, 2)}/${attachment.slice(2, 4)}/${attachment}`, problem: expect.stringMatching(/^bytes hash to /) })]);
    expect((await verifyStore()).problems).toHaveLength(1);
    fs.writeFileSync(rawObject(attachment), report);
    fs.rmSync(backup.dir, { recursive: true, force: true });
  }, 120_000);

  it('sweeps orphan objects and the objects of failed packs from the bucket, and keeps the rest', async () => {
    const store = getBlobStore();
    const orphan = await store.stage(Readable.from([Buffer.from(`orphan ${randomUUID()}`)]));
    await store.commit(orphan);
    const failedPack = randomUUID();
    fs.mkdirSync(packDir(failedPack), { recursive: true });
    fs.writeFileSync(path.join(packDir(failedPack), 'pack.zip.partial'), 'PK');
    await store.putPack(failedPack, 'zip', path.join(packDir(failedPack), 'pack.zip.partial'));
    const report = await sweepLeftovers({ graceMs: 0 });
    expect(report.orphanBlobs).toEqual([orphan.sha256]);
    expect(report.packFiles).toEqual([`packs/${failedPack}.zip`]);
    expect(await store.stat(orphan.sha256)).toBeNull();
    expect(await store.openPack(failedPack, 'zip')).toBeNull();
    expect((await verifyStore()).problems).toEqual([]);
  });
});
