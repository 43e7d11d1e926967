import { beforeAll, describe, expect, it } from 'vitest';
import * as route from '@/app/api/v1/exports/signatures.csv/route';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { allowUnscannedArtifacts } from '@/lib/promotion/test-artifacts';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { SIGNATURE_COLUMNS } from './export-signatures';
import { downloadCsv, getWithToken } from './test-request';

const PASSWORD = 'correct horse battery staple';
let ds: Actor;
let ro: Actor;
let ro2: Actor;
let token: string;
const requests: { id: string; snapshotSha256: string }[] = [];

/** A minimal-risk version with the performance evidence its staging gate needs, submitted for staging. */
async function submitVersion(modelId: string, label: string, digit: string) {
  const digest = digit.repeat(64);
  const version = await createModelVersion(ds, { modelId, version: label, artifactSha256: digest, format: 'onnx' });
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  return await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence recorded for staging.' });
}

const sign = (actor: Actor, request: { id: string; snapshotSha256: string }, decision: 'approve' | 'reject', comment: string, conditions = '') =>
  signRequest(actor, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision, comment, conditions, password: PASSWORD, snapshotSha256: request.snapshotSha256 }));

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  await allowUnscannedArtifacts();
  [ds, ro, ro2] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer'])]);
  token = (await createApiToken(systemActor('test'), ds.userId, { name: 'ci', scopes: ['read'] })).secret;
  const modelId = (await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Churn, "retail"', riskTier: 'minimal' })).id, name: 'churn' })).id;
  requests.push(await submitVersion(modelId, 'v1', '1'), await submitVersion(modelId, 'v2', '2'));
  await sign(ro, requests[0]!, 'approve', '=cmd|" /C calc"!A0', 'Churn offers stay manual until Q3.');
  await sign(ro2, requests[1]!, 'reject', 'Robustness evidence is stale.\nPlease re-run it.');
});

describe('GET /api/v1/exports/signatures.csv', () => {
  it('lists every signature oldest first with the request, version, signer and the digest they saw', async () => {
    const { response, header, records } = await downloadCsv(route.GET, '/api/v1/exports/signatures.csv', token);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="provenant-signatures-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(header).toEqual(SIGNATURE_COLUMNS.map((c) => c.header));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      'Request ID': requests[0]!.id,
      'Request status': 'approved',
      System: 'Churn, "retail"',
      Model: 'churn',
      Version: 'v1',
      'Target stage': 'staging',
      'Signer email': ro.email,
      'Printed name': ro.name,
      Role: 'risk_officer',
      Decision: 'approve',
      'Snapshot SHA-256': requests[0]!.snapshotSha256,
      Conditions: 'Churn offers stay manual until Q3.',
    });
    expect(records[0]!.Meaning).toMatch(/^I approve the promotion of churn v1 to staging/);
    expect(records[0]!['Signed at (UTC)']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(records[1]).toMatchObject({ 'Request status': 'rejected', Decision: 'reject', 'Signer email': ro2.email, Comment: 'Robustness evidence is stale.\nPlease re-run it.' });
  });

  it('neutralises a formula in a signer’s comment', async () => {
    const { records } = await downloadCsv(route.GET, '/api/v1/exports/signatures.csv', token);
    expect(records[0]!.Comment).toBe(`'=cmd|" /C calc"!A0`);
  });

  it('refuses a token without the read scope', async () => {
    const writer = (await createApiToken(systemActor('test'), ds.userId, { name: 'writer', scopes: ['register'] })).secret;
    expect((await getWithToken(route.GET, '/api/v1/exports/signatures.csv', writer)).status).toBe(403);
  });
});
