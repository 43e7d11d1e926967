import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeActor, makeSystem } from '@/lib/testing';
import { resolveEntityNames } from './entity-names';

describe('resolveEntityNames', () => {
  it('names any number of entities: an evidence pack over a busy year asks for more than one statement may bind', async () => {
    const system = await makeSystem(await makeActor(['data_scientist']), { name: 'Named among many' });
    // 20,000 refs are 40,000 bound values: over SQLite's 32,766 in one statement.
    const refs = [...Array.from({ length: 19_999 }, () => ({ type: 'model_version', id: randomUUID() })), { type: 'ai_system', id: system.id }];
    const names = await resolveEntityNames(refs);
    expect(names.get(`ai_system:${system.id}`)).toMatchObject({ label: 'Named among many' });
    expect(names.size).toBe(1);
  });

  it('names a proposed change to a policy by its tier and stage, as no policy row exists for it yet', async () => {
    const names = await resolveEntityNames([{ type: 'promotion_policy', id: 'high/production' }, { type: 'promotion_policy', id: randomUUID() }]);
    expect(names.get('promotion_policy:high/production')).toEqual({ label: 'high → production', href: '/admin/policies', detail: null });
    expect(names.size).toBe(1);
  });
});
