import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { listSigningKeys } from '@/lib/signing/attest/queries';
import { PACK_PREDICATE_TYPE } from '@/lib/signing/attest/statement';
import { sigstoreVerify } from '@/lib/signing/attest/testing';
import { makeActor, makeSystem } from '@/lib/testing';
import { generateEvidencePack } from './generate-evidence-pack';
import { packFilePath } from './pack-files';
import { requestEvidencePack } from './request-evidence-pack';

const ARTIFACT = 'b2'.repeat(32);
let dir: string;
let auditor: Actor;

/** A shell in the unpacked pack, as the auditor runs it; status and output. */
const sh = (script: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, encoding: 'utf8' });
/** The fenced sh block that follows `heading` in the pack's own VERIFY.md, run as written. */
const verifyMdBlock = (heading: string) => new RegExp(`## ${heading}[\\s\\S]*?\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(fs.readFileSync(path.join(dir, 'VERIFY.md'), 'utf8'))![1]!;

beforeAll(async () => {
  const ds = await makeActor(['data_scientist']);
  auditor = await makeActor(['auditor']);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Signed pack system' })).id, name: 'signed-pack-model' });
  const version = await createModelVersion(ds, { modelId: model.id, version: '3.0.0', artifactSha256: ARTIFACT, format: 'onnx' });
  // A user agent with quotes, a tab and non-Latin letters: VERIFY.md's script must escape it as Provenant did.
  await recordEvaluation({ ...ds, userAgent: 'ci-runner/1.0 "nightly"\t— Zürich ✓ 日本' }, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: ARTIFACT, producer: 'ci', metrics: [{ name: 'roc_auc', value: 0.9, threshold: 0.8, comparator: 'gte' }] }));
  const packId = (await requestEvidencePack(auditor, { scopeType: 'model_version', scopeId: version.id, periodFrom: null, periodTo: null })).id;
  expect(await generateEvidencePack(packId)).toMatchObject({ ok: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signed-pack-'));
  execFileSync('unzip', ['-q', packFilePath(packId, 'zip'), '-d', dir]);
}, 120_000);

describe('a signed evidence pack, checked with standard tools only', () => {
  it('carries the attestation, the public key and VERIFY.md with both commands', () => {
    for (const name of ['attestation.sigstore.json', 'provenant-signing-key.pub', 'VERIFY.md', 'SHA256SUMS']) expect(fs.existsSync(path.join(dir, name)), name).toBe(true);
    const verify = fs.readFileSync(path.join(dir, 'VERIFY.md'), 'utf8');
    expect(verify).toContain('sha256sum -c SHA256SUMS');
    expect(verify).toContain(`cosign verify-blob-attestation --key provenant-signing-key.pub --insecure-ignore-tlog \\\n  --bundle attestation.sigstore.json --type ${PACK_PREDICATE_TYPE} SHA256SUMS`);
  });

  it('has the key the server lists as active, by the id openssl computes', async () => {
    const active = (await listSigningKeys(auditor)).find((k) => k.active)!;
    const keyId = sh(verifyMdBlock('1. Check that the key is the organisation\'s')).stdout.split(' ')[0];
    expect(keyId).toBe(active.keyId);
    expect(fs.readFileSync(path.join(dir, 'VERIFY.md'), 'utf8')).toContain(active.keyId);
  });

  it("verifies by VERIFY.md's openssl steps and sha256sum -c; the statement lists every file of SHA256SUMS and SHA256SUMS itself", () => {
    const openssl = sh(verifyMdBlock('Without cosign: openssl'));
    expect(openssl.status, openssl.stderr).toBe(0);
    const [verified, signedSums, actualSums] = openssl.stdout.trim().split('\n');
    expect(verified).toBe('Verified OK');
    expect(actualSums!.split(' ')[0]).toBe(signedSums);
    expect(sh('sha256sum --quiet -c SHA256SUMS').status).toBe(0);
    const statement = JSON.parse(fs.readFileSync(path.join(dir, 'statement.json'), 'utf8'));
    const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').trimEnd().split('\n').map((line) => ({ name: line.slice(66), digest: { sha256: line.slice(0, 64) } }));
    expect(statement.subject).toEqual([...sums, { name: 'SHA256SUMS', digest: { sha256: signedSums } }].sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(statement.predicateType).toBe(PACK_PREDICATE_TYPE);
    expect(statement.predicate.auditChainHead).toEqual({ sequence: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(() => sigstoreVerify(JSON.parse(fs.readFileSync(path.join(dir, 'attestation.sigstore.json'), 'utf8')), fs.readFileSync(path.join(dir, 'provenant-signing-key.pub'), 'utf8'))).not.toThrow();
  });

  it("recomputes every audit event's hash by VERIFY.md's Python script, and names an event changed afterwards", () => {
    const script = verifyMdBlock('4. Check the audit events');
    const checked = sh(script);
    expect(checked.status, checked.stderr).toBe(0);
    const events = JSON.parse(fs.readFileSync(path.join(dir, 'records', 'audit-events.json'), 'utf8')) as { seq: number; actorLabel: string; after: string | null }[];
    expect(events.length).toBeGreaterThan(2);
    expect(checked.stdout.trim()).toBe(`${events.length} events checked, 0 problems`);
    // Text that JSON escapes (quotes, a tab) or keeps (non-Latin letters) hashes as Provenant hashed it.
    expect(events.map((e) => (e as { userAgent?: string }).userAgent)).toContain('ci-runner/1.0 "nightly"\t— Zürich ✓ 日本');
    const copy = path.join(dir, 'records', 'audit-events.copy.json');
    fs.copyFileSync(path.join(dir, 'records', 'audit-events.json'), copy);
    events[1]!.actorLabel = `${events[1]!.actorLabel} (edited)`;
    fs.writeFileSync(path.join(dir, 'records', 'audit-events.json'), JSON.stringify(events));
    const tampered = sh(script);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`hash does not match at sequence ${events[1]!.seq}`);
    fs.renameSync(copy, path.join(dir, 'records', 'audit-events.json'));
  });

  it('fails when a file or the signed statement is changed', () => {
    fs.appendFileSync(path.join(dir, 'records', 'systems.json'), ' ');
    expect(sh('sha256sum --quiet -c SHA256SUMS').status).not.toBe(0);
    const bundle = JSON.parse(fs.readFileSync(path.join(dir, 'attestation.sigstore.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    statement.subject[0].digest.sha256 = '0'.repeat(64);
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    fs.writeFileSync(path.join(dir, 'attestation.sigstore.json'), JSON.stringify(bundle));
    const openssl = sh(verifyMdBlock('Without cosign: openssl'));
    expect(openssl.stdout).not.toContain('Verified OK');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
