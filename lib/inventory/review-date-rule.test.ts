import { describe, expect, it } from 'vitest';
import { Forbidden, Invalid } from '@/lib/errors';
import { isoDateMonthsAfter } from '@/lib/findings/deadlines';
import { parseInput } from '@/lib/http/to-domain-error';
import { makeActor, makeSystem } from '@/lib/testing';
import { createSystem } from './create-system';
import { ZCreateSystemInput } from './schemas';
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

  it('is first set by its owner at most one review cadence ahead, and never outside 2000-2099', async () => {
    const [owner, riskOfficer] = await Promise.all([makeActor(['data_scientist']), makeActor(['risk_officer'])]);
    const latest = isoDateMonthsAfter(new Date(), 12);
    const dayAfter = new Date(Date.parse(`${latest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const body = (nextReviewDate: string) => ({ name: `Review date ${nextReviewDate} ${Math.random()}`, purpose: 'Scores loans.', riskTier: 'high', nextReviewDate });
    for (const far of ['9999-12-31', '0000-01-01', '1999-12-31', '2100-01-01']) {
      const refused = (() => { try { parseInput(ZCreateSystemInput, body(far)); } catch (error) { return error as Invalid; } })();
      expect(refused?.issues, far).toEqual([{ path: 'nextReviewDate', message: expect.stringMatching(far.startsWith('0000') ? /./ : /between 2000-01-01 and 2099-12-31/) }]);
    }
    await expect(createSystem(owner, parseInput(ZCreateSystemInput, body('2090-01-01')))).rejects.toThrow(Invalid);
    await expect(createSystem(owner, parseInput(ZCreateSystemInput, body(dayAfter)))).rejects.toThrow(`on or before ${latest}`);
    expect((await createSystem(owner, parseInput(ZCreateSystemInput, body(latest)))).nextReviewDate).toBe(latest);
    expect((await createSystem(riskOfficer, parseInput(ZCreateSystemInput, body('2090-01-01')))).nextReviewDate).toBe('2090-01-01');
    const unscheduled = await makeSystem(owner, { riskTier: 'high' });
    await expect(async () => await updateSystem(owner, unscheduled.id, { nextReviewDate: '2090-01-01' })).rejects.toThrow(Invalid);
    expect((await updateSystem(riskOfficer, unscheduled.id, { nextReviewDate: '2090-01-01' })).nextReviewDate).toBe('2090-01-01');
  });
});
