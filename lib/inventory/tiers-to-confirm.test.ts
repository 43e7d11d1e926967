import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';
import { tiersToConfirm } from './tiers-to-confirm';
import { transferSystem } from './transfer-system';

let dana: Actor;
/** A data scientist who is also a risk officer: owns systems for a while, and confirms the tiers of others. */
let mia: Actor;
beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  [dana, mia] = await Promise.all([makeActor(['data_scientist'], 'dana'), makeActor(['data_scientist', 'risk_officer'], 'mia')]);
});

describe('the tiers a risk officer is offered to confirm', () => {
  it('are found behind any number of older ones they may not confirm, because they owned them since the last assessment', async () => {
    // Seven older tiers Mia owned for a while: the verb refuses her those, so her inbox does not offer them.
    for (let i = 0; i < 7; i += 1) {
      const system = await makeSystem(dana, { name: `Formerly Mia's ${i}`, riskTier: 'minimal', confirmTier: false });
      await transferSystem(dana, system.id, { ownerId: mia.userId, fromOwnerId: dana.userId, reason: 'Mia’s team runs it for a while.' });
      await transferSystem(mia, system.id, { ownerId: dana.userId, fromOwnerId: mia.userId, reason: 'Back to Dana’s team.' });
    }
    const first = await makeSystem(dana, { name: 'Never Mia’s', riskTier: 'limited', confirmTier: false });
    const second = await makeSystem(dana, { name: 'Never Mia’s either', riskTier: 'minimal', confirmTier: false });
    const all = (await tiersToConfirm(mia, 500)).toConfirm.map((s) => s.id);
    expect(new Set(all)).toEqual(new Set([first.id, second.id]));
    // Oldest first, and "more" only when there are more she may confirm.
    expect(await tiersToConfirm(mia, 1)).toMatchObject({ toConfirm: [{ id: all[0] }], more: true });
    expect(await tiersToConfirm(mia, 2)).toMatchObject({ toConfirm: [{ id: all[0] }, { id: all[1] }], more: false });
  });
});
