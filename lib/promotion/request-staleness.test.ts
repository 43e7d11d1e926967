import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '@/lib/cards/read-snapshot';
import { getDb } from '@/db';
import { ownOpenRequests } from '@/lib/dashboard/own-open-requests';
import { Conflict } from '@/lib/errors';
import { PASSWORD, newSystemWithModel, newVersion, oversightWorld, raise, type World } from '@/lib/reviews/oversight-fixtures';
import { requestPromotion } from './request-promotion';
import { changedSections, requestStaleness, staleRequestMessage } from './request-staleness';
import { ZSignRequestInput } from './schemas';
import { signRequest } from './sign-request';

let world: World;
beforeAll(async () => {
  world = await oversightWorld('minimal');
}, 60_000);

describe('a request whose record moved on after submission', () => {
  it('is stale once a high finding is raised: the page learns what changed and what the gate now says is unmet', async () => {
    const { model } = await newSystemWithModel(world);
    const version = await newVersion(world, model.id);
    const request = await requestPromotion(world.ds, { modelVersionId: version.id, targetStage: 'production', justification: 'Evidence complete.' });
    const submitted = (await readSnapshot(getDb(), request.snapshotSha256)).content;
    expect(await requestStaleness(request, submitted)).toBeNull();
    const onDashboard = async () => (await ownOpenRequests(world.ds)).find((r) => r.id === request.id);
    expect(await onDashboard()).toMatchObject({ unsignable: false });

    const finding = await raise(world.ro, { severity: 'high', subjectType: 'model_version', subjectId: version.id });
    const stale = await requestStaleness(request, submitted);
    expect(stale?.changed).toEqual(['the findings']);
    // The request's own openness is not news to its reader; the new finding is.
    expect(stale?.unmetNow.map((r) => r.id)).toEqual([`finding:${finding.id}`]);
    expect(await onDashboard()).toMatchObject({ unsignable: true });

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
    expect(changedSections(base, base)).toEqual(['the card']);
    expect(staleRequestMessage(['the evidence', 'the integrity checks', 'the findings'])).toMatch(/^The record changed since submission \(the evidence, the integrity checks and the findings\)/);
  });
});
