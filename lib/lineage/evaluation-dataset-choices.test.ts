import { describe, expect, it } from 'vitest';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { evaluationDatasetChoices } from './queries';

describe('the evaluation datasets offered for a version', () => {
  it("are its system's dataset versions first, then other systems' named by their system", async () => {
    const ds = await makeActor(['data_scientist']);
    const [credit, fraud] = await Promise.all([makeSystem(ds, { name: 'Credit scoring' }), makeSystem(ds, { name: 'Card fraud' })]);
    const own = await createDatasetVersion(ds, (await createDataset(ds, { systemId: credit.id, namespace: 's3://risk', name: 'holdout' })).id, { version: '2025-12' });
    // Registered later, so newer: still listed after the system's own.
    const other = await createDatasetVersion(ds, (await createDataset(ds, { systemId: fraud.id, namespace: 's3://fraud', name: 'transactions' })).id, { version: 'v7' });
    const unowned = await createDatasetVersion(ds, (await createDataset(ds, { namespace: 'postgres://warehouse', name: 'public.bureau' })).id, { version: 'v1' });
    expect(await evaluationDatasetChoices(ds, credit)).toEqual([
      { value: own.id, label: 's3://risk/holdout @ 2025-12', group: "Credit scoring's datasets" },
      { value: unowned.id, label: 'postgres://warehouse/public.bureau @ v1', group: 'Other datasets' },
      { value: other.id, label: 's3://fraud/transactions @ v7 (Card fraud)', group: 'Other datasets' },
    ]);
  });
});
