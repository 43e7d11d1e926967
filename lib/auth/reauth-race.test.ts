import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { first, getDb, withTransaction } from '@/db';
import { findings, signatures } from '@/db/schema';
import { systemActor, type Actor } from './actor';
import { Conflict, Forbidden } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { updateFinding } from '@/lib/findings/update-finding';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { requestPromotion } from '@/lib/promotion/request-promotion';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { safetensorsBytes, uploadBytes } from '@/lib/promotion/test-artifacts';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { duringPasswordCheck } from '@/lib/testing-password-check';
import { makeActor, makeSystem } from '@/lib/testing';
import { changeOwnPassword } from '@/lib/users/passwords';
import { updateUser } from '@/lib/users/update-user';
import { endSessions, isSessionLive, openSession } from './user-sessions';

vi.mock('./password', async (real) => (await import('@/lib/testing-password-check')).withPasswordCheckHook(await real()));

const PASSWORD = 'correct horse battery staple';
let ds: Actor;
let systemId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  ds = await makeActor(['data_scientist']);
  systemId = (await makeSystem(ds, { riskTier: 'high' })).id;
});

/** The person signed in: an actor whose requests come from an open session, as the browser's do. */
const session = async (person: Actor): Promise<Actor> => ({ ...person, sessionId: await withTransaction(async (tx) => await openSession(tx, person.userId)) });

/** A staging request ready for a risk officer's signature. */
async function openRequest(name: string) {
  const model = await createModel(ds, { systemId, name });
  const digest = (await uploadBytes(ds, safetensorsBytes(name))).sha256;
  const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'safetensors' });
  for (const kind of ['performance', 'robustness', 'fairness', 'red_team'] as const) {
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment: 'staging', artifactSha256: digest, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return await requestPromotion(ds, { modelVersionId: version.id, targetStage: 'staging', justification: 'Evidence complete for staging.' });
}

describe('a signature whose password is checked while the account changes', () => {
  it('lands nothing when the signer’s password is changed elsewhere meanwhile (the session it came from was ended)', async () => {
    const person = await makeActor(['risk_officer']);
    const [ro, elsewhere] = await Promise.all([session(person), session(person)]);
    const request = await openRequest('reauth-race-change');
    duringPasswordCheck.run = async () => void (await changeOwnPassword(elsewhere, { current: PASSWORD, password: 'a brand new passphrase 2026', confirm: 'a brand new passphrase 2026' }));
    const input = ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 });
    await expect(signRequest(ro, input)).rejects.toThrow(new Conflict('Your password was changed while it was being checked: nothing was signed. Sign in again with the password now in force.'));
    expect(await getDb().select().from(signatures).where(eq(signatures.requestId, request.id))).toEqual([]);
    expect(await isSessionLive(ro.sessionId, ro.userId)).toBe(false);
    // Signed in again, with the password now in force, the same signature lands.
    await signRequest(await session(person), { ...input, password: 'a brand new passphrase 2026' });
    expect(await getDb().select({ signerId: signatures.signerId }).from(signatures).where(eq(signatures.requestId, request.id))).toEqual([{ signerId: ro.userId }]);
  });

  it('lands nothing when the session it came from is signed out meanwhile, though the password stands', async () => {
    const ro = await session(await makeActor(['risk_officer']));
    const request = await openRequest('reauth-race-sign-out');
    duringPasswordCheck.run = async () => void (await withTransaction(async (tx) => await endSessions(tx, { sessionId: ro.sessionId! }, 'signed_out')));
    const input = ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 });
    await expect(signRequest(ro, input)).rejects.toThrow(new Forbidden('Your session ended while your password was being checked (signed out, or ended by an administrator): nothing was signed. Sign in again.'));
    expect(await getDb().select().from(signatures).where(eq(signatures.requestId, request.id))).toEqual([]);
  });

  it('lowers no finding’s severity when the risk officer loses the role meanwhile', async () => {
    const [admin, ro] = await Promise.all([makeActor(['admin']), makeActor(['risk_officer', 'auditor'])]);
    const finding = await raiseFinding(ds, { type: 'validation_issue', severity: 'critical', title: 'Unsafe loader', description: 'Pickle loaded at start-up.', subjectType: 'system', subjectId: systemId } as Parameters<typeof raiseFinding>[1]);
    duringPasswordCheck.run = async () => void (await updateUser(admin, ro.userId, { roles: ['auditor'] }));
    await expect(updateFinding(ro, finding.id, { severity: 'low', severityReason: 'Only reachable inside the cluster.', password: PASSWORD })).rejects.toThrow(/Your roles changed while you were signing/);
    expect(first(await getDb().select({ severity: findings.severity }).from(findings).where(eq(findings.id, finding.id)).limit(1))).toEqual({ severity: 'critical' });
  });

  it('lowers no finding’s severity when the risk officer is disabled meanwhile', async () => {
    const [admin, ro] = await Promise.all([makeActor(['admin']), makeActor(['risk_officer'])]);
    const finding = await raiseFinding(ds, { type: 'validation_issue', severity: 'critical', title: 'Unsafe loader', description: 'Pickle loaded at start-up.', subjectType: 'system', subjectId: systemId } as Parameters<typeof raiseFinding>[1]);
    duringPasswordCheck.run = async () => void (await updateUser(admin, ro.userId, { disabled: true }));
    await expect(updateFinding(ro, finding.id, { severity: 'low', severityReason: 'Only reachable inside the cluster.', password: PASSWORD })).rejects.toThrow(new Forbidden('Your account was disabled while your password was being checked: nothing was changed.'));
    expect(first(await getDb().select({ severity: findings.severity }).from(findings).where(and(eq(findings.id, finding.id))).limit(1))).toEqual({ severity: 'critical' });
  });
});
