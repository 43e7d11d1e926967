import { describe, expect, it } from 'vitest';
import { makeActor, makeSystem } from '@/lib/testing';
import { collectAuditEvents } from './collect-audit-events';

const ALL_TIME = { from: '2000-01-01T00:00:00.000Z', to: '2999-12-31T23:59:59.999Z' };

describe('the audit events of a pack', () => {
  it('are those of the records in scope, in chain order, chosen by the database; the whole inventory takes every one', async () => {
    const ds = await makeActor(['data_scientist']);
    const [kept, other] = [await makeSystem(ds, { name: 'In scope' }), await makeSystem(ds, { name: 'Out of scope' })];
    const scoped = await collectAuditEvents(ALL_TIME, new Set([kept.id, 'no-such-record']));
    expect(scoped.map((e) => [e.entityId, e.action])).toEqual([[kept.id, 'system.created']]);
    const everything = await collectAuditEvents(ALL_TIME, null);
    expect(everything.map((e) => e.entityId)).toEqual(expect.arrayContaining([kept.id, other.id, ds.userId]));
    expect(everything.map((e) => e.seq)).toEqual([...everything.map((e) => e.seq)].sort((a, b) => a - b));
    expect(await collectAuditEvents({ from: '2000-01-01T00:00:00.000Z', to: '2000-12-31T23:59:59.999Z' }, new Set([kept.id]))).toEqual([]);
    expect(await collectAuditEvents(ALL_TIME, new Set())).toEqual([]);
  });
});
