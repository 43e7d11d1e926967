import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first as firstRow, getDb, unguardedWriter } from '@/db';
import { auditEvents, modelSignatures, trustConfigs } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { gateForVersion } from '@/lib/promotion/gate-context';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { uploadBytes } from '@/lib/promotion/test-artifacts';
import { ZPolicyRules } from '@/lib/promotion/policy-schemas';
import { ensureDefaultPolicies, updatePolicy } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { attachModelSignature } from './attach-model-signature';
import { describeSignatureNow } from './describe-signature-now';
import { SIGNATURES_CHECKED } from './gate-signature';
import { listModelSignatures } from './queries';
import { editTrustConfig } from './edit-trust-config';
import { ZTrustConfigChange, ZUpdateTrustConfigInput } from './schemas';
import { keyIdOf, readPublicKeyPem } from './trust-configuration';
import { updateTrustConfig } from './update-trust-config';
import { versionSignatureNow } from './version-signature-now';

// Bundles made by openssl, independently of this code (fixtures/make-openssl-bundles.sh, fixtures/README.md).
const fixture = (p: string) => fs.readFileSync(path.join(__dirname, 'fixtures', p));
const signerPem = fixture('openssl/signer.pub.pem').toString('utf8');
const post = (body: Buffer) => new Request('http://localhost/api/v1/model-versions/x/signatures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(body) });
const multipart = (body: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(body)]), 'model.sig');
  return new Request('http://localhost/api/v1/model-versions/x/signatures', { method: 'POST', body: form });
};
const saveTrust = (actor: Actor, input: unknown) => updateTrustConfig(actor, ZUpdateTrustConfigInput.parse(input));
const releaseBot = { keys: [{ publicKeyPem: signerPem, identity: 'release-bot' }] };
const signatureRow = async (versionId: string) => (await gateForVersion(getDb(), versionId, 'staging')).gate.requirements.find((r) => r.id === 'signature');

let ds: Actor;
let other: Actor;
let admin: Actor;
let modelId: string;
let signedVersionId: string;
let digest: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, other, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist']), makeActor(['admin'])]);
  modelId = (await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal' })).id, name: 'signed-model' })).id;
  digest = (await uploadBytes(ds, fixture('openssl/model.bin'), 'model.bin')).sha256;
  signedVersionId = (await createModelVersion(ds, { modelId, version: 'v1', artifactSha256: digest, format: 'other' })).id;
});

describe('the trust configuration', () => {
  it('is for admins only', async () => {
    await expect(saveTrust(ds, releaseBot)).rejects.toMatchObject({ status: 403 });
  });

  it('refuses what is not a PEM key or a CA chain, or not a trusted root, saving nothing', async () => {
    const before = firstRow(await getDb().select({ n: count() }).from(trustConfigs).limit(1))!.n;
    await expect(saveTrust(admin, { keys: [{ publicKeyPem: 'hello', identity: 'x' }] })).rejects.toMatchObject({ status: 400, issues: [expect.objectContaining({ path: 'keys.0.publicKeyPem' })] });
    await expect(saveTrust(admin, { certificateAuthorities: [{ name: 'ca', certificateChainPem: signerPem, identities: ['a'] }] })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'certificateAuthorities.0.certificateChainPem' })] });
    await expect(saveTrust(admin, { trustedRoot: { mediaType: 'application/json' } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'trustedRoot' })] });
    expect(firstRow(await getDb().select({ n: count() }).from(trustConfigs).limit(1))!.n).toBe(before);
  });

  it('writes a new audited version per change, and nothing for the same configuration again', async () => {
    const audits = async () => firstRow(await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'trust_config.updated')).limit(1))!.n;
    const before = await audits();
    const first = await saveTrust(admin, releaseBot);
    expect(first).toMatchObject({ changed: true, config: { keys: [expect.objectContaining({ identity: 'release-bot', keyId: expect.stringMatching(/^[0-9a-f]{64}$/) })] } });
    const again = await saveTrust(admin, releaseBot);
    expect(again).toMatchObject({ changed: false, version: first.version });
    expect(await audits()).toBe(before + 1);
    const root = JSON.parse(fixture('sigstore-prod-trusted_root.json').toString('utf8'));
    const withRoot = await saveTrust(admin, { ...releaseBot, trustedRoot: root, trustedRootIdentities: [{ subjectAlternativeName: 'stefanb@us.ibm.com', issuer: 'https://sigstore.verify.ibm.com/oauth2' }] });
    expect(withRoot).toMatchObject({ changed: true, version: first.version + 1, config: { trustedRootSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // Absent keeps the uploaded root; null removes it.
    expect((await saveTrust(admin, { ...releaseBot, trustedRootIdentities: withRoot.config.trustedRootIdentities })).changed).toBe(false);
    expect((await saveTrust(admin, { ...releaseBot, trustedRoot: null })).config.trustedRootSha256).toBeNull();
    await expect(async () => await unguardedWriter().update(trustConfigs).set({ version: 99 }).where(eq(trustConfigs.version, first.version))).rejects.toThrow();
  });
});

describe("the admin page's changes", () => {
  const edit = (actor: Actor, change: unknown) => editTrustConfig(actor, ZTrustConfigChange.parse(change));

  it('adds and removes one entry at a time, naming the form field that is wrong', async () => {
    await saveTrust(admin, { keys: [] });
    await expect(edit(ds, { op: 'add_key', identity: 'x', publicKeyPem: signerPem })).rejects.toMatchObject({ status: 403 });
    await expect(edit(admin, { op: 'add_key', identity: 'x', publicKeyPem: 'nope' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'publicKeyPem' })] });
    await expect(edit(admin, { op: 'set_trusted_root', trustedRootJson: '{"mediaType": "x"' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'trustedRootJson' })] });
    // Its own escapes make a lone surrogate the form's text never held.
    await expect(edit(admin, { op: 'set_trusted_root', trustedRootJson: '{"mediaType": "x\\ud800"}' })).rejects.toMatchObject({ issues: [{ path: 'trustedRootJson', message: expect.stringContaining('At mediaType: The text contains a lone UTF-16 surrogate') }] });
    const added = await edit(admin, { op: 'add_authority', name: 'Test CA', certificateChainPem: fixture('model-transparency/keys/ca-cert.pem').toString('utf8'), identities: 'intermediate-ca\n\n release@example.com ' });
    expect(added.config.certificateAuthorities).toEqual([expect.objectContaining({ name: 'Test CA', identities: ['intermediate-ca', 'release@example.com'] })]);
    await edit(admin, { op: 'add_key', identity: 'release-bot', publicKeyPem: signerPem });
    const removed = await edit(admin, { op: 'remove', list: 'certificateAuthorities', index: '0' });
    expect(removed.config).toMatchObject({ certificateAuthorities: [], keys: [expect.objectContaining({ identity: 'release-bot' })] });
  });
});

describe('attaching a model signature', () => {
  it("is for the version's owner with the register scope", async () => {
    await expect(attachModelSignature(other, signedVersionId, post(fixture('openssl/model.sig')))).rejects.toMatchObject({ status: 403 });
    await expect(attachModelSignature({ ...ds, type: 'token', tokenId: 't', scopes: ['read'] }, signedVersionId, post(fixture('openssl/model.sig')))).rejects.toMatchObject({ status: 403 });
    await expect(attachModelSignature(admin, signedVersionId, post(fixture('openssl/model.sig')))).rejects.toMatchObject({ status: 403 });
  });

  it('refuses what is not a model-signing bundle, keeping nothing', async () => {
    const rows = async () => (await listModelSignatures(getDb(), signedVersionId, { page: 1, pageSize: 100 })).total;
    const before = await rows();
    await expect(attachModelSignature(ds, signedVersionId, post(Buffer.from('{"mediaType": 1}')))).rejects.toMatchObject({ status: 400 });
    await expect(attachModelSignature(ds, signedVersionId, post(fixture('openssl/other-predicate.sig')))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('predicate type') });
    expect(await rows()).toBe(before);
  });

  it('verifies at upload, stores the outcome immutably and audits it; a bundle that fails is kept as failed', async () => {
    await saveTrust(admin, releaseBot);
    const signed = await attachModelSignature(ds, signedVersionId, multipart(fixture('openssl/model.sig')));
    expect(signed).toMatchObject({ status: 'verified', signerIdentity: 'release-bot', signedFiles: [{ name: 'model.bin' }], trustConfigVersion: expect.any(Number) });
    const audit = (await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'model_signature.attached'))).at(-1)!;
    expect(audit.entityId).toBe(signedVersionId);
    const tampered = await attachModelSignature(ds, signedVersionId, post(fixture('openssl/tampered.sig')));
    expect(tampered).toMatchObject({ status: 'failed', problem: 'invalid', signedFiles: [] });
    await expect(async () => await unguardedWriter().update(modelSignatures).set({ status: 'verified' }).where(eq(modelSignatures.id, tampered.id))).rejects.toThrow();
    expect(await listModelSignatures(getDb(), signedVersionId, { page: 1, pageSize: 1 })).toMatchObject({ total: 2, items: [{ id: tampered.id, status: 'failed' }] });
  });
});

describe('the gate', () => {
  const requireSigner = async (identities: string[] | undefined) => {
    const { rules } = (await currentPolicy(getDb(), 'minimal', 'staging'))!;
    const { requiredSignerIdentities: _, ...rest } = rules;
    await updatePolicy(admin, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules: ZPolicyRules.parse(identities ? { ...rest, requiredSignerIdentities: identities } : rest) });
  };

  it('asks nothing of signatures unless the policy names signers', async () => {
    await requireSigner(undefined);
    expect(await signatureRow(signedVersionId)).toBeUndefined();
  });

  it('re-verifies the latest signature against the current trust configuration and names the reason it fails', async () => {
    await saveTrust(admin, releaseBot);
    const version = await createModelVersion(ds, { modelId, version: 'v2', artifactSha256: digest, format: 'other' });
    await requireSigner(['release-bot']);
    expect(await signatureRow(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/^No model signature/) });
    await attachModelSignature(ds, version.id, post(fixture('openssl/model.sig')));
    expect(await signatureRow(version.id)).toMatchObject({ met: true, label: 'Model signed by release-bot' });
    await requireSigner(['security-team']);
    expect(await signatureRow(version.id)).toMatchObject({ met: false, detail: 'Signed by release-bot, not one of security-team.' });
    await requireSigner(['release-bot']);
    await saveTrust(admin, { keys: [] });
    expect(await signatureRow(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/does not count now: .*does not hold/) });
    await saveTrust(admin, releaseBot);
    const otherBytes = await createModelVersion(ds, { modelId, version: 'v2-other-bytes', artifactSha256: digest, format: 'other' });
    await attachModelSignature(ds, otherBytes.id, post(fixture('openssl/other-bytes.sig')));
    expect(await signatureRow(otherBytes.id)).toMatchObject({ met: false, detail: expect.stringMatching(/^The latest signature does not count now: .*signs other bytes/) });
    await requireSigner(undefined);
  });

  it('counts any of the latest signatures that verifies now with an allowed signer, as cosign does, checking at most the latest 10', async () => {
    await saveTrust(admin, releaseBot);
    const version = await createModelVersion(ds, { modelId, version: 'v-any', artifactSha256: digest, format: 'other' });
    await requireSigner(['release-bot']);
    await attachModelSignature(ds, version.id, post(fixture('openssl/model.sig')));
    await attachModelSignature(ds, version.id, post(fixture('openssl/untrusted-key.sig')));
    expect(await signatureRow(version.id)).toMatchObject({ met: true, detail: expect.stringMatching(/^Signed by release-bot/) });
    await saveTrust(admin, { keys: [] });
    expect(await signatureRow(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/^None of the 2 latest signatures counts now; the latest: Signed with a key/) });
    await saveTrust(admin, releaseBot);
    for (let i = 1; i < SIGNATURES_CHECKED; i++) await attachModelSignature(ds, version.id, post(fixture('openssl/untrusted-key.sig')));
    expect(await signatureRow(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/^None of the 10 latest signatures counts now/) });
    await requireSigner(undefined);
  });
});

describe("the version page's signature status", () => {
  it('is verified now against the current trust configuration, saying so when it no longer holds what it did at upload', async () => {
    const first = await saveTrust(admin, releaseBot);
    const version = await createModelVersion(ds, { modelId, version: 'v-now', artifactSha256: digest, format: 'other' });
    expect(await versionSignatureNow(ds, version.id)).toBeNull();
    const attached = await attachModelSignature(ds, version.id, post(fixture('openssl/model.sig')));
    const stored = (await listModelSignatures(getDb(), version.id, { page: 1, pageSize: 1 })).items[0]!;
    expect(describeSignatureNow(stored, (await versionSignatureNow(ds, version.id))!)).toEqual({ verifiedNow: true, text: `Latest: signed by release-bot, verified now against the current trust configuration (version ${attached.trustConfigVersion}).` });
    const emptied = await saveTrust(admin, { keys: [] });
    const keyId = keyIdOf(readPublicKeyPem(signerPem));
    expect(describeSignatureNow(stored, (await versionSignatureNow(ds, version.id))!)).toEqual({
      verifiedNow: false,
      text: `Latest: signed by release-bot, verified at upload against the trust configuration (version ${first.version}); does not verify against the current trust configuration (version ${emptied.version}): Signed with the key ${keyId} (once trusted for release-bot), which the current trust configuration does not hold.`,
    });
    await expect(async () => await versionSignatureNow(ds, 'no-such-version')).rejects.toMatchObject({ status: 404 });
  });
});


describe('a bundle whose stored bytes are gone', () => {
  it('fails the gate with the reason instead of breaking it', async () => {
    const { blobPath } = await import('@/lib/storage/blob-store/local-blob-store');
    await saveTrust(admin, releaseBot);
    const version = await createModelVersion(ds, { modelId, version: 'v-lost', artifactSha256: digest, format: 'other' });
    const attached = await attachModelSignature(ds, version.id, post(fixture('openssl/model.sig')));
    const file = blobPath(attached.bundleSha256);
    const kept = fs.readFileSync(file);
    const { rules } = (await currentPolicy(getDb(), 'minimal', 'staging'))!;
    await updatePolicy(admin, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules: ZPolicyRules.parse({ ...rules, requiredSignerIdentities: ['release-bot'] }) });
    fs.rmSync(file);
    try {
      expect(await signatureRow(version.id)).toMatchObject({ met: false, detail: expect.stringMatching(/cannot be read from the blob store/) });
    } finally {
      fs.writeFileSync(file, kept);
      const { requiredSignerIdentities: _, ...rest } = (await currentPolicy(getDb(), 'minimal', 'staging'))!.rules;
      await updatePolicy(admin, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules: ZPolicyRules.parse(rest) });
    }
  });
});
