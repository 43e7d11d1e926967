import { and, eq, gt, isNull } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as handOverRoute from '@/app/api/v1/deployments/[id]/hand-over/route';
import { getDb, unguardedWriter } from '@/db';
import { auditEvents, deployments, integrityChecks, users } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Conflict, Forbidden, Invalid, NotFound } from '@/lib/errors';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { handOverDeployment } from './hand-over-deployment';
import { reportDeployment } from './report-deployment';

let alice: Actor;
let mallory: Actor;
let rita: Actor;
let aliceVersion: { id: string; artifactSha256: string };

const lastSeq = async () => (await getDb().select({ seq: auditEvents.seq }).from(auditEvents).orderBy(auditEvents.seq)).at(-1)?.seq ?? 0;
const eventsSince = async (seq: number) => await getDb().select().from(auditEvents).where(gt(auditEvents.seq, seq));
const reporterOf = async (id: string) => (await getDb().select({ reporterId: deployments.reporterId }).from(deployments).where(eq(deployments.id, id)))[0]?.reporterId;
const openFlags = async (id: string) => (await getDb().select().from(integrityChecks).where(and(eq(integrityChecks.subjectId, id), isNull(integrityChecks.resolvedAt)))).map((c) => c.kind);
const REASON = 'Mallory reported at the fraud service by mistake; Alice runs it.';

beforeAll(async () => {
  [alice, mallory, rita] = await Promise.all([makeActor(['data_scientist'], 'alice'), makeActor(['data_scientist'], 'mallory'), makeActor(['risk_officer'], 'rita')]);
  const model = await createModel(alice, { systemId: (await makeSystem(alice)).id, name: 'fraud' });
  aliceVersion = await createModelVersion(alice, { modelId: model.id, version: '1.0', artifactSha256: 'c3'.repeat(32), format: 'safetensors' });
});

/** Mallory reports an unregistered digest at an endpoint first: until now, only Mallory could ever report there again. */
async function squatted(endpoint: string) {
  const { deployment } = await reportDeployment(mallory, { environment: 'production', endpoint, reportedSha256: '5'.repeat(64) });
  expect(deployment.reporterId).toBe(mallory.userId);
  await expect(reportDeployment(alice, { environment: 'production', endpoint, reportedSha256: aliceVersion.artifactSha256, modelVersionId: aliceVersion.id })).rejects.toThrow(/reported by someone else.*unless a risk officer hands the endpoint over/);
  return deployment;
}

describe('handing over an endpoint', () => {
  it('lets a risk officer name its real owner, audited with the reason; the owner then reports and clears the flag, the first reporter is out', async () => {
    const deployment = await squatted('https://fraud/score');
    const seq = await lastSeq();
    await handOverDeployment(rita, deployment.id, { reporterId: alice.userId, reason: REASON });
    expect(await reporterOf(deployment.id)).toBe(alice.userId);
    const [event] = await eventsSince(seq);
    expect(event).toMatchObject({ action: 'deployment.handed_over', entityType: 'deployment', entityId: deployment.id, actorId: rita.userId });
    expect(JSON.parse(event!.before!)).toEqual({ reporterId: mallory.userId });
    expect(JSON.parse(event!.after!)).toMatchObject({ reporterId: alice.userId, endpoint: 'https://fraud/score', reason: REASON });
    // What runs there is unchanged until the new reporter reports.
    expect(await openFlags(deployment.id)).toEqual(['untracked_model']);
    await reportDeployment(alice, { environment: 'production', endpoint: 'https://fraud/score', reportedSha256: aliceVersion.artifactSha256, modelVersionId: aliceVersion.id });
    expect(await openFlags(deployment.id)).toEqual([]);
    await expect(reportDeployment(mallory, { environment: 'production', endpoint: 'https://fraud/score', reportedSha256: '5'.repeat(64) })).rejects.toThrow(Forbidden);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('makes whoever changes what runs at an endpoint its reporter', async () => {
    const { deployment } = await reportDeployment(alice, { environment: 'staging', endpoint: 'https://fraud/staging', reportedSha256: '4'.repeat(64) });
    await handOverDeployment(rita, deployment.id, { reporterId: mallory.userId, reason: 'Mallory runs the staging service this quarter.' });
    await reportDeployment(mallory, { environment: 'staging', endpoint: 'https://fraud/staging', reportedSha256: '3'.repeat(64) });
    expect(await reporterOf(deployment.id)).toBe(mallory.userId);
    await expect(reportDeployment(alice, { environment: 'staging', endpoint: 'https://fraud/staging', reportedSha256: '4'.repeat(64) })).rejects.toThrow(Forbidden);
  });

  it('is refused to everyone but risk officers, and names only an active person who may report, writing nothing', async () => {
    const deployment = await squatted('https://fraud/refusals');
    const [auditor, admin, gone, rory] = await Promise.all([makeActor(['auditor'], 'aude'), makeActor(['admin'], 'alex'), makeActor(['data_scientist'], 'gone'), makeActor(['risk_officer'], 'rory-refusals')]);
    await unguardedWriter().update(users).set({ disabled: true }).where(eq(users.id, gone.userId));
    const seq = await lastSeq();
    for (const who of [alice, mallory, auditor, admin]) await expect(handOverDeployment(who, deployment.id, { reporterId: alice.userId, reason: REASON })).rejects.toThrow(Forbidden);
    for (const reporterId of [auditor.userId, rory.userId, gone.userId, 'no-such-user']) {
      const refusal = handOverDeployment(rita, deployment.id, { reporterId, reason: REASON });
      await expect(refusal).rejects.toThrow(Invalid);
      await expect(refusal).rejects.toMatchObject({ issues: [{ path: 'reporterId' }] });
    }
    await expect(handOverDeployment(rita, deployment.id, { reporterId: mallory.userId, reason: REASON })).rejects.toThrow(Conflict);
    await expect(handOverDeployment(rita, 'no-such-deployment', { reporterId: alice.userId, reason: REASON })).rejects.toThrow(NotFound);
    expect(await eventsSince(seq)).toEqual([]);
    expect(await reporterOf(deployment.id)).toBe(mallory.userId);
  });

  it('is refused to a risk officer who names themselves, though they may report deployments', async () => {
    const deployment = await squatted('https://fraud/self');
    const both = await makeActor(['risk_officer', 'data_scientist'], 'rita-and-dana');
    await expect(handOverDeployment(both, deployment.id, { reporterId: both.userId, reason: REASON })).rejects.toThrow(/cannot hand an endpoint to yourself/);
    expect(await reporterOf(deployment.id)).toBe(mallory.userId);
  });

  it('keeps out whoever squatted with a version of their own once the endpoint is handed over', async () => {
    const model = await createModel(mallory, { systemId: (await makeSystem(mallory)).id, name: 'mallory-model' });
    const mine = await createModelVersion(mallory, { modelId: model.id, version: '1.0', artifactSha256: 'e4'.repeat(32), format: 'safetensors' });
    const endpoint = 'https://fraud/tracked';
    const { deployment } = await reportDeployment(mallory, { environment: 'production', endpoint, reportedSha256: mine.artifactSha256, modelVersionId: mine.id });
    await expect(reportDeployment(alice, { environment: 'production', endpoint, reportedSha256: aliceVersion.artifactSha256, modelVersionId: aliceVersion.id })).rejects.toThrow(/unless a risk officer hands the endpoint over/);
    await handOverDeployment(rita, deployment.id, { reporterId: alice.userId, reason: REASON });
    // Reporting the same again changes nothing and is answered as such; anything else of Mallory's is refused.
    expect((await reportDeployment(mallory, { environment: 'production', endpoint, reportedSha256: mine.artifactSha256, modelVersionId: mine.id })).created).toBe(false);
    const next = await createModelVersion(mallory, { modelId: model.id, version: '1.1', artifactSha256: 'e5'.repeat(32), format: 'safetensors' });
    await expect(reportDeployment(mallory, { environment: 'production', endpoint, reportedSha256: next.artifactSha256, modelVersionId: next.id })).rejects.toThrow(/unless a risk officer hands the endpoint over/);
    await expect(reportDeployment(mallory, { environment: 'production', endpoint, reportedSha256: '9'.repeat(64) })).rejects.toThrow(Forbidden);
    expect(await reporterOf(deployment.id)).toBe(alice.userId);
    await reportDeployment(alice, { environment: 'production', endpoint, reportedSha256: aliceVersion.artifactSha256, modelVersionId: aliceVersion.id });
    expect(await openFlags(deployment.id)).toEqual([]);
  });

  it('writes once when two risk officers hand the same endpoint to the same person together: the second finds it done', async () => {
    const deployment = await squatted('https://fraud/race');
    const rory = await makeActor(['risk_officer'], 'rory');
    const seq = await lastSeq();
    const outcomes = await Promise.allSettled([rita, rory].map((who) => handOverDeployment(who, deployment.id, { reporterId: alice.userId, reason: REASON })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    expect((await eventsSince(seq)).map((e) => e.action)).toEqual(['deployment.handed_over']);
  });

  it('is not open to API tokens, even a risk officer\'s', async () => {
    const deployment = await squatted('https://fraud/api');
    const both = await makeActor(['risk_officer', 'data_scientist'], 'rita-ds');
    const secret = (await createApiToken(both, both.userId, { name: 'ci', scopes: ['read', 'register', 'deploy:report'] })).secret;
    const post = (body: unknown) => handOverRoute.POST(new NextRequest(`http://localhost/api/v1/deployments/${deployment.id}/hand-over`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } }), { params: Promise.resolve({ id: deployment.id }) });
    const response = await post({ reporterId: alice.userId, reason: REASON });
    expect(response.status).toBe(403);
    expect(await reporterOf(deployment.id)).toBe(mallory.userId);
  });
});
