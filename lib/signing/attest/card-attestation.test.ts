import { createHash } from 'node:crypto';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as attestationRoute from '@/app/api/v1/model-versions/[id]/card/attestation/route';
import * as cardRoute from '@/app/api/v1/model-versions/[id]/card/route';
import * as keyPemRoute from '@/app/api/v1/signing-keys/[keyId]/route';
import * as keysRoute from '@/app/api/v1/signing-keys/route';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { CARD_FORMATS } from '@/lib/cards/schemas';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { allowUnscannedArtifacts } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { auditChainHead } from './audit-chain-head';
import { CARD_PREDICATE_TYPE } from './statement';
import { opensslVerifies, sigstoreVerify, statementOf } from './testing';

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ARTIFACT = 'a7'.repeat(32);

let token: string;
let versionId: string;
let ds: Actor;
let ro: Actor;

async function get(handler: Handler, url: string, auth = token, params: Record<string, string> = { id: versionId }) {
  const response = await handler(new NextRequest(`http://localhost${url}`, { headers: { authorization: `Bearer ${auth}` } }), { params: Promise.resolve(params) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}
const card = (query: string) => get(cardRoute.GET as Handler, `/api/v1/model-versions/${versionId}/card?${query}`);
const attestation = async (query: string) => JSON.parse((await get(attestationRoute.GET as Handler, `/api/v1/model-versions/${versionId}/card/attestation?${query}`)).bytes.toString());
const recordStagingEvidence = async (value: number) =>
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind: 'performance', environment: 'staging', artifactSha256: ARTIFACT, producer: 'ci', metrics: [{ name: 'roc_auc', value, threshold: 0.8, comparator: 'gte' }] }));

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  await allowUnscannedArtifacts();
  [ds, ro] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Attested system', riskTier: 'high' })).id, name: 'attested-scorer' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.4.0', artifactSha256: ARTIFACT, format: 'onnx' })).id;
  await recordStagingEvidence(0.91);
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind: 'robustness', environment: 'staging', artifactSha256: ARTIFACT, producer: 'ci', metrics: [{ name: 'auc_drop', value: 0.01, threshold: 0.03, comparator: 'lte' }] }));
  const request = await requestPromotion(ds, { modelVersionId: versionId, targetStage: 'staging', justification: 'Evidence complete for staging.' });
  await signRequest(ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: 'correct horse battery staple', snapshotSha256: request.snapshotSha256 }));
  token = (await createApiToken(systemActor('test'), ds.userId, { name: 'ci', scopes: ['read'] })).secret;
}, 120_000);

describe('card exports are deterministic for a record state', () => {
  it.each(CARD_FORMATS)('%s: two downloads of the live card and of the signed card are byte-identical', async (format) => {
    for (const view of ['current', 'signed']) {
      const [first, second] = [await card(`format=${format}&view=${view}`), await card(`format=${format}&view=${view}`)];
      expect(first.status).toBe(200);
      expect(sha256(second.bytes)).toBe(sha256(first.bytes));
    }
  }, 60_000);

  it('a signed card keeps its bytes when the record changes; the live card follows the change', async () => {
    const [signedBefore, liveBefore] = [await card('format=pdf&view=signed'), await card('format=md')];
    await recordStagingEvidence(0.93);
    const [signedAfter, liveAfter] = [await card('format=pdf&view=signed'), await card('format=md')];
    expect(sha256(signedAfter.bytes)).toBe(sha256(signedBefore.bytes));
    expect(sha256(liveAfter.bytes)).not.toBe(sha256(liveBefore.bytes));
  }, 60_000);
});

describe('GET /model-versions/{id}/card/attestation', () => {
  it.each(CARD_FORMATS)('%s: the subject is the SHA-256 of exactly what /card returns, signed by the listed key', async (format) => {
    for (const view of ['current', 'signed']) {
      const bundle = await attestation(`format=${format}&view=${view}`);
      const keys = JSON.parse((await get(keysRoute.GET as Handler, '/api/v1/signing-keys')).bytes.toString());
      const active = keys.items.find((k: { active: boolean }) => k.active);
      const file = await card(`format=${format}&view=${view}`);
      const statement = statementOf(bundle);
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(bundle.verificationMaterial.publicKey.hint).toBe(active.keyId);
      expect(statement.predicateType).toBe(CARD_PREDICATE_TYPE);
      expect(statement.subject).toEqual([{ name: /filename="([^"]+)"/.exec(file.headers.get('content-disposition')!)![1], digest: { sha256: sha256(file.bytes) } }]);
      expect(opensslVerifies(bundle, active.publicKeyPem)).toBe(true);
      expect(() => sigstoreVerify(bundle, active.publicKeyPem)).not.toThrow();
      const pem = await get(keyPemRoute.GET as Handler, `/api/v1/signing-keys/${active.keyId}`, token, { keyId: active.keyId });
      expect(pem.bytes.toString()).toBe(active.publicKeyPem);
    }
  }, 60_000);

  it('says what was approved, by whom, under which policy, and the audit-chain head', async () => {
    const { predicate } = statementOf(await attestation('format=json&view=signed'));
    expect(predicate.card).toMatchObject({ format: 'json', view: 'signed', source: 'snapshot', version: { id: versionId, version: '1.4.0', artifactSha256: ARTIFACT } });
    expect(predicate.approval).toMatchObject({ targetStage: 'staging', status: 'approved', policy: { version: expect.any(Number) } });
    expect(predicate.approval.signatures).toEqual([expect.objectContaining({ name: ro.name, role: 'risk_officer', decision: 'approve' })]);
    expect(predicate.approvalMatchesCard).toBe(true);
    expect(predicate.auditChainHead).toEqual(await auditChainHead());
    expect(statementOf(await attestation('format=json')).predicate.approvalMatchesCard).toBe(false);
  });

  it('refuses a caller without a valid token or without the read scope, and a bad format', async () => {
    expect((await get(attestationRoute.GET as Handler, `/api/v1/model-versions/${versionId}/card/attestation`, 'pvn_not-a-token')).status).toBe(401);
    expect((await get(keysRoute.GET as Handler, '/api/v1/signing-keys', 'pvn_not-a-token')).status).toBe(401);
    expect((await get(attestationRoute.GET as Handler, `/api/v1/model-versions/${versionId}/card/attestation?format=docx`)).status).toBe(400);
    expect((await get(keyPemRoute.GET as Handler, '/api/v1/signing-keys/x', token, { keyId: '../keys' })).status).toBe(404);
    const lineageOnly = (await createApiToken(systemActor('test'), ds.userId, { name: 'lineage', scopes: ['lineage:write'] })).secret;
    expect((await get(attestationRoute.GET as Handler, `/api/v1/model-versions/${versionId}/card/attestation`, lineageOnly)).status).toBe(403);
    expect((await get(keysRoute.GET as Handler, '/api/v1/signing-keys', lineageOnly)).status).toBe(403);
  });
});
