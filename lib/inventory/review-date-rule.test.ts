import { describe, expect, it } from 'vitest';
import { Forbidden } from '@/lib/errors';
import { makeActor, makeSystem } from '@/lib/testing';
import { updateSystem } from './update-system';

describe("a system's next review date", () => {
  it('may be brought forward by its owner, but postponed or cleared only by a risk officer', async () => {
    const [owner, riskOfficer] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
    const system = await makeSystem(owner, { riskTier: 'limited', nextReviewDate: '2026-09-01' });
    await expect(async () => await updateSystem(owner, system.id, { nextReviewDate: '2026-10-01' })).rejects.toThrow(Forbidden);
    await expect(async () => await updateSystem(owner, system.id, { nextReviewDate: null })).rejects.toThrow(Forbidden);
    expect((await updateSystem(owner, system.id, { nextReviewDate: '2026-08-01' })).nextReviewDate).toBe('2026-08-01');
    expect((await updateSystem(riskOfficer, system.id, { nextReviewDate: '2026-12-01' })).nextReviewDate).toBe('2026-12-01');
    const unscheduled = await makeSystem(owner, { riskTier: 'limited' });
    expect((await updateSystem(owner, unscheduled.id, { nextReviewDate: '2027-01-15' })).nextReviewDate).toBe('2027-01-15');
  });
});
