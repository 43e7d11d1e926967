import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, unguardedWriter } from '@/db';
import { findings, findingWaivers } from '@/db/schema';
import { Forbidden } from '@/lib/errors';
import { statementsDuring } from '@/lib/testing-statements';
import { PASSWORD, newDatasetVersion, newSystemWithModel, newVersion, oversightWorld, promote, raise, trainedOn, type World } from '@/lib/reviews/oversight-fixtures';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { gateForVersion, gatesForVersion, gatesForVersions } from './gate-context';
import { requestPromotion } from './request-promotion';
import { rollbackProposal } from './rollback-proposal';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';
import { ZUpdatePolicyInput } from './policy-schemas';
import { currentPolicy } from './policy-queries';
import { updatePolicy } from './update-policy';

let world: World;
beforeAll(async () => {
  world = await oversightWorld('minimal');
});

const gate = async (versionId: string) => (await gateForVersion(getDb(), versionId, 'production')).gate;
const setStatus = async (id: string, status: 'closed' | 'accepted') => await unguardedWriter().update(findings).set({ status }).where(eq(findings.id, id));
const waive = async (findingId: string, expiresAt: string) =>
  await unguardedWriter().insert(findingWaivers).values({ findingId, justification: 'Low volume.', compensatingControls: 'Manual review.', expiresAt, signerId: world.ro.userId, printedName: world.ro.name, role: 'risk_officer', meaning: 'I accept the risk', signedAt: new Date().toISOString() });

describe('the gate reads findings', () => {
  it('fails on a high finding on the version, naming it, and passes once it is closed', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    expect((await gate(version.id)).passed).toBe(true);
    const finding = await raise(world.ro, { severity: 'high', subjectType: 'model_version', subjectId: version.id });
    const blocked = await gate(version.id);
    expect(blocked.passed).toBe(false);
    expect(blocked.requirements.find((r) => r.id === `finding:${finding.id}`)).toMatchObject({ met: false, findingId: finding.id, label: `F-${finding.number} Drift on amount (high), due ${finding.dueDate}` });
    await expect(async () => await requestPromotion(world.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' })).rejects.toThrow(new RegExp(`F-${finding.number} Drift on amount \\(high\\)`));
    await setStatus(finding.id, 'closed');
    expect((await gate(version.id)).passed).toBe(true);
  });

  it('fails on a high finding on a dataset version upstream of the version, and ignores a medium one', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const { version: data } = await newDatasetVersion(world);
    await trainedOn(world, version.id, data.id);
    await raise(world.ro, { severity: 'medium', subjectType: 'dataset_version', subjectId: data.id });
    expect((await gate(version.id)).passed).toBe(true);
    const finding = await raise(world.ro, { severity: 'high', subjectType: 'dataset_version', subjectId: data.id, title: 'Label leakage' });
    const failed = (await gate(version.id)).requirements.filter((r) => !r.met);
    expect(failed).toEqual([expect.objectContaining({ id: `finding:${finding.id}`, detail: expect.stringMatching(/^Open on upstream dataset version test\/ds-.*: close it/) })]);
    await setStatus(finding.id, 'closed');
    expect((await gate(version.id)).passed).toBe(true);
  });

  it('names an upstream dataset version once however many of its findings the gate lists', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const { version: data } = await newDatasetVersion(world);
    await trainedOn(world, version.id, data.id);
    for (const title of ['Leak one', 'Leak two', 'Leak three']) await raise(world.ro, { severity: 'high', subjectType: 'dataset_version', subjectId: data.id, title });
    let failed: Awaited<ReturnType<typeof gate>>['requirements'] = [];
    const nameReads = await statementsDuring(/from "dataset_versions" inner join "datasets"/i, async () => (failed = (await gate(version.id)).requirements.filter((r) => !r.met)));
    expect(failed).toHaveLength(3);
    for (const requirement of failed) expect(requirement.detail).toMatch(/^Open on upstream dataset version test\/ds-/);
    expect(nameReads).toBe(1);
  });

  it('fails on an accepted finding whose waiver expired before the sweep ran; warns under a live waiver', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const expired = await raise(world.ro, { severity: 'high', subjectType: 'model_version', subjectId: version.id, title: 'Expired' });
    await setStatus(expired.id, 'accepted');
    await waive(expired.id, new Date(Date.now() - 60_000).toISOString());
    expect((await gate(version.id)).requirements.find((r) => r.id === `finding:${expired.id}`)).toMatchObject({ met: false, detail: expect.stringMatching(/waiver expired/) });
    await setStatus(expired.id, 'closed');
    const waived = await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: version.id, title: 'Waived' });
    await setStatus(waived.id, 'accepted');
    await waive(waived.id, '2099-01-31T00:00:00.000Z');
    const result = await gate(version.id);
    expect(result.passed).toBe(true);
    expect(result.requirements.find((r) => r.id === `finding:${waived.id}`)).toMatchObject({ met: true, warning: true, detail: `Accepted as a risk on this version: waiver signed by ${world.ro.name}, expires 2099-01-31.` });
  });
});

describe('expedited rollback proposal', () => {
  it('proposes rolling a production version with a critical finding back to the last approved version, prefilled and signed as the policy says', async () => {
    const { model } = await newSystemWithModel(world);
    const first = await newVersion(world, model.id);
    const second = await newVersion(world, model.id);
    await promote(world, first.id);
    expect(await rollbackProposal(world.ds, first.id)).toBeNull();
    await promote(world, second.id);
    await raise(world.ro, { severity: 'high', subjectType: 'model_version', subjectId: second.id });
    expect(await rollbackProposal(world.ds, second.id)).toBeNull();
    const critical = await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: second.id, title: 'Prompt injection bypass' });
    expect(await rollbackProposal(world.ds, first.id)).toBeNull();
    const proposal = (await rollbackProposal(world.ds, second.id))!;
    expect(proposal).toMatchObject({ refusal: null, target: { id: first.id, version: first.version }, findings: [{ id: critical.id, ref: `F-${critical.number}` }] });
    expect(proposal.justification).toContain(`F-${critical.number} Prompt injection bypass`);
    const request = await requestPromotion(world.ds, { modelVersionId: first.id, targetStage: 'production', rollback: true, justification: proposal.justification });
    expect(request).toMatchObject({ expeditedRollback: true, status: 'open' });
    expect((await rollbackProposal(world.ds, second.id))!.refusal).toMatch(/already open/);
    await expect(signRequest(world.ds, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }))).rejects.toThrow(Forbidden);
    const signed = await signRequest(world.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
    expect(signed).toMatchObject({ requestStatus: 'approved', stageChange: { to: 'production', archived: [second.id] } });
  });

  it('says why where the policy does not allow a rollback, and when there is nothing to roll back to', async () => {
    const { model } = await newSystemWithModel(world);
    const only = await newVersion(world, model.id);
    await promote(world, only.id);
    await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: only.id });
    expect(await rollbackProposal(world.ds, only.id)).toMatchObject({ target: null, refusal: expect.stringMatching(/nothing to roll back to/) });
    const next = await newVersion(world, model.id);
    const rules = (await currentPolicy(getDb(), 'minimal', 'production'))!.rules;
    await updatePolicy(world.admin, ZUpdatePolicyInput.parse({ riskTier: 'minimal', targetStage: 'production', reason: 'Changed by a test.', rules: { ...rules, allowExpeditedRollback: false } }));
    try {
      await promote(world, next.id);
      await raise(world.ro, { severity: 'critical', subjectType: 'model_version', subjectId: next.id });
      expect(await rollbackProposal(world.ds, next.id)).toMatchObject({ target: { id: only.id }, refusal: expect.stringMatching(/does not allow a rollback/) });
    } finally {
      await updatePolicy(world.admin, ZUpdatePolicyInput.parse({ riskTier: 'minimal', targetStage: 'production', reason: 'Changed by a test.', rules }));
    }
  });
});

describe('several versions judged together', () => {
  it('get each the gates it gets alone, in one statement per kind of record whatever their number', async () => {
    const { model } = await newSystemWithModel(world);
    const [flagged, upstream, clean, requested] = [await newVersion(world, model.id), await newVersion(world, model.id), await newVersion(world, model.id), await newVersion(world, model.id)];
    const own = await raise(world.ro, { severity: 'high', subjectType: 'model_version', subjectId: flagged.id });
    const { version: data } = await newDatasetVersion(world);
    await trainedOn(world, upstream.id, data.id);
    const inherited = await raise(world.ro, { severity: 'critical', subjectType: 'dataset_version', subjectId: data.id });
    await reportDeployment(world.ds, { environment: 'production', endpoint: `https://svc/${clean.id}`, reportedSha256: '9'.repeat(64), modelVersionId: clean.id });
    await requestPromotion(world.ds, { modelVersionId: requested.id, targetStage: 'production', justification: 'Evidence complete.' });
    const bare = await createModelVersion(world.ds, { modelId: model.id, version: `v-bare-${Date.now()}`, artifactSha256: 'b'.repeat(64), format: 'safetensors' });
    const versions = [flagged, upstream, clean, requested, bare];
    const now = new Date();
    const asks = versions.map((v) => ({ versionId: v.id, targets: ['staging', 'production'] as const }));
    const together = await gatesForVersions(getDb(), asks, { now });
    const alone = [];
    for (const ask of asks) alone.push(await gatesForVersion(getDb(), ask.versionId, ask.targets, { now }));
    expect(together.map((gates) => gates.map((g) => g.gate))).toEqual(alone.map((gates) => gates.map((g) => g.gate)));
    // Each version carries its own problems and nobody else's.
    const unmet = (i: number) => together[i]![1]!.gate.requirements.filter((r) => !r.met).map((r) => r.id);
    expect(unmet(0)).toEqual([`finding:${own.id}`]);
    expect(unmet(1)).toEqual([`finding:${inherited.id}`]);
    // Other bytes in production: the flag, and the incident finding it raised.
    expect(unmet(2)).toEqual(['integrity', expect.stringMatching(/^finding:/)]);
    expect(unmet(3)).toEqual(['open-request']);
    expect(unmet(4)).toEqual(expect.arrayContaining(['evidence:performance']));
    expect(unmet(4)).not.toContain('open-request');
    for (const table of ['promotion_requests', 'promotion_policies', 'integrity_checks', 'blobs', 'evaluations e', 'lineage_edges e']) {
      expect(await statementsDuring(new RegExp(`from "?${table}"?`, 'i'), () => gatesForVersions(getDb(), asks, { now })), table).toBe(1);
    }
  });
});
