import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, unguardedWriter, first as firstRow } from '@/db';
import { auditEvents, findings, modelVersions, notifications, promotionRequests, signatures, webhookDeliveries } from '@/db/schema';
import { loadCard } from '@/lib/cards/load-card';
import { closeFinding } from '@/lib/findings/close-finding';
import { getFinding } from '@/lib/findings/finding-detail';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { updateFinding } from '@/lib/findings/update-finding';
import { ZCloseFindingInput, ZRaiseFindingInput, ZUpdateFindingInput } from '@/lib/findings/schemas';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { Conflict, Forbidden, Invalid } from '@/lib/errors';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { refusal } from '@/lib/testing-sql';
import { evidencedVersion } from './test-artifacts';
import { promotionHistory } from './queries';
import { requestPromotion } from './request-promotion';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { ensureDefaultPolicies } from './update-policy';
import { withdrawRequest } from './withdraw-request';

const PASSWORD = 'correct horse battery staple';
let ds: Actor;
let ro: Actor;
let ro2: Actor;
let sr: Actor;
let admin: Actor;
let modelId: string;
let systemId: string;

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [ds, ro, ro2, sr, admin] = await Promise.all([
    makeActor(['data_scientist', 'risk_officer']),
    makeActor(['risk_officer']),
    makeActor(['risk_officer']),
    makeActor(['security_reviewer']),
    makeActor(['admin']),
  ]);
  systemId = (await makeSystem(ds, { riskTier: 'high' })).id;
  modelId = (await createModel(ds, { systemId, name: 'scorer' })).id;
});

let counter = 0;
const readyVersion = async (stage: 'development' | 'staging' = 'staging') => await evidencedVersion(ds, modelId, `v${++counter}`, stage);
const submit = async (versionId: string) => await requestPromotion(ds, { modelVersionId: versionId, targetStage: 'production', justification: 'Evidence complete; replaces the current version.' });
/** Signs through the same schema as the signing dialog. */
const sign = async (actor: Actor, request: { id: string; snapshotSha256: string }, extra: Record<string, unknown> = {}) =>
  signRequest(actor, ZSignRequestInput.parse({ requestId: request.id, role: actor.roles.includes('security_reviewer') ? 'security_reviewer' : 'risk_officer', decision: 'approve', comment: '', password: PASSWORD, snapshotSha256: request.snapshotSha256, ...extra }));

describe('a governed promotion', () => {
  it('needs the gate to pass before it can be submitted', async () => {
    const bare = await createModelVersion(ds, { modelId, version: 'no-evidence', artifactSha256: 'e'.repeat(64), format: 'onnx' });
    await expect(async () => await submit(bare.id)).rejects.toThrow(/gate does not pass.*Performance evidence: Missing/);
  });

  it('tells everyone who may give a required signature, in their inbox and to subscribed webhooks, never the requester', async () => {
    const version = await readyVersion();
    const request = await submit(version.id);
    const told = await getDb().select({ userId: notifications.userId, type: notifications.type, href: notifications.href, title: notifications.title }).from(notifications).where(eq(notifications.entityId, request.id));
    const recipients = told.map((n) => n.userId);
    // The high tier's production policy needs a risk officer and a security reviewer; the requester is a risk officer too.
    expect(recipients).toEqual(expect.arrayContaining([ro.userId, ro2.userId, sr.userId]));
    expect(recipients).not.toContain(ds.userId);
    expect(recipients).not.toContain(admin.userId);
    expect(told[0]).toMatchObject({ type: 'promotion.requested', href: `/approvals/${request.id}`, title: `scorer ${version.version} → production awaits your signature` });
    await withdrawRequest(ds, request.id);
  });

  it('stops asking for a signature once it cannot be given: the signer’s news once they signed, everyone’s once the request closed', async () => {
    const unreadFor = async (requestId: string) =>
      (await getDb().select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.entityId, requestId), eq(notifications.type, 'promotion.requested'), isNull(notifications.readAt)))).map((n) => n.userId);
    const r1 = await submit((await readyVersion()).id);
    expect(await unreadFor(r1.id)).toEqual(expect.arrayContaining([ro.userId, ro2.userId, sr.userId]));
    await sign(ro, r1);
    expect(await unreadFor(r1.id)).not.toContain(ro.userId);
    expect(await unreadFor(r1.id)).toEqual(expect.arrayContaining([ro2.userId, sr.userId]));
    await sign(sr, r1);
    expect(await unreadFor(r1.id)).toEqual([]);
    // The news stays in the inbox, read: it says what was asked.
    expect(await getDb().select().from(notifications).where(and(eq(notifications.entityId, r1.id), eq(notifications.userId, ro2.userId)))).toHaveLength(1);
    const r2 = await submit((await readyVersion()).id);
    await withdrawRequest(ds, r2.id);
    expect(await unreadFor(r2.id)).toEqual([]);
  });

  it('moves to production on the last required signature, archives the previous one, and stores what was signed', async () => {
    const first = await readyVersion();
    const r1 = await submit(first.id);
    expect((await sign(ro, r1)).requestStatus).toBe('open');
    const done = await sign(sr, r1);
    expect(done).toMatchObject({ requestStatus: 'approved', stageChange: { from: 'staging', to: 'production' } });
    const second = await readyVersion();
    const r2 = await submit(second.id);
    await sign(ro2, r2);
    expect(await sign(sr, r2)).toMatchObject({ stageChange: { archived: [first.id] } });
    const stages = await getDb().select({ id: modelVersions.id, stage: modelVersions.stage }).from(modelVersions);
    expect(stages.find((s) => s.id === first.id)!.stage).toBe('archived');
    expect(stages.find((s) => s.id === second.id)!.stage).toBe('production');
    const sig = (await getDb().select().from(signatures).where(eq(signatures.requestId, r2.id))).find((s) => s.role === 'risk_officer')!;
    expect(sig).toMatchObject({ printedName: ro2.name, snapshotSha256: r2.snapshotSha256, meaning: `I approve the promotion of scorer ${second.version} to production as Risk officer` });
    expect(await refusal(async () => await unguardedWriter().update(signatures).set({ comment: 'edited' }).where(eq(signatures.id, sig.id)))).toMatch(/immutable/);
  });

  it('tells the requester the decision, and subscribed webhooks the approved digest', async () => {
    const endpoint = await createWebhookEndpoint(admin, { url: 'https://198.51.100.9/deploy', description: 'CD pipeline (a documentation address)', eventTypes: ['promotion.approved', 'promotion.rejected'], allowPrivateNetwork: false });
    const toldRequester = async (requestId: string) => await getDb().select({ type: notifications.type, title: notifications.title }).from(notifications).where(and(eq(notifications.entityId, requestId), eq(notifications.userId, ds.userId)));
    const sent = async (requestId: string) => (await getDb().select({ payload: webhookDeliveries.payload }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))).map((d) => JSON.parse(d.payload) as { type: string; data: Record<string, unknown> }).filter((p) => p.data.entityId === requestId);
    const version = await readyVersion();
    const approved = await submit(version.id);
    await sign(ro, approved);
    expect(await toldRequester(approved.id)).toEqual([]);
    await sign(sr, approved);
    expect(await toldRequester(approved.id)).toEqual([{ type: 'promotion.approved', title: `scorer ${version.version} → production is approved: the version is now in production` }]);
    expect(await sent(approved.id)).toEqual([expect.objectContaining({ type: 'promotion.approved', data: expect.objectContaining({ modelVersionId: version.id, targetStage: 'production', artifactSha256: version.artifactSha256, snapshotSha256: approved.snapshotSha256 }) })]);
    const rejected = await submit((await readyVersion()).id);
    await sign(sr, rejected, { decision: 'reject', comment: 'The red-team report is from another build.' });
    expect(await toldRequester(rejected.id)).toEqual([expect.objectContaining({ type: 'promotion.rejected', title: expect.stringContaining(`rejected by ${sr.name}: The red-team report is from another build.`) })]);
    expect((await sent(rejected.id)).map((p) => p.type)).toEqual(['promotion.rejected']);
    // An approval on conditions says so, and hands the pipeline every condition the version now runs under.
    const conditional = await submit((await readyVersion()).id);
    await sign(ro, conditional, { conditions: 'Step-up only, never decline, until Q3.' });
    await sign(sr, conditional);
    expect(await toldRequester(conditional.id)).toEqual([expect.objectContaining({ type: 'promotion.approved', title: expect.stringContaining('is approved on conditions: the version is now in production') })]);
    expect((await sent(conditional.id))[0]!.data.conditions).toEqual([{ role: 'risk_officer', printedName: ro.name, conditions: 'Step-up only, never decline, until Q3.' }]);
    expect((await sent(approved.id))[0]!.data.conditions).toEqual([]);
  });

  it('tracks each approval’s conditions as a finding once the request is approved, and none for a request that closed otherwise', async () => {
    const conditionFindings = async (requestId: string) => {
      const keys = (await getDb().select({ id: signatures.id }).from(signatures).where(eq(signatures.requestId, requestId))).map((row) => `approval-condition:${row.id}`);
      return keys.length ? await getDb().select().from(findings).where(and(eq(findings.type, 'approval_condition'), inArray(findings.dedupeKey, keys))) : [];
    };
    const version = await readyVersion();
    const request = await submit(version.id);
    const first = await sign(ro, request, { conditions: 'Monthly drift report filed as evidence.\nNo use on applicants under 21.' });
    // The request is still open: nothing is in force yet.
    expect(first).not.toHaveProperty('conditionFindings');
    expect(await conditionFindings(request.id)).toEqual([]);
    const done = await sign(sr, request, { conditions: 'Re-run the red team before Q3.' });
    expect(done.requestStatus).toBe('approved');
    const raised = await conditionFindings(request.id);
    expect(raised).toHaveLength(2);
    expect(done.conditionFindings).toEqual(expect.arrayContaining(raised.map((f) => f.id)));
    const signed = await getDb().select().from(signatures).where(eq(signatures.requestId, request.id));
    const bySigner = (name: string) => raised.find((f) => f.description.startsWith(name))!;
    const roSignature = signed.find((s) => s.signerId === ro.userId)!;
    expect(bySigner(ro.name)).toMatchObject({
      // On the system (the version's card stays the one signed), raised on behalf of the signer who set the conditions;
      // the audit names whose signature approved the request.
      severity: 'medium', status: 'open', source: 'approval', subjectType: 'system', subjectId: systemId, ownerId: ds.userId, raisedById: ro.userId,
      dedupeKey: `approval-condition:${roSignature.id}`,
      title: `Condition of approval (scorer ${version.version} → production): Monthly drift report filed as evidence. No use on applicants under 21.`,
    });
    expect(bySigner(ro.name).description).toContain('Monthly drift report filed as evidence.\nNo use on applicants under 21.');
    // Due by the policy's deadline for a medium finding (the default 90 days), from the day of the approval.
    expect(bySigner(ro.name).dueDate).toBe(new Date(Date.parse(roSignature.signedAt.slice(0, 10)) + 90 * 86_400_000).toISOString().slice(0, 10));
    expect(bySigner(sr.name).title).toContain('Re-run the red team before Q3.');
    // Raised in the approving transaction, audited, and the owner is told.
    const audited = await getDb().select({ action: auditEvents.action, entityId: auditEvents.entityId }).from(auditEvents).where(inArray(auditEvents.entityId, raised.map((f) => f.id)));
    expect(audited.map((a) => a.action)).toEqual(['finding.raised', 'finding.raised']);
    expect(await getDb().select({ id: notifications.id }).from(notifications).where(and(eq(notifications.userId, ds.userId), eq(notifications.type, 'finding.raised'), inArray(notifications.entityId, raised.map((f) => f.id))))).toHaveLength(2);
    // The request's page lists the finding beside the conditions.
    const history = await promotionHistory(ds, version.id);
    expect(history[0]!.signatures.find((s) => s.signerId === ro.userId)!.conditionFinding).toMatchObject({ id: bySigner(ro.name).id, status: 'open' });
    // And the finding's page names the approval that set it.
    expect((await getFinding(ds, bySigner(ro.name).id)).approval).toMatchObject({ href: `/approvals/${request.id}`, what: 'the approval to production', printedName: ro.name, role: 'risk_officer' });

    // A conditional approval on a request that is then rejected, or withdrawn, never comes into force.
    const rejectedVersion = await readyVersion();
    const rejected = await submit(rejectedVersion.id);
    await sign(ro, rejected, { conditions: 'Only for the pilot branch.' });
    await sign(sr, rejected, { decision: 'reject', comment: 'Red-team report is stale.' });
    const withdrawnVersion = await readyVersion();
    const withdrawn = await submit(withdrawnVersion.id);
    await sign(ro, withdrawn, { conditions: 'Only for the pilot branch.' });
    await withdrawRequest(ds, withdrawn.id);
    expect(await conditionFindings(rejected.id)).toEqual([]);
    expect(await conditionFindings(withdrawn.id)).toEqual([]);
  });

  it('keeps a condition the signer’s words, met or accepted but never invalid, and raised only by an approval', async () => {
    const version = await readyVersion();
    const request = await submit(version.id);
    await sign(ro, request, { conditions: 'Quarterly back-test filed as evidence.' });
    const { conditionFindings: [id] } = await sign(sr, request) as { conditionFindings: string[] };
    // A conditional approval leaves the version's card as signed: the finding is on the system.
    expect((await loadCard(ds, version.id)).differsFromLastSigned).toBe(false);
    // The owner bound by it cannot rewrite it, through any path that updates a finding; the plan is theirs.
    for (const change of [{ title: 'Nothing to do' }, { description: 'No conditions really.' }]) {
      await expect(updateFinding(ds, id!, ZUpdateFindingInput.parse(change))).rejects.toThrow(/signer’s words/);
    }
    await updateFinding(ds, id!, ZUpdateFindingInput.parse({ remediationPlan: 'Q1 back-test filed as evaluation 12.', status: 'in_remediation' }));
    await updateFinding(ds, id!, ZUpdateFindingInput.parse({ status: 'ready_for_validation' }));
    await expect(closeFinding(ro2, id!, ZCloseFindingInput.parse({ outcome: 'invalid', closureEvidence: 'Not needed after all.' }))).rejects.toThrow(Conflict);
    expect(await closeFinding(ro2, id!, ZCloseFindingInput.parse({ outcome: 'closed', closureEvidence: 'Back-test on file; condition met.' }))).toMatchObject({ status: 'closed', title: expect.stringContaining('Quarterly back-test filed as evidence.') });
    // No one raises the type by hand, whatever schema let it through.
    expect(ZRaiseFindingInput.safeParse({ type: 'approval_condition', severity: 'medium', title: 'x', description: 'y', subjectType: 'system', subjectId: 'z' }).success).toBe(false);
    await expect(raiseFinding(ro, { type: 'approval_condition' as 'limitation', severity: 'medium', title: 'x', description: 'y', subjectType: 'system', subjectId: systemId })).rejects.toThrow(Invalid);
  });

  it('takes conditions that show nothing, such as fillers and a blank braille pattern, as none', async () => {
    const version = await readyVersion();
    const request = await submit(version.id);
    await sign(ro, request, { conditions: '\u2800 \u3164\u115F\u1160' });
    expect(await sign(sr, request)).not.toHaveProperty('conditionFindings');
    expect((await getDb().select({ conditions: signatures.conditions }).from(signatures).where(eq(signatures.requestId, request.id))).map((row) => row.conditions)).toEqual(['', '']);
  });

  it('enforces separation of duties for everyone, admins included', async () => {
    const request = await submit((await readyVersion()).id);
    await expect(sign(ds, request)).rejects.toThrow(/own request/);
    await expect(sign(admin, request, { role: 'risk_officer' })).rejects.toThrow(Forbidden);
    await expect(sign({ ...ro, type: 'token', tokenId: 't', scopes: ['read', 'register'] }, request)).rejects.toThrow(/tokens never sign/);
    await sign(ro, request);
    await expect(sign(ro, request)).rejects.toThrow(/already signed/);
    await expect(sign(ro2, request)).rejects.toThrow(/already complete/);
    await expect(sign(sr, request, { decision: 'reject', comment: '' })).rejects.toThrow(/rejection needs a comment/);
  });

  it('refuses a wrong password (audited) and locks signing after five', async () => {
    const request = await submit((await readyVersion()).id);
    const failures = async () => firstRow(await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'promotion.sign_failed')).limit(1))!.n;
    const before = await failures();
    for (let i = 0; i < 5; i++) await expect(sign(ro2, request, { password: 'nope' })).rejects.toThrow(Invalid);
    expect(await failures()).toBe(before + 5);
    await expect(sign(ro2, request)).rejects.toThrow(/locked/);
  });

  it('refuses a stale snapshot, and signing a closed request', async () => {
    const version = await readyVersion();
    const request = await submit(version.id);
    await expect(sign(ro, request, { snapshotSha256: 'f'.repeat(64) })).rejects.toThrow(/Reload/);
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'privacy', environment: 'staging', artifactSha256: version.artifactSha256 }));
    await expect(sign(ro, request)).rejects.toThrow(/changed since submission/);
    await withdrawRequest(ds, request.id);
    await expect(sign(ro, request)).rejects.toThrow(/withdrawn/);
    const rejected = await submit((await readyVersion()).id);
    expect(await sign(sr, rejected, { decision: 'reject', comment: 'Red-team findings are not addressed.' })).toMatchObject({ requestStatus: 'rejected' });
    await expect(sign(ro, rejected)).rejects.toThrow(Conflict);
  });

  it('makes exactly one transition under twenty concurrent signatures for the last role', async () => {
    const request = await submit((await readyVersion()).id);
    await sign(sr, request);
    const officers = await Promise.all(Array.from({ length: 20 }, () => makeActor(['risk_officer'])));
    const results = await Promise.allSettled(officers.map((o) => sign(o, request)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof Conflict)).toBe(true);
    expect(await getDb().select().from(signatures).where(eq(signatures.requestId, request.id))).toHaveLength(2);
    expect(firstRow(await getDb().select().from(promotionRequests).where(eq(promotionRequests.id, request.id)).limit(1))!.status).toBe('approved');
  });
});
