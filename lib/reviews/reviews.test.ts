import { and, eq, sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as lineageRoute from '@/app/api/v1/lineage/route';
import * as reviewRoute from '@/app/api/v1/reviews/[id]/route';
import * as reviewsRoute from '@/app/api/v1/reviews/route';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createSystem } from '@/lib/inventory/create-system';
import { first, getDb, unguardedWriter } from '@/db';
import { aiSystems, auditEvents, findings, notifications, promotionSnapshots, reviewTriggers } from '@/db/schema';
import { getFinding } from '@/lib/findings/finding-detail';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { refusal, sqlRun } from '@/lib/testing-sql';
import { isoDateAfter, isoDateMonthsAfter, TRIGGERED_REVIEW_DAYS_DEFAULT as TRIGGERED_REVIEW_DAYS } from '@/lib/findings/deadlines';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { retireSystem } from '@/lib/inventory/retire-system';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { ZDecidePolicyProposalInput, ZUpdatePolicyInput } from '@/lib/promotion/policy-schemas';
import { decidePolicyProposal, proposePolicyChange } from '@/lib/promotion/policy-proposals';
import { updatePolicy } from '@/lib/promotion/update-policy';
import { newDatasetVersion, newSystemWithModel, newVersion, oversightWorld, PASSWORD, promote, raise, trainedOn, type World } from './oversight-fixtures';
import { reviewsDue } from '@/lib/dashboard/reviews-due';
import { listReviews, reviewDueBy, reviewState } from './queries';
import { buildReviewSnapshot } from './review-snapshot';
import { ZSignReviewInput } from './schemas';
import { signReview } from './sign-review';

let world: World;
beforeAll(async () => {
  world = await oversightWorld('limited');
});

/** A live system of the world's tier with a model version in production. */
async function productionSystem() {
  const { system, model } = await newSystemWithModel(world);
  const version = await newVersion(world, model.id);
  await promote(world, version.id);
  return { system, model, version };
}
const triggers = async (systemId: string) => (await reviewState(getDb(), systemId)).dueNow.map((t) => t.reason);
const sign = (actor = world.ro, input: Record<string, unknown>) => signReview(actor, ZSignReviewInput.parse({ outcome: 'continue', password: PASSWORD, ...input }));

describe('review schedule and triggers', () => {
  it('schedules the first review one cadence after the system first reaches production', async () => {
    const { system } = await productionSystem();
    expect(await reviewState(getDb(), system.id)).toMatchObject({ nextReviewDate: isoDateMonthsAfter(new Date(), 24), overdue: false, status: 'upcoming', dueNow: [], lastReview: null });
  });

  it('makes the review due now when a new version appears of a dataset upstream of a production model, and not for an unrelated one', async () => {
    const { system, version } = await productionSystem();
    const { dataset, version: first } = await newDatasetVersion(world);
    await trainedOn(world, version.id, first.id);
    const { dataset: unrelated } = await newDatasetVersion(world);
    await createDatasetVersion(world.ds, unrelated.id, { version: 'unrelated-2' });
    expect(await triggers(system.id)).toEqual([]);
    const second = await createDatasetVersion(world.ds, dataset.id, { version: 'second' });
    const state = await reviewState(getDb(), system.id);
    expect(state).toMatchObject({ status: 'due_now', dueNow: [{ reason: 'new_upstream_dataset', entityId: second.id, detail: expect.stringMatching(/^New version second of dataset test\/ds-/) }] });
    await createDatasetVersion(world.ds, dataset.id, { version: 'second' });
    expect(await triggers(system.id)).toEqual(['new_upstream_dataset']);
  });

  it.each(['one event', 'a batch'])('makes it due now when the OpenLineage ingest registers the new upstream version (%s), in the ingest transaction', async (sent) => {
    const { system, version } = await productionSystem();
    const name = `public.features_${Date.now().toString(36)}`;
    const dataset = await createDataset(world.ds, { namespace: 'postgres://db:5432', name });
    await trainedOn(world, version.id, (await createDatasetVersion(world.ds, dataset.id, { version: 'v1' })).id);
    const token = (await createApiToken(world.ds, world.ds.userId, { name: 'airflow', scopes: ['lineage:write'] })).secret;
    const input = { namespace: 'postgres://db:5432', name, facets: { version: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json', datasetVersion: 'v2' } } };
    const event = (n: number) => ({ eventType: 'COMPLETE', eventTime: '2026-11-30T04:00:00Z', producer: 'https://example.test/airflow', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent', run: { runId: `0190b0a1-0000-7000-8000-${Date.now().toString(16).slice(-10)}${n}0` }, job: { namespace: 'airflow', name: 'refresh_features' }, inputs: [input], outputs: [] });
    // A batch reads the versions its datasets already have before its events run: v1 is, v2 is not yet.
    const body = sent === 'one event' ? event(1) : [event(1), { ...event(2), inputs: [input, { ...input, facets: { version: { ...input.facets.version, datasetVersion: 'v1' } } }] }];
    const response = await lineageRoute.POST(new NextRequest('http://localhost/api/v1/lineage', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }), { params: Promise.resolve({}) });
    expect(response.status, await response.clone().text()).toBe(sent === 'one event' ? 201 : 200);
    if (sent === 'a batch') expect(await response.json()).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await reviewState(getDb(), system.id)).dueNow).toEqual([expect.objectContaining({ reason: 'new_upstream_dataset', detail: expect.stringContaining(`New version v2 of dataset postgres://db:5432/${name}`) })]);
  });

  it('triggers on a material change of the production policy for every live system of the tier in production; a no-op or cosmetic save does not', async () => {
    const { system } = await productionSystem();
    const { system: planned } = await newSystemWithModel(world);
    const rules = (await currentPolicy(getDb(), 'limited', 'production'))!.rules;
    const save = async (changes: Record<string, unknown>) => await updatePolicy(world.admin, ZUpdatePolicyInput.parse({ riskTier: 'limited', targetStage: 'production', reason: 'Changed by a test.', rules: { ...rules, ...changes } }));
    await save({});
    await save({ requiredEvidenceKinds: [...rules.requiredEvidenceKinds].reverse() });
    await save({ maxEvidenceAgeDays: 200 });
    await updatePolicy(world.admin, ZUpdatePolicyInput.parse({ riskTier: 'limited', targetStage: 'staging', reason: 'Changed by a test.', rules: { ...(await currentPolicy(getDb(), 'limited', 'staging'))!.rules, requiredEvidenceKinds: ['performance', 'fairness'] } }));
    expect(await triggers(system.id)).toEqual([]);
    await save({ reviewCadenceMonths: 6 });
    expect((await reviewState(getDb(), system.id)).dueNow).toEqual([expect.objectContaining({ reason: 'policy_changed', detail: expect.stringMatching(/review cadence$/) })]);
    expect(await triggers(planned.id)).toEqual([]);
    await save({ reviewCadenceMonths: 6, requiredApprovers: [{ role: 'risk_officer', count: 2 }] });
    expect(await triggers(system.id)).toEqual(['policy_changed', 'policy_changed']);
    // As the product changes a policy: proposed by an admin, in force (and material) once a risk officer approves it.
    const current = (await currentPolicy(getDb(), 'limited', 'production'))!.rules;
    const proposal = await proposePolicyChange(world.admin, ZUpdatePolicyInput.parse({ riskTier: 'limited', targetStage: 'production', reason: 'Lineage for limited-risk models.', rules: { ...current, requireTrainingLineage: true } }));
    expect(await triggers(system.id)).toHaveLength(2);
    await decidePolicyProposal(world.ro, ZDecidePolicyProposalInput.parse({ proposalId: proposal.id, decision: 'approve', password: PASSWORD }));
    expect((await reviewState(getDb(), system.id)).dueNow.at(-1)).toMatchObject({ reason: 'policy_changed', detail: expect.stringMatching(/training data in the lineage$/) });
    await save({ ...rules, reviewCadenceMonths: undefined });
  });
});

describe('signing a review', () => {
  it('is for a re-authenticated risk officer in the browser: others are refused and a wrong password is audited', async () => {
    const { system } = await productionSystem();
    const snapshotSha256 = (await buildReviewSnapshot(getDb(), system.id)).sha256;
    await expect(sign(world.ds, { systemId: system.id, snapshotSha256 })).rejects.toThrow(Forbidden);
    await expect(sign(world.admin, { systemId: system.id, snapshotSha256 })).rejects.toThrow(Forbidden);
    await expect(sign({ ...world.ro, type: 'token', tokenId: 't', scopes: ['findings:write'] }, { systemId: system.id, snapshotSha256 })).rejects.toThrow(Forbidden);
    await expect(sign(world.ro, { systemId: system.id, snapshotSha256, password: 'wrong' })).rejects.toThrow(Invalid);
    const failed = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'review.sign_failed'), eq(auditEvents.entityId, system.id)));
    expect(failed).toHaveLength(1);
    expect((await reviewState(getDb(), system.id)).lastReview).toBeNull();
  });

  it('needs conditions for a continuation with conditions or a restriction', () => {
    const base = { systemId: 's', password: 'p', snapshotSha256: 'a'.repeat(64) };
    expect(ZSignReviewInput.safeParse({ ...base, outcome: 'continue_with_conditions', conditions: ' ' }).error?.issues[0]).toMatchObject({ path: ['conditions'] });
    expect(ZSignReviewInput.safeParse({ ...base, outcome: 'restrict' }).success).toBe(false);
    expect(ZSignReviewInput.safeParse({ ...base, outcome: 'retire' }).success).toBe(true);
  });

  it('refuses a snapshot that changed since the dialog showed it', async () => {
    const { system, version } = await productionSystem();
    const seen = (await buildReviewSnapshot(getDb(), system.id)).sha256;
    await raise(world.ro, { severity: 'low', subjectType: 'model_version', subjectId: version.id, title: 'Late-arriving finding' });
    await expect(sign(world.ro, { systemId: system.id, snapshotSha256: seen })).rejects.toThrow(Conflict);
    expect((await reviewState(getDb(), system.id)).lastReview).toBeNull();
  });

  it('is never signed by the risk officer who owns the system', async () => {
    const owned = await createSystem(world.ro, { name: 'Owned by a risk officer', purpose: 'Ranks internal tickets.', riskTier: 'high' });
    const shown = await buildReviewSnapshot(getDb(), owned.id);
    await expect(signReview(world.ro, ZSignReviewInput.parse({ systemId: owned.id, outcome: 'continue', password: PASSWORD, snapshotSha256: shown.sha256 }))).rejects.toThrow(new Forbidden('You own this system: another risk officer signs its review.'));
    expect((await reviewState(getDb(), owned.id)).lastReview).toBeNull();
  });

  it('freezes the snapshot, sets the next date from the cadence, resolves the triggers and cannot be changed', async () => {
    const { system, version } = await productionSystem();
    const finding = await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: version.id, title: 'Prompt injection bypass' });
    expect(await triggers(system.id)).toEqual(['critical_finding']);
    const shown = await buildReviewSnapshot(getDb(), system.id);
    expect(shown.content.findings).toEqual([expect.objectContaining({ id: finding.id, severity: 'critical', status: 'open' })]);
    const now = new Date('2026-12-02T10:00:00Z');
    const review = await signReview(world.ro, ZSignReviewInput.parse({ systemId: system.id, outcome: 'continue_with_conditions', conditions: 'Fix F-1 within 7 days.', password: PASSWORD, snapshotSha256: shown.sha256 }), now);
    expect(review).toMatchObject({ kind: 'triggered', nextReviewDate: '2028-12-02', snapshotSha256: shown.sha256, printedName: world.ro.name, role: 'risk_officer' });
    expect(review.meaning).toMatch(/^I attest that I reviewed .*, with the outcome: continue with conditions, as Risk officer$/);
    const state = await reviewState(getDb(), system.id, now);
    expect(state).toMatchObject({ nextReviewDate: '2028-12-02', dueNow: [], lastReview: { id: review.id } });
    expect((await getDb().select().from(reviewTriggers).where(eq(reviewTriggers.systemId, system.id))).map((t) => t.resolvedByReviewId)).toEqual([review.id]);
    expect(first(await getDb().select().from(promotionSnapshots).where(eq(promotionSnapshots.sha256, shown.sha256)).limit(1))?.canonicalJson).toBe(shown.json);
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'review.signed'), eq(auditEvents.entityId, system.id)))).toHaveLength(1);
    // The other risk officers hear of it; the signer is not told of their own signature.
    const told = (await getDb().select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.type, 'review.signed'), eq(notifications.entityId, system.id)))).map((n) => n.userId);
    expect(told).toContain(world.ro2.userId);
    expect(told).not.toContain(world.ro.userId);
    expect(await refusal(() => sqlRun(sql`UPDATE reviews SET outcome = 'retire' WHERE id = ${review.id}`))).toMatch(/reviews are immutable/);
    // Its conditions are tracked as a finding for the system's owner, set by this review, not read once and forgotten.
    const condition = first(await getDb().select().from(findings).where(eq(findings.dedupeKey, `review-condition:${review.id}`)).limit(1));
    expect(condition).toMatchObject({ type: 'approval_condition', severity: 'medium', status: 'open', subjectType: 'system', subjectId: system.id, ownerId: system.ownerId, raisedById: world.ro.userId, title: `Condition of the triggered review of ${system.name}: Fix F-1 within 7 days.` });
    expect((await getFinding(world.ro2, condition!.id, now)).approval).toEqual({ href: `/systems/${system.id}/reviews/${review.id}`, what: 'the triggered review', printedName: world.ro.name, role: 'risk_officer', signedAt: review.signedAt });
    expect(await refusal(() => sqlRun(sql`DELETE FROM reviews WHERE id = ${review.id}`))).toMatch(/reviews are immutable/);
    await expect(sign(world.ro2, { systemId: system.id, snapshotSha256: shown.sha256 })).rejects.toThrow(Conflict);
  });

  it('takes one of two signatures over one snapshot, also when a review of the system was already signed that day', async () => {
    const { system } = await productionSystem();
    const now = new Date('2026-12-03T09:00:00Z');
    const signOver = async (actor: typeof world.ro, sha: string) => await signReview(actor, ZSignReviewInput.parse({ systemId: system.id, outcome: 'continue', password: PASSWORD, snapshotSha256: sha }), now);
    await signOver(world.ro, (await buildReviewSnapshot(getDb(), system.id)).sha256);
    // The same day, the next review date stays where the first signature put it: only the last review tells them apart.
    const shown = (await buildReviewSnapshot(getDb(), system.id)).sha256;
    const outcomes = await Promise.allSettled([signOver(world.ro, shown), signOver(world.ro2, shown), signOver(world.ro, shown)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([expect.any(Conflict), expect.any(Conflict)]);
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'review.signed'), eq(auditEvents.entityId, system.id)))).toHaveLength(2);
    await expect(signOver(world.ro2, shown)).rejects.toThrow(Conflict);
  });

  it('lists systems overdue first, then due now, then upcoming, and the signed reviews', async () => {
    const { system: upcoming } = await productionSystem();
    const { system: overdue } = await productionSystem();
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: '2020-01-01' }).where(eq(aiSystems.id, overdue.id));
    const { system: due, version } = await productionSystem();
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: version.id });
    const ids = (await listReviews(world.auditor, { page: 1, pageSize: 200 })).items.map((i) => [i.system.id, i.status]);
    const order = [overdue.id, due.id, upcoming.id].map((id) => ids.findIndex(([s]) => s === id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect((await listReviews(world.auditor, { status: 'overdue', page: 1, pageSize: 200 })).items.map((i) => i.system.id)).toContain(overdue.id);
    expect(await listReviews(world.auditor, { status: 'due_now', systemId: due.id, page: 1, pageSize: 10 })).toMatchObject({ total: 1, items: [{ status: 'due_now', openTriggers: 1 }] });
    const signed = await listReviews(world.auditor, { status: 'signed', page: 1, pageSize: 5 });
    expect(signed.total).toBeGreaterThan(0);
    expect(signed.items.every((i) => i.status === 'signed' && i.review.id)).toBe(true);
  });

  it('makes a triggered review overdue TRIGGERED_REVIEW_DAYS after its oldest open trigger, in every list', async () => {
    const { system, version } = await productionSystem();
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: version.id });
    const raised = (await reviewState(getDb(), system.id)).dueNow[0]!.createdAt;
    const later = (days: number) => new Date(Date.parse(raised) + days * 86_400_000);
    const dueBy = later(TRIGGERED_REVIEW_DAYS).toISOString().slice(0, 10);
    const states = async (now: Date) => ({
      state: (await reviewState(getDb(), system.id, now)).status,
      listed: (await listReviews(world.auditor, { systemId: system.id, page: 1, pageSize: 10 }, now)).items.map((i) => [i.status, i.dueBy]),
      overdueFilter: (await listReviews(world.auditor, { status: 'overdue', systemId: system.id, page: 1, pageSize: 10 }, now)).total,
      dashboard: (await reviewsDue(world.ro, now, { limit: 500 })).find((s) => s.id === system.id)?.status,
    });
    // On the last day the review is still only due; the day after, it is late everywhere the system is listed.
    expect(await states(later(TRIGGERED_REVIEW_DAYS))).toEqual({ state: 'due_now', listed: [['due_now', dueBy]], overdueFilter: 0, dashboard: 'due_now' });
    expect(await states(later(TRIGGERED_REVIEW_DAYS + 1))).toEqual({ state: 'overdue', listed: [['overdue', dueBy]], overdueFilter: 1, dashboard: 'overdue' });
    // Overdue ones are listed by the day each was due by, whether a date or a trigger set it.
    const { system: before } = await productionSystem();
    const { system: after } = await productionSystem();
    const dayAround = (days: number) => new Date(Date.parse(dueBy) + days * 86_400_000).toISOString().slice(0, 10);
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: dayAround(-1) }).where(eq(aiSystems.id, before.id));
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: dayAround(1) }).where(eq(aiSystems.id, after.id));
    const overdue = (await listReviews(world.auditor, { status: 'overdue', page: 1, pageSize: 500 }, later(TRIGGERED_REVIEW_DAYS + 5))).items.map((i) => i.system.id);
    expect(overdue.filter((id) => [before.id, system.id, after.id].includes(id))).toEqual([before.id, system.id, after.id]);
    // A periodic date earlier than the trigger's sets the day instead.
    expect(reviewDueBy('2020-01-01', dueBy)).toBe('2020-01-01');
    expect(reviewDueBy(null, null)).toBeNull();
    // Signing resolves the trigger: the review is upcoming again, on the new periodic date.
    await sign(world.ro, { systemId: system.id, snapshotSha256: (await buildReviewSnapshot(getDb(), system.id)).sha256 });
    expect((await reviewState(getDb(), system.id, later(TRIGGERED_REVIEW_DAYS + 1))).status).toBe('upcoming');
  });

  it('gives a triggered review the days its tier’s production policy sets, fixed for each trigger when it is raised', async () => {
    const rules = (await currentPolicy(getDb(), 'limited', 'production'))!.rules;
    const save = async (changes: Record<string, unknown>) => await updatePolicy(world.admin, ZUpdatePolicyInput.parse({ riskTier: 'limited', targetStage: 'production', reason: 'Triggered reviews within ten days.', rules: { ...rules, ...changes } }));
    const { system, version } = await productionSystem();
    await save({ triggeredReviewDays: 10 });
    // The window is not a material change: no system's review is triggered by it.
    expect(await triggers(system.id)).toEqual([]);
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: version.id });
    const [first] = (await reviewState(getDb(), system.id)).dueNow;
    expect(first!.dueBy).toBe(isoDateAfter(new Date(first!.createdAt), 10));
    const eleventhDay = new Date(Date.parse(first!.createdAt) + 11 * 86_400_000);
    expect(await reviewState(getDb(), system.id, eleventhDay)).toMatchObject({ status: 'overdue', dueBy: first!.dueBy, triggeredDueBy: first!.dueBy });
    expect((await listReviews(world.auditor, { systemId: system.id, page: 1, pageSize: 10 }, eleventhDay)).items).toEqual([expect.objectContaining({ status: 'overdue', dueBy: first!.dueBy })]);
    expect((await reviewsDue(world.ro, eleventhDay, { limit: 500 })).find((s) => s.id === system.id)).toMatchObject({ status: 'overdue', dueBy: first!.dueBy });
    // A later policy keeps the day a trigger already set; a trigger raised under it gets the new window.
    await save({ triggeredReviewDays: 60 });
    expect((await reviewState(getDb(), system.id)).dueNow[0]!.dueBy).toBe(first!.dueBy);
    // A second trigger's news gives the day the one review must be signed by: the earlier trigger's, not its own later one.
    await raise(world.ro, { severity: 'critical', subjectType: 'system', subjectId: system.id, title: 'A second critical problem' });
    const told = await getDb().select({ title: notifications.title }).from(notifications).where(and(eq(notifications.entityId, system.id), eq(notifications.type, 'review.due'), eq(notifications.userId, system.ownerId)));
    expect(told.map((n) => /to sign by (\S+):/.exec(n.title)?.[1])).toEqual([first!.dueBy, first!.dueBy]);
    // A periodic date before the trigger's window is the day too.
    const { system: soon, version: soonVersion } = await productionSystem();
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: isoDateAfter(new Date(), 3) }).where(eq(aiSystems.id, soon.id));
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: soonVersion.id });
    expect((await getDb().select({ title: notifications.title }).from(notifications).where(and(eq(notifications.entityId, soon.id), eq(notifications.type, 'review.due'))))[0]!.title).toContain(`to sign by ${isoDateAfter(new Date(), 3)}:`);
    const { system: other, version: otherVersion } = await productionSystem();
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: otherVersion.id });
    const [second] = (await reviewState(getDb(), other.id)).dueNow;
    expect(second!.dueBy).toBe(isoDateAfter(new Date(second!.createdAt), 60));
    // The window is a whole number of days from 1 to 365.
    for (const bad of [0, 366, 1.5, '30']) expect(ZUpdatePolicyInput.safeParse({ riskTier: 'limited', targetStage: 'production', reason: 'Out of range.', rules: { ...rules, triggeredReviewDays: bad } }).success).toBe(false);
    await save({});
  });

  it('refuses to sign the review of a retired system', async () => {
    const { system } = await productionSystem();
    await retireSystem(world.ds, system.id, { reason: 'Replaced.' });
    await expect(sign(world.ro, { systemId: system.id, snapshotSha256: (await buildReviewSnapshot(getDb(), system.id)).sha256 })).rejects.toThrow(/retired/);
  });

  it('shows the owner and the risk officers overdue and due-now reviews first on their dashboards', async () => {
    const { system: triggered, version } = await productionSystem();
    const { system: overdue } = await productionSystem();
    await unguardedWriter().update(aiSystems).set({ nextReviewDate: '2020-01-02' }).where(eq(aiSystems.id, overdue.id));
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: version.id });
    const mine = await reviewsDue(world.ds, new Date(), { ownerId: world.ds.userId, limit: 200 });
    const ids = mine.map((s) => s.id);
    expect(mine.find((s) => s.id === triggered.id)).toMatchObject({ status: 'due_now', openTriggers: 1 });
    expect(ids.indexOf(overdue.id)).toBeLessThan(ids.indexOf(triggered.id));
    expect((await reviewsDue(world.ro, new Date(), { limit: 200 })).map((s) => s.id)).toEqual(expect.arrayContaining([overdue.id, triggered.id]));
    expect(await reviewsDue(world.ro, new Date(), { ownerId: world.ro.userId })).toEqual([]);
  });

  it('answers GET /api/v1/reviews and /reviews/{id} to a read token, with field-level 400s for bad filters', async () => {
    const { system } = await productionSystem();
    const review = await sign(world.ro, { systemId: system.id, snapshotSha256: (await buildReviewSnapshot(getDb(), system.id)).sha256 });
    const token = (await createApiToken(world.ds, world.ds.userId, { name: 'reader', scopes: ['read'] })).secret;
    const get = (url: string, route: typeof reviewsRoute, params: Record<string, string> = {}) => route.GET(new NextRequest(url, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
    const listed = await get(`http://localhost/api/v1/reviews?status=signed&systemId=${system.id}`, reviewsRoute);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ total: 1, items: [{ status: 'signed', review: { id: review.id, outcome: 'continue' } }] });
    const bad = await get('http://localhost/api/v1/reviews?status=late&pageSize=1e9', reviewsRoute);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['pageSize', 'status']);
    const one = await get(`http://localhost/api/v1/reviews/${review.id}`, reviewRoute, { id: review.id });
    expect(await one.json()).toMatchObject({ id: review.id, snapshotSha256: review.snapshotSha256, snapshot: { kind: 'provenant.review-snapshot', card: { system: { id: system.id } } } });
    expect((await get('http://localhost/api/v1/reviews/nope', reviewRoute, { id: 'nope' })).status).toBe(404);
  });
});
