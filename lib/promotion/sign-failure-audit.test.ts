import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Invalid, NotFound } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { requestPromotion } from './request-promotion';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { safetensorsBytes, uploadBytes } from './test-artifacts';
import { ensureDefaultPolicies } from './update-policy';

const PASSWORD = 'correct horse battery staple';
let ds: Actor;
let ro: Actor;
let request: { id: string; snapshotSha256: string };

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'high' })).id, name: 'sign-failure' });
  const digest = (await uploadBytes(ds, safetensorsBytes('sign-failure'))).sha256;
  const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
  for (const [kind, environment] of [['performance', 'staging'], ['robustness', 'staging'], ['fairness', 'staging'], ['red_team', 'staging']] as const) {
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment, artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  request = await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence complete for staging.' });
});

const sign = (password: string, requestId = request.id) =>
  signRequest(ro, ZSignRequestInput.parse({ requestId, role: 'risk_officer', decision: 'approve', password, snapshotSha256: request.snapshotSha256 }));
const failuresOf = async (actor: Actor) =>
  await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'promotion.sign_failed'), eq(auditEvents.actorId, actor.userId)));

describe('a failed signing attempt', () => {
  it('is filed under the request it was for, not under the signer', async () => {
    await expect(sign('not my password')).rejects.toThrow(Invalid);
    const [failure, ...more] = await failuresOf(ro);
    expect(more).toEqual([]);
    expect(failure).toMatchObject({ entityType: 'promotion_request', entityId: request.id });
  });

  it('for a request that does not exist is refused before the password is checked, and files nothing', async () => {
    const before = (await failuresOf(ro)).length;
    await expect(sign('not my password', 'no-such-request')).rejects.toThrow(NotFound);
    expect(await failuresOf(ro)).toHaveLength(before);
  });

  it('still counts towards the lock: five wrong passwords in a row lock signing, even with the right one', async () => {
    for (let i = (await failuresOf(ro)).length; i < 5; i++) await expect(sign('still wrong')).rejects.toThrow(Invalid);
    await expect(sign(PASSWORD)).rejects.toThrow(/locked/);
  });

  it('counts a burst of parallel wrong passwords before checking them: five are checked and audited, the rest locked out', async () => {
    const signer = await makeActor(['risk_officer']);
    const attempt = (i: number) => signRequest(signer, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: `guess-${i}`, snapshotSha256: request.snapshotSha256 }));
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i).then(() => 'signed', (error: Error) => (/locked/.test(error.message) ? 'locked' : error.constructor.name))));
    expect(outcomes.filter((o) => o === 'Invalid')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(15);
    expect(await failuresOf(signer)).toHaveLength(5);
  });

  it('forgives the attempt whose password is right: four wrong, then the right one, do not lock', async () => {
    const signer = await makeActor(['risk_officer']);
    const attempt = (password: string) => signRequest(signer, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'reject', password, snapshotSha256: request.snapshotSha256, comment: 'Rejected by the throttle test.' }));
    for (let i = 0; i < 4; i++) await expect(attempt('wrong')).rejects.toThrow(Invalid);
    await expect(attempt(PASSWORD)).resolves.toMatchObject({ requestStatus: 'rejected' });
  });
});
