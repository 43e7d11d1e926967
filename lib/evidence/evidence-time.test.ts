import { count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as retractRoute from '@/app/api/v1/evaluations/[id]/retract/route';
import * as evaluationsRoute from '@/app/api/v1/evaluations/route';
import { getDb, unguardedWriter, first as firstRow } from '@/db';
import { auditEvents, evaluations } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { buildCardContent } from '@/lib/cards/build-card-content';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { gateForVersion } from '@/lib/promotion/gate-context';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { listEvaluations } from './queries';
import { MAX_CLOCK_SKEW_MS } from '@/lib/clock-skew';
import { recordEvaluation } from './record-evaluation';
import { retractEvaluation } from './retract-evaluation';
import { ZRecordEvaluationInput } from './schemas';

let ds: Actor;
let other: Actor;
let reviewer: Actor;
let token: string;
let counter = 0;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, other, reviewer] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist']), makeActor(['security_reviewer'])]);
  token = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register', 'read'] })).secret;
});

async function version() {
  const digest = (++counter).toString(16).padStart(64, 'e');
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal' })).id, name: `evidence-time-${counter}` });
  return await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'onnx' });
}
const input = (v: { id: string; artifactSha256: string }, extra: Record<string, unknown> = {}) =>
  parseInput(ZRecordEvaluationInput, { modelVersionId: v.id, kind: 'performance', environment: 'staging', artifactSha256: v.artifactSha256, ...extra });
const auc = (value: number) => ({ metrics: [{ name: 'auc', value, threshold: 0.8, comparator: 'gte' }] });
const performance = async (v: { id: string }, now?: Date) => (await gateForVersion(getDb(), v.id, 'staging', { now })).gate.requirements.find((r) => r.id === 'evidence:performance')!;
const rowCount = async () => firstRow(await getDb().select({ n: count() }).from(evaluations).limit(1))!.n;
const eventsOf = async (action: string) => await getDb().select().from(auditEvents).where(eq(auditEvents.action, action as never));
const post = (handler: typeof evaluationsRoute.POST, url: string, body: unknown, params: Record<string, string> = {}) =>
  handler(new NextRequest(url, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }), { params: Promise.resolve(params) });

describe('evidence time is the server’s', () => {
  it('refuses a claimed evaluation time in the future beyond a small skew, as a field issue, and records nothing', async () => {
    const v = await version();
    const before = await rowCount();
    const ahead = new Date(Date.now() + MAX_CLOCK_SKEW_MS + 60_000).toISOString();
    await expect(async () => await recordEvaluation(ds, input(v, { performedAt: ahead }))).rejects.toThrow(Invalid);
    const response = await post(evaluationsRoute.POST, 'http://localhost/api/v1/evaluations', { modelVersionId: v.id, kind: 'performance', environment: 'staging', artifactSha256: v.artifactSha256, performedAt: '2099-01-01T00:00:00Z' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([expect.objectContaining({ path: 'performedAt' })]);
    expect(await rowCount()).toBe(before);
    // Nor before 2000: year 0 at +01:00 would be stored as year -1.
    const ancient = await post(evaluationsRoute.POST, 'http://localhost/api/v1/evaluations', { modelVersionId: v.id, kind: 'performance', environment: 'staging', artifactSha256: v.artifactSha256, performedAt: '0000-01-01T00:00:00+01:00' });
    expect(ancient.status).toBe(400);
    expect((await ancient.json()).error.issues).toEqual([{ path: 'performedAt', message: 'Earlier than 2000-01-01: no record here can be that old.' }]);
    expect(await rowCount()).toBe(before);
    const withinSkew = await recordEvaluation(ds, input(v, { performedAt: new Date(Date.now() + 60_000).toISOString() }));
    expect(withinSkew.createdAt <= withinSkew.performedAt).toBe(true);
  });

  it('decides by receipt order: a passing record dated later by its sender never hides a failing one received after it', async () => {
    const v = await version();
    const claimedLate = await recordEvaluation(ds, input(v, { ...auc(0.95), performedAt: new Date(Date.now() + 120_000).toISOString() }));
    expect(await performance(v)).toMatchObject({ met: true, records: [{ evaluationId: claimedLate.id, receivedAt: claimedLate.createdAt }] });
    const failing = await recordEvaluation(ds, input(v, { ...auc(0.5), performedAt: new Date(Date.now() - 30 * 86_400_000).toISOString() }));
    expect(await performance(v)).toMatchObject({ met: false, detail: 'Failed threshold: auc 0.5 (stated ≥ 0.8).', records: [{ evaluationId: failing.id, receivedAt: failing.createdAt }] });
    expect((await listEvaluations(ds, v.id)).items.map((e) => e.id)).toEqual([failing.id, claimedLate.id]);
  });

  it('keeps a failed stated threshold failed when the record is sent again without it or superseded, until a value meets it or the failure is retracted', async () => {
    const v = await version();
    const failing = await recordEvaluation(ds, input(v, auc(0.55)));
    const bare = await recordEvaluation(ds, input(v, { metrics: [{ name: 'auc', value: 0.56 }] }));
    const day = failing.createdAt.slice(0, 10);
    const stillFailed = { met: false, detail: `Failed threshold: auc 0.55 (stated ≥ 0.8) on ${day}, and the latest, 0.56 on ${day}, does not meet it.` };
    expect(await performance(v)).toMatchObject({ ...stillFailed, records: [{ evaluationId: bare.id }, { evaluationId: failing.id }] });
    await recordEvaluation(ds, input(v, { metrics: [{ name: 'auc', value: 0.56, threshold: 0.5, comparator: 'gte' }], supersedes: bare.id }));
    expect(await performance(v)).toMatchObject(stillFailed);
    const better = await recordEvaluation(ds, input(v, { metrics: [{ name: 'auc', value: 0.83 }] }));
    expect(await performance(v)).toMatchObject({ met: true, records: [{ evaluationId: better.id }] });
    await recordEvaluation(ds, input(v, { metrics: [{ name: 'auc', value: 0.6 }] }));
    expect((await performance(v)).met).toBe(false);
    await retractEvaluation(ds, failing.id, { reason: 'Scored on the training split by mistake.' });
    expect(await performance(v)).toMatchObject({ met: true, detail: expect.stringContaining('was retracted on') });
    // A failure corrected by superseding it (a threshold mistyped) is withdrawn the same way, and only once.
    const w = await version();
    const mistyped = await recordEvaluation(ds, input(w, { metrics: [{ name: 'auc', value: 0.81, threshold: 0.95, comparator: 'gte' }] }));
    await recordEvaluation(ds, input(w, { metrics: [{ name: 'auc', value: 0.81, threshold: 0.59, comparator: 'gte' }], supersedes: mistyped.id }));
    expect((await performance(w)).met).toBe(false);
    expect(await retractEvaluation(ds, mistyped.id, { reason: 'Threshold mistyped: the validation plan says 0.59.' })).toMatchObject({ status: 'retracted' });
    expect(await performance(w)).toMatchObject({ met: true, detail: expect.stringContaining('“Threshold mistyped: the validation plan says 0.59.”') });
    await expect(async () => await retractEvaluation(ds, mistyped.id, { reason: 'Twice.' })).rejects.toThrow(/already retracted/);
    const events = (await eventsOf('evaluation.retracted')).filter((e) => e.entityId === mistyped.id);
    expect(events.map((e) => JSON.parse(e.before!).status)).toEqual(['superseded']);
  });

  it('carries a failed stated threshold to another label of the same model on the same bytes, never to another model', async () => {
    const digest = (++counter).toString(16).padStart(64, 'd');
    const system = await makeSystem(ds, { riskTier: 'minimal' });
    const model = await createModel(ds, { systemId: system.id, name: `relabel-${counter}` });
    const first = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: digest, format: 'onnx' });
    await recordEvaluation(ds, input(first, auc(0.55)));
    // The same bytes registered again under a new label, and the figure typed again without its threshold.
    const again = await createModelVersion(ds, { modelId: model.id, version: '1.0.0-b', artifactSha256: digest, format: 'onnx' });
    await recordEvaluation(ds, input(again, { metrics: [{ name: 'auc', value: 0.55 }] }));
    expect(await performance(again)).toMatchObject({ met: false, detail: expect.stringMatching(/^Failed threshold: auc 0\.55 \(stated ≥ 0\.8\) in version 1\.0\.0, the same bytes, on \d{4}-\d{2}-\d{2}, and the latest, 0\.55 on \d{4}-\d{2}-\d{2}, does not meet it\.$/) });
    const met = await recordEvaluation(ds, input(again, { metrics: [{ name: 'auc', value: 0.85 }] }));
    expect(await performance(again)).toMatchObject({ met: true, records: [{ evaluationId: met.id }] });
    // Another model with these bytes has a use of its own: its gate is its own evidence's.
    const elsewhere = await createModel(ds, { systemId: system.id, name: `relabel-other-${counter}` });
    const reused = await createModelVersion(ds, { modelId: elsewhere.id, version: '1.0.0', artifactSha256: digest, format: 'onnx' });
    await recordEvaluation(ds, input(reused, { metrics: [{ name: 'auc', value: 0.7 }] }));
    expect((await performance(reused)).met).toBe(true);
  });

  it('counts the age from the earlier of the claimed and the receipt time, so a record stored as dated 2099 still goes stale', async () => {
    const v = await version();
    const record = await recordEvaluation(ds, input(v, auc(0.95)));
    // A row written before the server refused future dates.
    await unguardedWriter().update(evaluations).set({ performedAt: '2099-01-01T00:00:00.000Z' }).where(eq(evaluations.id, record.id));
    expect((await performance(v)).met).toBe(true);
    expect(await performance(v, new Date(Date.now() + 200 * 86_400_000))).toMatchObject({ met: false, detail: expect.stringMatching(/^Stale: 200 days old/) });
  });
});

describe('retracting and superseding evidence', () => {
  it('lets the record’s creator retract it with a reason: it stays listed, never counts, and cannot be retracted twice', async () => {
    const v = await version();
    const older = await recordEvaluation(ds, input(v, auc(0.6)));
    const wrong = await recordEvaluation(ds, input(v, auc(0.95)));
    expect((await performance(v)).met).toBe(true);
    await expect(async () => await retractEvaluation(other, wrong.id, { reason: 'Not my record to retract.' })).rejects.toThrow(Forbidden);
    await expect(async () => await retractEvaluation(reviewer, wrong.id, { reason: 'Reviewers cannot strike out others.' })).rejects.toThrow(Forbidden);
    const retracted = await retractEvaluation(ds, wrong.id, { reason: 'Ran on the training split by mistake.' });
    expect(retracted).toMatchObject({ status: 'retracted', statusReason: 'Ran on the training split by mistake.', statusChangedById: ds.userId });
    expect((await eventsOf('evaluation.retracted')).filter((e) => e.entityId === wrong.id)).toHaveLength(1);
    expect(await performance(v)).toMatchObject({ met: false, records: [{ evaluationId: older.id }] });
    const listed = (await listEvaluations(ds, v.id)).items.find((e) => e.id === wrong.id)!;
    expect(listed).toMatchObject({ status: 'retracted', counts: false, countsForVersion: true });
    expect((await buildCardContent(getDb(), v.id)).evaluations.map((e) => e.id)).toEqual([older.id]);
    const error = await (async () => { try { await retractEvaluation(ds, wrong.id, { reason: 'Retracting it a second time.' }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Error).message).toMatch(/already retracted/);
    expect((await eventsOf('evaluation.retracted')).filter((e) => e.entityId === wrong.id)).toHaveLength(1);
  });

  it('supersedes a record by a newer one in the same transaction, and refuses to supersede across versions or twice', async () => {
    const v = await version();
    const first = await recordEvaluation(ds, input(v, auc(0.95)));
    const second = await recordEvaluation(ds, input(v, { ...auc(0.91), supersedes: first.id }));
    const old = (await listEvaluations(ds, v.id)).items.find((e) => e.id === first.id)!;
    expect(old).toMatchObject({ status: 'superseded', supersededById: second.id, counts: false });
    const [event] = (await eventsOf('evaluation.superseded')).filter((e) => e.entityId === first.id);
    expect(JSON.parse(event!.after!)).toMatchObject({ supersededById: second.id });
    const before = await rowCount();
    await expect(async () => await recordEvaluation(ds, input(v, { ...auc(0.9), supersedes: first.id }))).rejects.toThrow(/already superseded/);
    await expect(async () => await recordEvaluation(ds, input(await version(), { ...auc(0.9), supersedes: second.id }))).rejects.toThrow(Invalid);
    await expect(async () => await recordEvaluation(other, input(v, { supersedes: second.id }))).rejects.toThrow(Forbidden);
    expect(await rowCount()).toBe(before);
  });

  it('is served at POST /api/v1/evaluations/{id}/retract, and GET lists carry the status', async () => {
    const v = await version();
    const record = await recordEvaluation(ds, input(v, auc(0.95)));
    const url = `http://localhost/api/v1/evaluations/${record.id}/retract`;
    expect((await post(retractRoute.POST, url, { reason: 'short' }, { id: record.id })).status).toBe(400);
    const ok = await post(retractRoute.POST, url, { reason: 'Evaluated the previous artifact by mistake.' }, { id: record.id });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: record.id, status: 'retracted' });
    expect((await post(retractRoute.POST, url, { reason: 'Evaluated the previous artifact by mistake.' }, { id: record.id })).status).toBe(409);
    expect((await post(retractRoute.POST, 'http://localhost/api/v1/evaluations/nope/retract', { reason: 'No such record exists here.' }, { id: 'nope' })).status).toBe(404);
    const list = await evaluationsRoute.GET(new NextRequest(`http://localhost/api/v1/evaluations?modelVersionId=${v.id}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect((await list.json()).items).toEqual([expect.objectContaining({ id: record.id, status: 'retracted', statusReason: 'Evaluated the previous artifact by mistake.', counts: false })]);
  });
});
