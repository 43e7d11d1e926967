import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConnection, databaseReady, getConnection } from '@/db';
import { downloadArtifact } from '@/lib/artifacts/download-artifact';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { authSecret } from '@/lib/auth/secret';
import { dataDir } from '@/lib/config';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { downloadEvidencePack } from '@/lib/packs/download-evidence-pack';
import { generateEvidencePack } from '@/lib/packs/generate-evidence-pack';
import { requestEvidencePack } from '@/lib/packs/request-evidence-pack';
import { ensureSigningKey } from '@/lib/signing/attest/ensure-signing-key';
import { makeActor, makeSystem } from '@/lib/testing';
import { createEmptyDatabase, onPostgres } from '@/lib/testing-sql';
import { readmeShellBlock, runCli } from '@/lib/testing-cli';
import { verifyStore } from './verify-store';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MODEL = Buffer.from('ONNX model bytes for the restore test');
const REPORT = Buffer.from('<html><body>Fairness report: demographic parity gap 0.02.</body></html>');

async function upload(actor: Actor, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return ((await uploadArtifact(actor, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }))) as { sha256: string }).sha256;
}

const original = { dataDir: '', databaseUrl: process.env.DATABASE_URL };
let ds: Actor;
let auditor: Actor;
let packId: string;
let packZipSha256: string;
let secret: string;
let signingKeyId: string;

beforeAll(async () => {
  original.dataDir = dataDir();
  [ds, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['auditor'])]);
  secret = authSecret();
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Restored system' })).id, name: 'restored-model' });
  const artifact = await upload(ds, MODEL, 'model.onnx');
  const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: artifact });
  const attachment = await upload(ds, REPORT, 'fairness.html');
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'fairness', environment: 'staging', artifactSha256: artifact, producer: 'fairness suite', metrics: [{ name: 'parity_gap', value: 0.02, threshold: 0.05, comparator: 'lte' }], attachments: [{ sha256: attachment, fileName: 'fairness.html', mediaType: 'text/html' }] }));
  packId = (await requestEvidencePack(auditor, { scopeType: 'model_version', scopeId: version.id, periodFrom: null, periodTo: null })).id;
  const generated = await generateEvidencePack(packId);
  expect(generated).toMatchObject({ ok: true });
  packZipSha256 = (generated as { zipSha256: string }).zipSha256;
  signingKeyId = (await ensureSigningKey()).keyId;
}, 120_000);

afterAll(() => {
  closeConnection();
  process.env.DATA_DIR = original.dataDir;
  process.env.DATABASE_URL = original.databaseUrl;
});

/** The restored data directory and database serve what the original did: the chain, the blobs, the same downloads. */
async function expectServedAsBefore(restored: string) {
  expect((await verifyAuditChain(onPostgres ? undefined : getConnection().sqlite)).ok).toBe(true);
  expect(await verifyStore()).toEqual({ checked: 4, problems: [] });
  expect((await ensureSigningKey()).keyId).toBe(signingKeyId);
  expect(dataDir()).toBe(restored);
  const model = Buffer.from(await (await downloadArtifact(ds, sha256(MODEL))).arrayBuffer());
  expect(model.equals(MODEL)).toBe(true);
  const zip = Buffer.from(await (await downloadEvidencePack(auditor, packId, 'zip')).arrayBuffer());
  expect(sha256(zip)).toBe(packZipSha256);
}

describe.runIf(onPostgres)('a PostgreSQL backup restored by the README procedure', () => {
  it("restores pg_dump's archive into a new database, with the same chain, blobs, keys and downloads", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-restore-pg-'));
    const backup = path.join(parent, 'backup');
    const restored = path.join(parent, 'restored-data');
    const made = runCli(['db', 'backup', backup], { env: { DATA_DIR: original.dataDir } });
    expect(made.status, made.stderr).toBe(0);
    // The archive, two blobs, both pack files and the signing key; no secret file (NEXTAUTH_SECRET is the operator's).
    const manifest = fs.readFileSync(path.join(backup, 'MANIFEST'), 'utf8').trim().split('\n').map((line) => line.split('  ')[1]);
    expect(manifest).toHaveLength(6);
    expect(manifest).toContain('provenant.pgdump');
    expect(manifest).not.toContain('nextauth-secret');

    const database = await createEmptyDatabase(process.env.TEST_DATABASE_URL!, 'provenant_restored');
    // As README advises: the password in PGPASSWORD, which pg_restore and the CLI both read, not in the URL.
    const withoutPassword = new URL(database);
    const password = decodeURIComponent(withoutPassword.password);
    withoutPassword.password = '';
    const steps = spawnSync('bash', ['-euo', 'pipefail', '-c', readmeShellBlock('restore-pg')], {
      env: { ...process.env, BACKUP: backup, DATA_DIR: restored, DATABASE_URL: withoutPassword.toString(), PGPASSWORD: password },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(steps.status, `${steps.stdout}\n${steps.stderr}`).toBe(0);
    expect(steps.stdout).toMatch(/Audit chain intact/);
    expect(steps.stdout).toMatch(/Store intact: 4 referenced files/);

    closeConnection();
    process.env.DATA_DIR = restored;
    process.env.DATABASE_URL = database;
    await databaseReady();
    await expectServedAsBefore(restored);
    fs.rmSync(parent, { recursive: true, force: true });
  }, 120_000);
});

describe.skipIf(onPostgres)('a backup restored by the README procedure', () => {
  it('verifies its chain and every blob, and serves the same downloads and session secret', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'provenant-restore-'));
    const backup = path.join(parent, 'backup');
    const restored = path.join(parent, 'restored-data');
    const made = runCli(['db', 'backup', backup], { env: { DATA_DIR: original.dataDir } });
    expect(made.status, made.stderr).toBe(0);
    // Blobs, both pack files, the database, the secret and the signing key: six files and the manifest that lists them.
    expect(fs.readFileSync(path.join(backup, 'MANIFEST'), 'utf8').trim().split('\n')).toHaveLength(7);
    expect(fs.statSync(path.join(backup, 'keys', `${signingKeyId}.pem`)).mode & 0o777).toBe(0o600);

    const steps = spawnSync('bash', ['-euo', 'pipefail', '-c', readmeShellBlock('restore')], { env: { ...process.env, BACKUP: backup, DATA_DIR: restored }, encoding: 'utf8' });
    expect(steps.status, `${steps.stdout}\n${steps.stderr}`).toBe(0);
    expect(steps.stdout).toMatch(/Audit chain intact/);
    expect(steps.stdout).toMatch(/Store intact: 4 referenced files/);

    closeConnection();
    process.env.DATA_DIR = restored;
    expect(authSecret()).toBe(secret);
    await expectServedAsBefore(restored);
    fs.rmSync(parent, { recursive: true, force: true });
  }, 120_000);
});
