import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '@/lib/cards/read-snapshot';
import { getDb } from '@/db';
import { awaitingSignature } from '@/lib/dashboard/awaiting-signature';
import { ownOpenRequests } from '@/lib/dashboard/own-open-requests';
import { actionItems } from '@/lib/inbox/action-items';
import { updateSystem } from '@/lib/inventory/update-system';
import { Conflict } from '@/lib/errors';
import { uploadArtifact } from '@/lib/artifacts/upload-artifact';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { verifyModelVersion } from '@/lib/integrity/verify-model-version';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { blobPath } from '@/lib/storage/blob-store/local-blob-store';
import { PASSWORD, newSystemWithModel, newVersion, oversightWorld, raise, type World } from '@/lib/reviews/oversight-fixtures';
import { requestPromotion } from './request-promotion';
import { cardChangesSince, changedSections, requestStaleness, staleRequestMessage } from './request-staleness';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';

let world: World;
beforeAll(async () => {
  world = await oversightWorld('minimal');
}, 60_000);

/** A version whose bytes were uploaded, with the evidence the tier asks, submitted for production. */
async function submittedWithStoredBytes() {
  const { model } = await newSystemWithModel(world);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(Buffer.from(`weights ${randomUUID()}`))]), 'model.safetensors');
  const { sha256 } = (await uploadArtifact(world.ds, new Request('http://localhost/api/v1/artifacts', { method: 'POST', body: form }))) as { sha256: string };
  const version = await createModelVersion(world.ds, { modelId: model.id, version: `stored-${randomUUID().slice(0, 8)}`, artifactSha256: sha256, format: 'other' });
  for (const kind of ['performance', 'robustness'] as const) {
    await recordEvaluation(world.ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind, environment: 'staging', artifactSha256: sha256, metrics: [{ name: 'auc', value: 0.9 }] }));
  }
  return { version, sha256, request: await requestPromotion(world.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' }) };
}

describe('a request whose record moved on after submission', () => {
  it('is stale once a high finding is raised: the page learns what changed and what the gate now says is unmet', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const request = await requestPromotion(world.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' });
    const submitted = (await readSnapshot(getDb(), request.snapshotSha256)).content;
    expect(await requestStaleness(request, submitted)).toBeNull();
    const onDashboard = async () => (await ownOpenRequests(world.ds)).find((r) => r.id === request.id);
    expect(await onDashboard()).toMatchObject({ changed: null });

    const finding = await raise(world.ro, { severity: 'high', subjectType: 'model_version', subjectId: version.id });
    const stale = await requestStaleness(request, submitted);
    expect(stale?.changed).toEqual(['the findings']);
    // The request's own openness is not news to its reader; the new finding is.
    expect(stale?.unmetNow.map((r) => r.id)).toEqual([`finding:${finding.id}`]);
    expect(await onDashboard()).toMatchObject({ changed: ['the findings'] });

    const signing = signRequest(world.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
    await expect(signing).rejects.toThrow(Conflict);
    await expect(signing).rejects.toThrow(
      'The record changed since submission (the findings), so it is no longer what this request asks you to sign. Reloading will not help: the requester must withdraw the request and submit it again.',
    );
  });

  it('names every changed section in reading order, and the card when none differs by section', async () => {
    const base = (await readSnapshot(getDb(), (await requestPromotion(world.ds, { modelVersionId: (await newVersion(world, (await newSystemWithModel(world)).model.id)).id, targetStage: 'production', justification: 'Evidence complete.' })).snapshotSha256)).content;
    const moved = { ...base, evaluations: [], narrative: { ...base.narrative, limitations: 'Now documented.' } };
    expect(changedSections(base, moved)).toEqual(['the limitations and ethical considerations', 'the evidence']);
    expect(changedSections(base, base)).toEqual([]);
    expect(changedSections(base, { ...base, schema: 'provenant.card/0' } as unknown as typeof base)).toEqual(['the card']);
    // A check of the stored bytes that matched is not a change to what the signers sign; one that failed is.
    const checked = (lastVerification: 'never' | 'matched' | 'mismatched') => ({ ...base, integrity: { ...base.integrity, lastVerification } });
    expect(base.integrity.lastVerification).toBe('never');
    expect(changedSections(base, checked('matched'), false)).toEqual([]);
    expect(changedSections(base, checked('mismatched'), false)).toEqual(['the integrity checks']);
    expect(changedSections(checked('mismatched'), checked('matched'), false)).toEqual(['the integrity checks']);
    // A match after a check that failed while the request was open, or without word of the checks since: a change.
    expect(changedSections(base, checked('matched'), true)).toEqual(['the integrity checks']);
    expect(changedSections(base, checked('matched'))).toEqual(['the integrity checks']);
    expect(staleRequestMessage(['the evidence', 'the integrity checks', 'the findings'])).toMatch(/^The record changed since submission \(the evidence, the integrity checks and the findings\)/);
  });

  it('stays signable, on every page and at signing, when a reviewer re-hashes the stored bytes and they match', async () => {
    const { version, request } = await submittedWithStoredBytes();
    const submitted = (await readSnapshot(getDb(), request.snapshotSha256)).content;
    expect((await verifyModelVersion(world.ro2, version.id)).ok).toBe(true);
    expect(await requestStaleness(request, submitted)).toBeNull();
    expect(await ownOpenRequests(world.ds)).toContainEqual(expect.objectContaining({ id: request.id, changed: null }));
    const signed = await signRequest(world.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }));
    expect(signed.signature.snapshotSha256).toBe(request.snapshotSha256);
  });

  it('stays stale when a check of the stored bytes failed while it was open, though a later check matched', async () => {
    const { version, sha256, request } = await submittedWithStoredBytes();
    // The bytes go missing while the request is open (an outage, a swap), then come back and match again.
    fs.renameSync(blobPath(sha256), `${blobPath(sha256)}.away`);
    expect((await verifyModelVersion(world.ro2, version.id)).ok).toBe(false);
    fs.renameSync(`${blobPath(sha256)}.away`, blobPath(sha256));
    expect((await verifyModelVersion(world.ds, version.id)).ok).toBe(true);
    expect(await cardChangesSince(getDb(), request)).toEqual(['the integrity checks']);
    expect(await ownOpenRequests(world.ds)).toContainEqual(expect.objectContaining({ id: request.id, changed: ['the integrity checks'] }));
    await expect(signRequest(world.ro, ZSignRequestInput.parse({ requestId: request.id, role: 'risk_officer', decision: 'approve', password: PASSWORD, snapshotSha256: request.snapshotSha256 }))).rejects.toThrow(/the integrity checks/);
  });

  it('says so in every queue when any part of the card changed, a description edit included, as the signing would refuse it', async () => {
    const { system, model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const request = await requestPromotion(world.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' });
    const queued = async () => ({ mine: (await ownOpenRequests(world.ds)).find((r) => r.id === request.id), theirs: (await awaitingSignature(world.ro)).items.find((r) => r.id === request.id) });
    expect(await queued()).toMatchObject({ mine: { changed: null }, theirs: { changed: null } });
    expect((await actionItems(world.ro)).items.map((i) => i.key)).toContain(`signature:${request.id}`);
    await updateSystem(world.ds, system.id, { limitations: 'Not validated for applicants under 21 either.' });
    expect(await queued()).toMatchObject({ mine: { changed: ['the limitations and ethical considerations'] }, theirs: { changed: ['the limitations and ethical considerations'] } });
    // Not work for the signer while it cannot be signed; the requester's to withdraw and renew.
    const signer = await actionItems(world.ro);
    expect(signer.items.map((i) => i.key)).not.toContain(`signature:${request.id}`);
    expect(signer.comingUp.find((i) => i.key === `signature:${request.id}`)?.detail).toBe(`The limitations and ethical considerations changed since submission; it waits on ${world.ds.name} to withdraw and renew it`);
    expect((await actionItems(world.ds)).items.find((i) => i.key === `request:${request.id}`)?.detail).toBe('The limitations and ethical considerations changed since you submitted it, so it can no longer be signed');
  });
});
