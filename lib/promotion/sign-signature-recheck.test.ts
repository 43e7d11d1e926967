import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { auditEvents, modelVersions, promotionRequests, signatures } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { attachModelSignature } from '@/lib/signing/model/attach-model-signature';
import { ZUpdateTrustConfigInput } from '@/lib/signing/model/schemas';
import { keyIdOf, readPublicKeyPem } from '@/lib/signing/model/trust-configuration';
import { updateTrustConfig } from '@/lib/signing/model/update-trust-config';
import { makeActor, makeSystem } from '@/lib/testing';
import { currentPolicy } from './policy-queries';
import { ZPolicyRules } from './policy-schemas';
import { requestPromotion } from './request-promotion';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies, updatePolicy } from './update-policy';

// Bundles made by openssl, independently of Provenant (lib/signing/model/fixtures/README.md).
const fixture = (p: string) => fs.readFileSync(path.join(__dirname, '..', 'signing', 'model', 'fixtures', 'openssl', p));
const signerPem = fixture('signer.pub.pem').toString('utf8');
const PASSWORD = 'correct horse battery staple';
const post = (body: Buffer) => new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(body) });
const trust = (keys: { publicKeyPem: string; identity: string }[]) => updateTrustConfig(admin, ZUpdateTrustConfigInput.parse({ keys }));

let ds: Actor;
let ro: Actor;
let admin: Actor;
let versionId: string;
let request: { id: string; snapshotSha256: string };

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['admin'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal' })).id, name: 'recheck-model' });
  const digest = (await uploadBytes(ds, fixture('model.bin'), 'model.bin')).sha256;
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'other' })).id;
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  await trust([{ publicKeyPem: signerPem, identity: 'rv-bot' }]);
  const { rules } = (await currentPolicy(getDb(), 'minimal', 'staging'))!;
  await updatePolicy(admin, { riskTier: 'minimal', targetStage: 'staging', reason: 'Changed by a test.', rules: ZPolicyRules.parse({ ...rules, allowUnscanned: true, requiredSignerIdentities: ['rv-bot'] }) });
  expect(await attachModelSignature(ds, versionId, post(fixture('model.sig')))).toMatchObject({ status: 'verified', signerIdentity: 'rv-bot' });
  request = await requestPromotion(ds, { modelVersionId: versionId, targetStage: 'staging', justification: 'Signed by the release bot.' });
});

const sign = () => signRequest(ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
const refusals = async () => (await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'promotion.sign_failed'), eq(auditEvents.entityId, request.id)))).map((e) => ({ actorId: e.actorId, after: JSON.parse(String(e.after)) }));

describe('the signature that moves the stage', () => {
  it("is refused when the model signature's key was removed from the trust configuration since the request, changing nothing", async () => {
    await trust([]);
    const keyId = keyIdOf(readPublicKeyPem(signerPem));
    await expect(sign()).rejects.toMatchObject({ status: 409, message: expect.stringMatching(new RegExp(`^Model signed by rv-bot no longer holds, so the version cannot move and nothing was signed\\. .*${keyId}`)) });
    expect(await getDb().select().from(signatures).where(eq(signatures.requestId, request.id))).toEqual([]);
    expect(first(await getDb().select({ status: promotionRequests.status }).from(promotionRequests).where(eq(promotionRequests.id, request.id)).limit(1))).toEqual({ status: 'open' });
    expect(first(await getDb().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, versionId)).limit(1))).toEqual({ stage: 'development' });
    expect(await refusals()).toEqual([{ actorId: ro.userId, after: { reason: 'model signature', detail: expect.stringContaining('does not hold'), unmet: ['signature'] } }]);
  });

  it('moves the stage once the key is trusted again', async () => {
    await trust([{ publicKeyPem: signerPem, identity: 'rv-bot' }]);
    expect(await sign()).toMatchObject({ requestStatus: 'approved', stageChange: { from: 'development', to: 'staging' } });
    expect(await refusals()).toHaveLength(1);
  });
});
