import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { statementsDuring } from '@/lib/testing-statements';
import { attachModelSignature } from '@/lib/signing/model/attach-model-signature';
import { ZUpdateTrustConfigInput } from '@/lib/signing/model/schemas';
import { updateTrustConfig } from '@/lib/signing/model/update-trust-config';
import { gateForVersion, gatesForVersion } from './gate-context';
import { currentPolicy } from './policy-queries';
import { ZPolicyRules } from './policy-schemas';
import { safetensorsBytes, uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies, updatePolicy } from './update-policy';

let owner: Actor;
let versionId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  owner = await makeActor(['data_scientist']);
  const modelId = (await createModel(owner, { systemId: (await makeSystem(owner, { riskTier: 'high' })).id, name: 'gates-model' })).id;
  const digest = (await uploadBytes(owner, safetensorsBytes(`gates-for-version-${Math.random()}`))).sha256;
  versionId = (await createModelVersion(owner, { modelId, version: 'v1', artifactSha256: digest, format: 'safetensors' })).id;
  await recordEvaluation(owner, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
});

describe('the gates of a version for several targets', () => {
  it('are each the gate of that target alone', async () => {
    const now = new Date('2026-07-01T00:00:00Z');
    const together = await gatesForVersion(getDb(), versionId, ['staging', 'production'], { now });
    const alone = [await gateForVersion(getDb(), versionId, 'staging', { now }), await gateForVersion(getDb(), versionId, 'production', { now })];
    expect(together.map((g) => g.target)).toEqual(['staging', 'production']);
    expect(together.map((g) => g.gate)).toEqual(alone.map((g) => g.gate));
    // The high-risk policies ask more of production than of staging: the two gates differ.
    expect(together[0]!.gate).not.toEqual(together[1]!.gate);
  });

  it("read the version's evidence, findings, requests and policies once for all targets", async () => {
    const evidence = /FROM evaluations e LEFT JOIN evaluation_metrics/i;
    const findings = /from "findings"/i;
    const policies = /from "promotion_policies"/i;
    const requests = /from "promotion_requests"/i;
    expect(await statementsDuring(evidence, () => gatesForVersion(getDb(), versionId, ['staging', 'production']))).toBe(1);
    expect(await statementsDuring(findings, () => gatesForVersion(getDb(), versionId, ['staging', 'production']))).toBe(1);
    expect(await statementsDuring(policies, () => gatesForVersion(getDb(), versionId, ['staging', 'production']))).toBe(1);
    expect(await statementsDuring(requests, () => gatesForVersion(getDb(), versionId, ['staging', 'production']))).toBe(1);
  });
});

describe('the gates of a signed version for two targets that each require a signer', () => {
  // A bundle made by openssl, independently of Provenant (lib/signing/model/fixtures/README.md).
  const fixture = (p: string) => fs.readFileSync(path.join(__dirname, '..', 'signing', 'model', 'fixtures', 'openssl', p));
  let signedId: string;

  beforeAll(async () => {
    const admin = await makeActor(['admin']);
    await updateTrustConfig(admin, ZUpdateTrustConfigInput.parse({ keys: [{ publicKeyPem: fixture('signer.pub.pem').toString('utf8'), identity: 'rv-bot' }] }));
    // Two lists of allowed signers, one per target: the bundles are verified once, each list judged on its own.
    for (const [target, identities] of [['staging', ['rv-bot']], ['production', ['release-team']]] as const) {
      const { rules } = (await currentPolicy(getDb(), 'limited', target))!;
      await updatePolicy(admin, { riskTier: 'limited', targetStage: target, reason: 'Changed by a test.', rules: ZPolicyRules.parse({ ...rules, requiredSignerIdentities: identities }) });
    }
    const modelId = (await createModel(owner, { systemId: (await makeSystem(owner, { riskTier: 'limited' })).id, name: 'signed-gates-model' })).id;
    const digest = (await uploadBytes(owner, fixture('model.bin'), 'model.bin')).sha256;
    signedId = (await createModelVersion(owner, { modelId, version: '1.0.0', artifactSha256: digest, format: 'other' })).id;
    const bundle = new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(fixture('model.sig')) });
    expect(await attachModelSignature(owner, signedId, bundle)).toMatchObject({ status: 'verified', signerIdentity: 'rv-bot' });
  });

  it("are each the gate of that target alone: the signature meets staging's list of signers, not production's", async () => {
    const now = new Date('2026-07-01T00:00:00Z');
    const together = await gatesForVersion(getDb(), signedId, ['staging', 'production'], { now });
    const alone = [await gateForVersion(getDb(), signedId, 'staging', { now }), await gateForVersion(getDb(), signedId, 'production', { now })];
    expect(together.map((g) => g.gate)).toEqual(alone.map((g) => g.gate));
    const signature = (gate: (typeof together)[number]['gate']) => gate.requirements.find((r) => r.id === 'signature');
    expect(signature(together[0]!.gate)).toMatchObject({ label: 'Model signed by rv-bot', met: true });
    expect(signature(together[1]!.gate)).toMatchObject({ label: 'Model signed by release-team', met: false });
  });

  it('read its signatures once and verify the stored bundle once, for both targets', async () => {
    const signatures = /from "model_signatures"/i;
    const trust = /from "trust_configs"/i;
    for (const pattern of [signatures, trust]) {
      const forOne = await statementsDuring(pattern, () => gatesForVersion(getDb(), signedId, ['staging']));
      expect(forOne).toBeGreaterThan(0);
      expect(await statementsDuring(pattern, () => gatesForVersion(getDb(), signedId, ['staging', 'production']))).toBe(forOne);
    }
  });
});
