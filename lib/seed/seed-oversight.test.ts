import { and, asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { aiSystems, auditEvents, deployments, evaluations, findings, findingWaivers, incidentActions, incidents, models, modelVersions, monitoringBatches, promotionRequests, reviews, roleGrants, signatures, users } from '@/db/schema';
import { loadCard } from '@/lib/cards/load-card';
import { archiveCause } from '@/lib/promotion/archive-cause';
import { incidentDeadline } from '@/lib/incidents/deadline';
import { reviewState } from '@/lib/reviews/queries';
import { actionItems } from '@/lib/inbox/action-items';
import { makeActor } from '@/lib/testing';
import { collectOversight } from '@/lib/packs/collect-oversight';
import { DEMO_SYSTEMS } from './demo-data';
import { seedDemo } from './seed-demo';

const db = () => getDb();
const systemNamed = async (name: string) => first(await db().select().from(aiSystems).where(eq(aiSystems.name, name)).limit(1))!;
const versionOf = async (model: string, version: string) =>
  first(await db().select({ id: modelVersions.id }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(and(eq(models.name, model), eq(modelVersions.version, version))).limit(1))!.id;
const findingTitled = async (title: string) => first(await db().select().from(findings).where(eq(findings.title, title)).limit(1))!;

beforeAll(async () => {
  expect(await seedDemo()).toBe(true);
}, 120_000);

describe('the demo seed’s oversight', () => {
  it('drifts the fraud model into one high finding: three weekly batches, the server’s PSI over 0.25, the repeat updating the same finding', async () => {
    const fraud = await versionOf('fraud-detector', '3.2.0');
    expect((await systemNamed('Card fraud detection')).riskTier).toBe('high');
    expect(await db().select().from(monitoringBatches).where(eq(monitoringBatches.modelVersionId, fraud))).toHaveLength(3);
    const psi = await db().select().from(findings).where(and(eq(findings.subjectId, fraud), eq(findings.dedupeKey, `monitoring:${fraud}:psi:amount`)));
    expect(psi).toMatchObject([{ type: 'monitoring_breach', severity: 'high', status: 'open', occurrences: 2 }]);
    const card = await loadCard(await makeActor(['auditor']), fraud);
    // It reached production by a request both signers approved, which archived 3.1.0.
    expect(card.lastSigned).toMatchObject({ targetStage: 'production', status: 'approved' });
    expect(first(await db().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, await versionOf('fraud-detector', '3.1.0'))).limit(1))!.stage).toBe('archived');
    const amount = card.oversight!.monitoring.find((s) => s.metric === 'psi' && s.feature === 'amount')!;
    expect(amount).toMatchObject({ valueSource: 'computed', reportedValue: 0.04, breach: true, breachSeverity: 'high', contradictsProducer: true, points: 3 });
    expect(amount.value!).toBeGreaterThan(0.25);
    expect(card.oversight!.monitoring.find((s) => s.feature === 'merchant_category')).toMatchObject({ breach: false });
    // The pack's summary of the same weeks: each series' own last value.
    const summary = (await collectOversight({ inventory: false, systemIds: [], versionIds: [fraud], datasetVersionIds: [] }, { from: '0000', to: '9999' })).monitoring.items;
    // With the JS distances the server computed from the psi results' histograms, which a rule judges and a finding may name.
    expect(summary.map((s) => [s.metric, s.feature, s.windows, s.derivedFrom, s.last === amount.value])).toEqual([
      ['js_distance', 'amount', 3, 'psi', false], ['js_distance', 'merchant_category', 3, 'psi', false],
      ['precision_at_alert', null, 3, null, false], ['psi', 'amount', 3, null, true], ['psi', 'merchant_category', 3, null, false],
    ]);
    expect(summary.find((s) => s.metric === 'precision_at_alert')!.last).toBe(0.83);
    const js = card.oversight!.monitoring.find((s) => s.metric === 'js_distance' && s.feature === 'amount')!;
    expect(summary[0]!.last).toBe(js.value);
  });

  it('leaves a periodic review overdue', async () => {
    const state = await reviewState(db(), (await systemNamed('AML transaction monitoring')).id);
    expect(state.overdue).toBe(true);
    expect(state.nextReviewDate! < new Date().toISOString().slice(0, 10)).toBe(true);
  });

  it('accepts a risk until a few days from now, signed by a risk officer who does not own the finding', async () => {
    const finding = await findingTitled('Fee answers can cite superseded help articles');
    const waiver = first(await db().select().from(findingWaivers).where(eq(findingWaivers.findingId, finding.id)).limit(1))!;
    expect(finding.status).toBe('accepted');
    expect(waiver).toMatchObject({ role: 'risk_officer', endedAt: null });
    expect(waiver.signerId).not.toBe(finding.ownerId);
    const daysLeft = (Date.parse(waiver.expiresAt) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(2);
    expect(daysLeft).toBeLessThan(7);
  });

  it('closes a high finding with its evidence and a signature by someone other than its owner', async () => {
    const finding = await findingTitled('Approval-rate parity below 0.8 for applicants over 65');
    expect(finding).toMatchObject({ status: 'closed', severity: 'high', closureRole: 'risk_officer', closureEvidence: expect.stringContaining('VR-2026-031'), closureMeaning: expect.stringMatching(/^I attest/) });
    expect(finding.closedById).not.toBe(finding.ownerId);
    const moves = await db().select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.entityId, finding.id), eq(auditEvents.action, 'finding.status_changed')));
    expect(moves.map((m) => JSON.parse(m.after!).status)).toEqual(['in_remediation', 'ready_for_validation']);
    expect(first(await db().select({ email: users.email }).from(users).where(eq(users.id, finding.closedById!)).limit(1))!.email).toBe('rita.chen@example.com');
  });

  it('records one serious incident within its deadline, with two actions on its timeline', async () => {
    const [incident, ...others] = await db().select().from(incidents);
    expect(others).toHaveLength(0);
    expect(incident).toMatchObject({ serious: true, status: 'open', category: 'general', reportedAt: null });
    // Aware 2 days 18 hours ago, so a 15-day clock (general category) has 12 days 6 hours left. Counted in calendar days
    // that is 12 or 13 depending on the hour the seed ran; judged 12 days before the deadline's own moment, it is 12.
    const hour = 60 * 60 * 1000;
    expect(Date.now() - Date.parse(incident!.awareAt)).toBeGreaterThanOrEqual(66 * hour);
    expect(Date.now() - Date.parse(incident!.awareAt)).toBeLessThan(67 * hour);
    expect(Date.parse(incident!.reportDeadline!) - Date.parse(incident!.awareAt)).toBe(15 * 24 * hour);
    expect(incidentDeadline(incident!, new Date())).toMatchObject({ overdue: false });
    expect(incidentDeadline(incident!, new Date(Date.parse(incident!.reportDeadline!) - 12 * 24 * hour))).toMatchObject({ overdue: false, daysLeft: 12 });
    expect(await db().select().from(incidentActions).where(eq(incidentActions.incidentId, incident!.id))).toHaveLength(2);
  });

  it('tells one story: each record has the time of its audit event, the chain’s times rise with it, and nothing precedes what it is about', async () => {
    const events = await db().select({ seq: auditEvents.seq, at: auditEvents.at, action: auditEvents.action, entityId: auditEvents.entityId }).from(auditEvents).orderBy(asc(auditEvents.seq));
    const backwards = events.filter((e, i) => i > 0 && e.at < events[i - 1]!.at).map((e) => `${e.seq} ${e.action} ${e.at}`);
    expect(backwards).toEqual([]);
    const day = 86_400_000;
    const age = (iso: string) => (Date.now() - Date.parse(iso)) / day;
    expect(age(events[0]!.at)).toBeGreaterThan(74);
    const parity = await findingTitled('Approval-rate parity below 0.8 for applicants over 65');
    const raised = events.find((e) => e.action === 'finding.raised' && e.entityId === parity.id)!;
    expect(Math.abs(Date.parse(raised.at) - Date.parse(parity.createdAt))).toBeLessThan(1000);
    expect(age(parity.createdAt)).toBeGreaterThan(23.9);
    const version = first(await db().select({ createdAt: modelVersions.createdAt }).from(modelVersions).where(eq(modelVersions.id, parity.subjectId)).limit(1))!;
    expect(version.createdAt < parity.createdAt).toBe(true);
    // The credit scorecard 3.2.0 was signed into production five weeks ago; that promotion archived 3.1.0, which served until then.
    const signedInto = async (label: string, target: 'staging' | 'production') => {
      const [model, version] = label.split('@') as [string, string];
      const rows = await db().select({ signedAt: signatures.signedAt }).from(signatures).innerJoin(promotionRequests, eq(promotionRequests.id, signatures.requestId))
        .where(and(eq(promotionRequests.modelVersionId, await versionOf(model, version)), eq(promotionRequests.targetStage, target), eq(promotionRequests.status, 'approved')));
      return Math.min(...rows.map((r) => age(r.signedAt)));
    };
    const promoted = await signedInto('credit-scorecard-gbm@3.2.0', 'production');
    // Signed hours after the request made 35 days ago.
    expect(promoted).toBeGreaterThan(34.5);
    expect(promoted).toBeLessThan(35);
    const previous = first(await db().select({ stage: modelVersions.stage, since: modelVersions.stageChangedAt }).from(modelVersions).where(eq(modelVersions.id, await versionOf('credit-scorecard-gbm', '3.1.0'))).limit(1))!;
    expect(previous.stage).toBe('archived');
    expect(Math.abs(age(previous.since!) - promoted)).toBeLessThan(0.01);
    expect(await archiveCause(await makeActor(['auditor']), await versionOf('credit-scorecard-gbm', '3.1.0'))).toMatchObject({ kind: 'replaced', version: '3.2.0' });
    // It had reached staging a week before; 3.1.0 went through both gates at onboarding, ten weeks ago, three days apart.
    expect(await signedInto('credit-scorecard-gbm@3.2.0', 'staging')).toBeGreaterThan(41.5);
    expect(await signedInto('credit-scorecard-gbm@3.1.0', 'staging')).toBeGreaterThan(72.5);
    expect(await signedInto('credit-scorecard-gbm@3.1.0', 'production')).toBeGreaterThan(69.5);
    const [review] = await db().select({ signedAt: reviews.signedAt }).from(reviews);
    expect(age(review!.signedAt)).toBeGreaterThan(1.9);
    expect(age(review!.signedAt)).toBeLessThan(2.1);
  });

  it('claims production figures only from after the version reached staging', async () => {
    const shadow = await db().select({ versionId: evaluations.modelVersionId, performedAt: evaluations.performedAt }).from(evaluations).where(eq(evaluations.environment, 'production'));
    expect(shadow.length).toBeGreaterThan(0);
    for (const e of shadow) {
      const [staged] = await db().select({ at: promotionRequests.closedAt }).from(promotionRequests).where(and(eq(promotionRequests.modelVersionId, e.versionId), eq(promotionRequests.targetStage, 'staging'), eq(promotionRequests.status, 'approved')));
      if (staged) expect(e.performedAt > staged.at!, e.versionId).toBe(true);
    }
  });

  it('signs in everyone who signed or decided in the browser, before they did: the users page and the trail agree', async () => {
    const signers = await db().select({ userId: signatures.signerId, at: signatures.signedAt }).from(signatures);
    const people = await db().select({ id: users.id, email: users.email, lastSignInAt: users.lastSignInAt }).from(users);
    for (const person of people.filter((p) => signers.some((s) => s.userId === p.id))) {
      const signedIn = await db().select({ at: auditEvents.at }).from(auditEvents).where(and(eq(auditEvents.action, 'auth.signed_in'), eq(auditEvents.entityId, person.id))).orderBy(asc(auditEvents.at));
      const firstSignature = signers.filter((s) => s.userId === person.id).map((s) => s.at).sort()[0]!;
      expect(signedIn.length, person.email).toBeGreaterThan(0);
      expect(signedIn[0]!.at <= firstSignature, person.email).toBe(true);
      expect(Math.abs(Date.parse(person.lastSignInAt!) - Date.parse(signedIn.at(-1)!.at)), person.email).toBeLessThan(1000);
    }
  });

  it('leaves one role waiting for its confirmation: the newcomer’s risk officer role, for Rita Chen to decide', async () => {
    const pending = await db().select({ role: roleGrants.role, email: users.email, passwordSetBy: users.passwordSetBy }).from(roleGrants).innerJoin(users, eq(users.id, roleGrants.userId)).where(eq(roleGrants.status, 'pending'));
    expect(pending).toEqual([{ role: 'risk_officer', email: 'priya.nair@example.com', passwordSetBy: 'self' }]);
    const rita = first(await db().select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, 'rita.chen@example.com')).limit(1))!;
    const actions = await actionItems({ type: 'user', userId: rita.id, email: rita.email, name: rita.name, roles: ['risk_officer'], ip: null, userAgent: null }, new Date());
    expect(actions.items.map((i) => i.title)).toContain('Confirm Priya Nair as risk officer');
  });

  it('has Rita Chen confirm every lighter tier before a version of it went to production, and the code assistant’s wait again since its use widened', async () => {
    const lighter = await db().select({ name: aiSystems.name, tier: aiSystems.riskTier, confirmedAt: aiSystems.tierConfirmedAt, confirmedBy: users.email }).from(aiSystems).leftJoin(users, eq(users.id, aiSystems.tierConfirmedById)).where(inArray(aiSystems.riskTier, ['limited', 'minimal'])).orderBy(asc(aiSystems.name));
    const firstProduction = async (name: string) => first(await db().select({ at: promotionRequests.createdAt }).from(promotionRequests).innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId)).innerJoin(models, eq(models.id, modelVersions.modelId)).innerJoin(aiSystems, eq(aiSystems.id, models.systemId)).where(and(eq(aiSystems.name, name), eq(promotionRequests.targetStage, 'production'), eq(promotionRequests.status, 'approved'))).orderBy(asc(promotionRequests.createdAt)).limit(1));
    for (const system of lighter.filter((s) => s.confirmedAt)) {
      expect(system.confirmedBy).toBe('rita.chen@example.com');
      const promoted = await firstProduction(system.name);
      if (promoted) expect(system.confirmedAt! < promoted.at!).toBe(true);
    }
    const waiting = lighter.filter((s) => !s.confirmedAt);
    expect(waiting.map((s) => `${s.name} (${s.tier})`)).toEqual(['Internal code assistant (limited)']);
    const assistant = await systemNamed('Internal code assistant');
    expect(assistant.tierAssessedAt! > new Date(Date.now() - 4 * 86_400_000).toISOString()).toBe(true);
    for (const s of waiting) expect(await firstProduction(s.name)).toBeUndefined();
    const rita = first(await db().select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, 'rita.chen@example.com')).limit(1))!;
    const actions = await actionItems({ type: 'user', userId: rita.id, email: rita.email, name: rita.name, roles: ['risk_officer'], ip: null, userAgent: null }, new Date());
    expect(actions.items.filter((i) => i.kind === 'tier').map((i) => [i.title, i.date])).toEqual([['Confirm the limited tier of Internal code assistant', assistant.tierAssessedAt]]);
  });

  it('brings every version past development there by an approved promotion, to the stage the demo data gives it', async () => {
    let pastDevelopment = 0;
    for (const model of DEMO_SYSTEMS.flatMap((system) => system.models)) {
      for (const declared of model.versions) {
        const label = `${model.name}@${declared.version}`;
        const id = await versionOf(model.name, declared.version);
        const { stage } = first(await db().select({ stage: modelVersions.stage }).from(modelVersions).where(eq(modelVersions.id, id)).limit(1))!;
        const approved = (await db().select({ target: promotionRequests.targetStage }).from(promotionRequests).where(and(eq(promotionRequests.modelVersionId, id), eq(promotionRequests.status, 'approved')))).map((r) => r.target);
        // An archived version served production until a later promotion, or its system's retirement, archived it.
        const expected: string[] = { development: [], staging: ['staging'], production: ['production'], archived: ['production'] }[declared.stage];
        if (declared.stage !== 'development') pastDevelopment += 1;
        expect(`${label} ${stage} ${approved.filter((t) => expected.includes(t)).join(',')}`).toBe(`${label} ${declared.stage} ${expected.join(',')}`);
      }
    }
    expect(pastDevelopment).toBe(13);
    // Nothing placed a version in a stage outside a promotion (or the retirement that archived the claims router).
    const stageChanges = await db().select({ after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.action, 'model_version.updated'));
    expect(stageChanges.filter((e) => e.after?.includes('"stage"'))).toEqual([]);
    // Each service first reported what it runs after that version was approved for the service's environment.
    const reports = await db().select({ id: deployments.id, versionId: deployments.modelVersionId, environment: deployments.environment, createdAt: deployments.createdAt }).from(deployments);
    expect(reports.length).toBeGreaterThanOrEqual(4);
    for (const report of reports) {
      const approvals = await db().select({ closedAt: promotionRequests.closedAt }).from(promotionRequests)
        .where(and(eq(promotionRequests.modelVersionId, report.versionId!), eq(promotionRequests.targetStage, report.environment), eq(promotionRequests.status, 'approved')));
      expect(approvals.some((a) => a.closedAt! < report.createdAt), report.id).toBe(true);
    }
    const claims = await systemNamed('Motor claims triage');
    expect(claims.lifecycleStatus).toBe('retired');
    const retired = first(await db().select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.action, 'system.retired'), eq(auditEvents.entityId, claims.id))).limit(1))!;
    expect(JSON.parse(retired.after!).archived).toEqual([await versionOf('claims-router', '1.0.0')]);
  });
});
