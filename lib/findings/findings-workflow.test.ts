import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, withTransaction, first as firstRow } from '@/db';
import { auditEvents, findings, notifications } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { retractEvaluation } from '@/lib/evidence/retract-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { parseInput } from '@/lib/http/to-domain-error';
import { ZUpdatePolicyInput } from '@/lib/promotion/policy-schemas';
import { currentPolicy } from '@/lib/promotion/policy-queries';
import { ensureDefaultPolicies, updatePolicy } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { closeFinding } from './close-finding';
import { getFinding } from './finding-detail';
import { closureEvaluationOptions } from './closure-evaluations';
import { isoDateAfter } from './deadlines';
import { patchFinding } from './patch-finding';
import { listFindings } from './queries';
import { raiseFinding } from './raise-finding-by-hand';
import { raiseFindingInTx } from './raise-finding';
import { ZListFindingsQuery } from './schemas';
import { updateFinding } from './update-finding';

const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-06-01T10:00:00Z');
let ds: Actor;
let ro: Actor;
let ro2: Actor;
let auditor: Actor;
let admin: Actor;
let systemId: string;
let versionId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro, ro2, auditor, admin] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer']), makeActor(['risk_officer']), makeActor(['auditor']), makeActor(['admin'])]);
  systemId = (await makeSystem(ds, { riskTier: 'limited' })).id;
  const model = await createModel(ds, { systemId, name: 'churn' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'a'.repeat(64), format: 'onnx' })).id;
});

const raise = async (actor: Actor, extra: Record<string, unknown> = {}) =>
  await raiseFinding(actor, { type: 'validation_issue', severity: 'medium', title: 'Calibration drifts in the tail', description: 'Deciles 9–10 over-predict.', subjectType: 'model_version', subjectId: versionId, ...extra } as Parameters<typeof raiseFinding>[1], NOW);
const auditOf = async (id: string, action: string) => await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, action)));
/** The owner (ds) fixes it and hands it over: only a validated finding is closed as fixed. */
const validated = async (id: string) => {
  await updateFinding(ds, id, { status: 'in_remediation', remediationPlan: 'Recalibrate the top deciles on Q3 data.' });
  return updateFinding(ds, id, { status: 'ready_for_validation' });
};
const token = (actor: Actor): Actor => ({ ...actor, type: 'token', tokenId: 'tok', scopes: ['read', 'findings:write'] });

describe('raising a finding by hand', () => {
  it('assigns the subject’s owner, dates it from the policy deadline, audits it and tells the owner', async () => {
    const finding = await raise(ro);
    expect(finding).toMatchObject({ ownerId: ds.userId, status: 'open', source: 'manual', systemId, dueDate: isoDateAfter(NOW, 90), raisedById: ro.userId });
    expect(await auditOf(finding.id, 'finding.raised')).toHaveLength(1);
    expect(await getDb().select().from(notifications).where(and(eq(notifications.entityId, finding.id), eq(notifications.userId, ds.userId)))).toHaveLength(1);
  });

  it('takes the severity deadline of the subject’s tier when the policy sets one', async () => {
    const policy = (await currentPolicy(getDb(), 'limited', 'production'))!;
    await updatePolicy(admin, parseInput(ZUpdatePolicyInput, { riskTier: 'limited', targetStage: 'production', reason: 'Changed by a test.', rules: { ...policy.rules, findingDeadlineDays: { critical: 2, high: 10, medium: 45, low: 100 } } }));
    expect((await raise(ro, { severity: 'high' })).dueDate).toBe(isoDateAfter(NOW, 10));
    expect((await raise(ro, { severity: 'low' })).dueDate).toBe(isoDateAfter(NOW, 100));
  });

  it('lets an auditor raise audit findings only', async () => {
    await expect(async () => await raise(auditor)).rejects.toThrow(Forbidden);
    expect((await raise(auditor, { type: 'audit_finding' })).type).toBe('audit_finding');
  });

  it('refuses a token without the findings:write scope, an unknown subject, and an owner who could not work it', async () => {
    await expect(async () => await raise({ ...ds, type: 'token', tokenId: 't', scopes: ['read'] })).rejects.toThrow(/scope/);
    await expect(async () => await raise(ds, { subjectId: 'nope' })).rejects.toThrow(/Model version not found/);
    await expect(async () => await raise(ds, { ownerId: 'nobody' })).rejects.toThrow(Invalid);
    await expect(async () => await raise(ds, { ownerId: auditor.userId })).rejects.toThrow(/can work findings/);
  });

  it('counts a repeat of the same problem on the active finding instead of opening another (dedupe key)', async () => {
    const input = { type: 'monitoring_breach' as const, severity: 'medium' as const, title: 'PSI on amount', description: 'Drift.', subjectType: 'model_version' as const, subjectId: versionId, source: 'monitoring' as const, dedupeKey: `monitoring:${versionId}:psi:amount` };
    const first = await withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), input, NOW));
    const second = await withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), { ...input, severity: 'high' }, NOW));
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, finding: { id: first.finding.id, occurrences: 2, severity: 'high' } });
    expect(await getDb().select().from(findings).where(eq(findings.dedupeKey, input.dedupeKey))).toHaveLength(1);
  });

  it('judges an edit on the finding its transaction reads: a repeat that made it critical meanwhile is not lowered without a signature', async () => {
    const input = { type: 'monitoring_breach' as const, severity: 'medium' as const, title: 'PSI on income', description: 'Drift.', subjectType: 'model_version' as const, subjectId: versionId, source: 'monitoring' as const, dedupeKey: `monitoring:${versionId}:psi:income` };
    const { finding } = await withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), input, NOW));
    // The edit reads the medium finding and queues its transaction behind the repeat's, which makes the finding critical.
    const lowering = updateFinding(ro, finding.id, { severity: 'low' });
    const repeat = withTransaction(async (tx) => await raiseFindingInTx(tx, systemActor('monitoring'), { ...input, severity: 'critical' }, NOW));
    await expect(lowering).rejects.toThrow(/severity changed meanwhile/);
    expect((await repeat).finding.severity).toBe('critical');
    expect(firstRow(await getDb().select({ severity: findings.severity }).from(findings).where(eq(findings.id, finding.id)).limit(1))?.severity).toBe('critical');
  });
});

describe('working a finding', () => {
  it('moves open → in remediation → ready for validation → back, by the owner; never skips or leaves a final status', async () => {
    const finding = await raise(ro);
    await expect(updateFinding(ds, finding.id, { status: 'ready_for_validation' })).rejects.toThrow(Conflict);
    // Nothing to validate without a plan: the move is refused, naming the field, and nothing changes.
    expect((await updateFinding(ds, finding.id, { status: 'in_remediation' })).status).toBe('in_remediation');
    const planless = await updateFinding(ds, finding.id, { status: 'ready_for_validation' }).catch((e: unknown) => e);
    expect(planless).toBeInstanceOf(Invalid);
    expect((planless as Invalid).issues).toEqual([{ path: 'remediationPlan', message: 'Write what was done, and how to check it.' }]);
    for (const invisible of ['   ', '\u200b', '\u2066\u2069', '\u00ad']) await expect(updateFinding(ds, finding.id, { status: 'ready_for_validation', remediationPlan: invisible })).rejects.toThrow(Invalid);
    expect((await updateFinding(ds, finding.id, { remediationPlan: 'Recalibrate on Q3 data.' })).status).toBe('in_remediation');
    expect((await updateFinding(ds, finding.id, { status: 'ready_for_validation' })).status).toBe('ready_for_validation');
    // Awaiting validation, its plan cannot be emptied.
    await expect(updateFinding(ds, finding.id, { remediationPlan: '' })).rejects.toThrow(Invalid);
    expect((await updateFinding(ro, finding.id, { status: 'in_remediation' })).status).toBe('in_remediation');
    expect(await auditOf(finding.id, 'finding.status_changed')).toHaveLength(3);
    await updateFinding(ds, finding.id, { status: 'ready_for_validation' });
    const news = and(eq(notifications.entityId, finding.id), eq(notifications.type, 'finding.status_changed'), isNull(notifications.readAt));
    expect((await getDb().select().from(notifications).where(news)).length).toBeGreaterThan(0);
    await closeFinding(ro, finding.id, { outcome: 'closed', closureEvidence: 'Re-validated.' });
    // Closed, the finding asks no one to validate it any more: its move news is settled (read), and stays listed.
    expect(await getDb().select().from(notifications).where(news)).toEqual([]);
    await expect(updateFinding(ds, finding.id, { remediationPlan: 'Too late' })).rejects.toThrow(Conflict);
  });

  it('refuses a data scientist who does not own it, and an auditor', async () => {
    const finding = await raise(ro);
    const other = await makeActor(['data_scientist']);
    await expect(updateFinding(other, finding.id, { remediationPlan: 'Mine now' })).rejects.toThrow(Forbidden);
    await expect(updateFinding(auditor, finding.id, { remediationPlan: 'Audit' })).rejects.toThrow(Forbidden);
  });

  it('lets only a risk officer change the severity, which recomputes the due date from when it was raised', async () => {
    const finding = await raise(ro);
    await expect(updateFinding(ds, finding.id, { severity: 'critical' })).rejects.toThrow(Forbidden);
    expect((await updateFinding(ro, finding.id, { severity: 'critical' })).dueDate).toBe(isoDateAfter(NOW, 2));
  });

  it('tells a new owner it is theirs', async () => {
    const finding = await raise(ro);
    const newOwner = await makeActor(['data_scientist']);
    await updateFinding(ro, finding.id, { ownerId: newOwner.userId });
    expect(await getDb().select().from(notifications).where(and(eq(notifications.userId, newOwner.userId), eq(notifications.type, 'finding.assigned')))).toHaveLength(1);
  });
  it('refuses, rather than drops, fields of closing or accepting sent with a work move or an edit', async () => {
    const finding = await raise(ro);
    const error = await patchFinding(ds, finding.id, { status: 'in_remediation', closureEvidence: 'ignored?', expiresOn: 'garbage' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, issues: [{ path: 'closureEvidence', message: expect.stringMatching(/closing/) }, { path: 'expiresOn', message: expect.stringMatching(/accepting/) }] });
    await expect(patchFinding(ro, finding.id, { status: 'invalid', closureEvidence: 'Not a problem.', evaluationId: 'x' })).rejects.toMatchObject({ issues: [{ path: 'evaluationId' }] });
    expect((firstRow(await getDb().select().from(findings).where(eq(findings.id, finding.id))))?.status).toBe('open');
    expect((await patchFinding(ds, finding.id, { status: 'in_remediation' })).status).toBe('in_remediation');
  });
});

describe('closing a finding', () => {
  it('is refused to its owner, to a data scientist and to any token', async () => {
    const finding = await raise(ro, { ownerId: ro2.userId });
    await expect(closeFinding(ro2, finding.id, { outcome: 'closed', closureEvidence: 'Fixed it myself.' })).rejects.toThrow(/never owned it/);
    await expect(closeFinding(ds, finding.id, { outcome: 'closed', closureEvidence: 'Done.' })).rejects.toThrow(Forbidden);
    await expect(patchFinding(token(ro), finding.id, { status: 'closed', closureEvidence: 'Done.' })).rejects.toThrow(/API tokens never/);
    expect(firstRow(await getDb().select().from(findings).where(eq(findings.id, finding.id)).limit(1))!.status).toBe('open');
  });

  it('is not closed as fixed by a risk officer who worked its remediation: someone else validates it', async () => {
    const finding = await raise(ds);
    await updateFinding(ro, finding.id, { remediationPlan: 'Recalibrated the tail deciles.', status: 'in_remediation' });
    await updateFinding(ro, finding.id, { status: 'ready_for_validation' });
    await expect(closeFinding(ro, finding.id, { outcome: 'closed', closureEvidence: 'Looks fixed to me.' })).rejects.toThrow(/You worked its remediation/);
    await expect(closeFinding(ro, finding.id, { outcome: 'invalid', closureEvidence: 'Never a real problem.' })).rejects.toThrow(/You worked its remediation/);
    expect(await getFinding(ro, finding.id)).toMatchObject({ workedRemediation: true, may: { close: false } });
    expect(await getFinding(ro2, finding.id)).toMatchObject({ workedRemediation: false, may: { close: true, closeAsFixed: true } });
    expect((await closeFinding(ro2, finding.id, { outcome: 'closed', closureEvidence: 'Re-ran the calibration test: within bounds.' })).status).toBe('closed');
  });

  it('closes a medium finding on the word of a risk officer, with evidence, unsigned', async () => {
    const closed = await closeFinding(ro, (await raise(ro)).id, { outcome: 'invalid', closureEvidence: 'Duplicate of F-1.' });
    expect(closed).toMatchObject({ status: 'invalid', closedById: ro.userId, closureEvidence: 'Duplicate of F-1.', closureMeaning: null });
  });

  it('signs a high finding’s closure: the password again, a wrong one audited and refused, meaning and role stored', async () => {
    const finding = await raise(ro, { severity: 'high' });
    await validated(finding.id);
    await expect(closeFinding(ro2, finding.id, { outcome: 'closed', closureEvidence: 'Retrained.' })).rejects.toThrow(/enter your password/);
    await expect(closeFinding(ro2, finding.id, { outcome: 'closed', closureEvidence: 'Retrained.', password: 'wrong' })).rejects.toThrow(Invalid);
    expect(await auditOf(finding.id, 'finding.close_failed')).toMatchObject([{ actorId: ro2.userId }]);
    const closed = await closeFinding(ro2, finding.id, { outcome: 'closed', closureEvidence: 'Retrained.', password: PASSWORD });
    expect(closed).toMatchObject({ status: 'closed', closureRole: 'risk_officer', closureMeaning: expect.stringMatching(/^I attest that F-\d+ “Calibration drifts in the tail” is fixed/) });
    expect(await auditOf(finding.id, 'finding.closed')).toHaveLength(1);
  });

  it('takes as proof only an evaluation that counts and is about the finding: never a retracted one or another system\'s', async () => {
    const evaluate = async (modelVersionId: string, artifactSha256: string, datasetVersionId?: string) =>
      (await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId, kind: 'performance', environment: 'staging', artifactSha256, datasetVersionId, producer: 'ci', metrics: [{ name: 'auc', value: 0.9 }] }))).id;
    const otherSystem = (await makeSystem(ds)).id;
    const otherVersion = (await createModelVersion(ds, { modelId: (await createModel(ds, { systemId: otherSystem, name: 'elsewhere' })).id, version: '1.0.0', artifactSha256: 'b'.repeat(64), format: 'onnx' })).id;
    const holdout = await createDatasetVersion(ds, (await createDataset(ds, { systemId, namespace: 's3://churn', name: 'holdout' })).id, { version: 'v1' });
    const good = await evaluate(versionId, 'a'.repeat(64), holdout.id);
    const retracted = await evaluate(versionId, 'a'.repeat(64));
    await retractEvaluation(ds, retracted, { reason: 'Ran on the wrong split; ignore it.' });
    const otherBytes = await evaluate(versionId, 'c'.repeat(64));
    const elsewhere = await evaluate(otherVersion, 'b'.repeat(64));
    const refusal = async (finding: { id: string }, evaluationId: string) => {
      const error = await closeFinding(ro, finding.id, { outcome: 'closed', closureEvidence: 'See evaluation.', evaluationId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      return (error as Invalid).issues?.[0]?.message;
    };

    const onVersion = await raise(ro);
    await validated(onVersion.id);
    // The close dialog offers, by name, exactly the evaluations that closing accepts.
    const offered = async (finding: Parameters<typeof closureEvaluationOptions>[1]) => (await closureEvaluationOptions(getDb(), finding)).map((o) => o.value);
    expect(await offered(onVersion)).toEqual([good]);
    expect(await offered({ subjectType: 'system', subjectId: systemId })).toEqual([good]);
    expect(await offered({ subjectType: 'dataset_version', subjectId: holdout.id })).toEqual([good]);
    expect(await offered({ subjectType: 'system', subjectId: otherSystem })).toEqual([elsewhere]);
    expect((await closureEvaluationOptions(getDb(), onVersion))[0]!.label).toMatch(new RegExp(`^Performance \\(staging\\) · .+ · received \\d{4}-\\d{2}-\\d{2} · ${good.slice(0, 8)}$`));
    expect(await refusal(onVersion, 'missing')).toBe('No evaluation with this id.');
    expect(await refusal(onVersion, retracted)).toBe('This evaluation was retracted; it proves nothing.');
    expect(await refusal(onVersion, otherBytes)).toMatch(/ran on other bytes/);
    expect(await refusal(onVersion, elsewhere)).toBe('This evaluation is of another model version.');
    expect((firstRow(await getDb().select().from(findings).where(eq(findings.id, onVersion.id))))?.status).toBe('ready_for_validation');

    const onSystem = await raise(ro, { subjectType: 'system', subjectId: systemId });
    await validated(onSystem.id);
    expect(await refusal(onSystem, elsewhere)).toBe('This evaluation is of a model version of another system.');
    expect((await closeFinding(ro, onSystem.id, { outcome: 'closed', closureEvidence: 'See evaluation.', evaluationId: good })).status).toBe('closed');

    const onData = await raise(ro, { subjectType: 'dataset_version', subjectId: holdout.id });
    await validated(onData.id);
    expect(await refusal(onData, elsewhere)).toMatch(/not run on a version of the finding's dataset/);
    expect((await closeFinding(ro, onData.id, { outcome: 'closed', closureEvidence: 'Re-run on the fixed holdout.', evaluationId: good })).status).toBe('closed');
    expect((await closeFinding(ro, onVersion.id, { outcome: 'closed', closureEvidence: 'See evaluation.', evaluationId: good })).status).toBe('closed');
  });

  it('lets one of two concurrent closes win; the other is a conflict and writes nothing', async () => {
    const finding = await raise(ro, { severity: 'critical' });
    await validated(finding.id);
    const results = await Promise.allSettled([
      closeFinding(ro, finding.id, { outcome: 'closed', closureEvidence: 'A', password: PASSWORD }),
      closeFinding(ro2, finding.id, { outcome: 'invalid', closureEvidence: 'B', password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(Conflict) });
    expect(await auditOf(finding.id, 'finding.closed')).toHaveLength(1);
  });
});

describe('listing findings', () => {
  it('puts overdue first, then severity, then due date, and filters overdue ones', async () => {
    const list = await listFindings(ro, ZListFindingsQuery.parse({ subjectId: versionId, pageSize: 200 }), new Date('2026-08-01T00:00:00Z'));
    const keys = list.items.map((f) => [f.overdueDays === null ? 1 : 0, ['critical', 'high', 'medium', 'low'].indexOf(f.severity), f.dueDate] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2])));
    expect(list.items.some((f) => f.overdueDays !== null)).toBe(true);
    const overdue = await listFindings(ro, ZListFindingsQuery.parse({ subjectId: versionId, overdue: 'true' }), new Date('2026-08-01T00:00:00Z'));
    expect(overdue.total).toBe(list.items.filter((f) => f.overdueDays !== null).length);
    expect((await listFindings(ds, ZListFindingsQuery.parse({ ownerId: 'me', status: 'all' }))).items.every((f) => f.ownerId === ds.userId)).toBe(true);
  });
});
