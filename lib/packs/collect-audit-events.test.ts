import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { aboutRecord } from '@/lib/audit/about-record';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { ZCreateDatasetInput, ZCreateDatasetVersionInput } from '@/lib/inventory/schemas';
import { recordRun } from '@/lib/lineage/record-run';
import { ZRecordRunInput } from '@/lib/lineage/schemas';
import { makeActor, makeSystem } from '@/lib/testing';
import { collectAuditEvents } from './collect-audit-events';

const ALL_TIME = { from: '2000-01-01T00:00:00.000Z', to: '2999-12-31T23:59:59.999Z' };
const scope = (about: string, ids: string[]) => ({ about, entityIds: new Set(ids) });

describe('the audit events of a pack', () => {
  it('are those of the records in scope, in chain order, chosen by the database; the whole inventory takes every one', async () => {
    const ds = await makeActor(['data_scientist']);
    const [kept, other] = [await makeSystem(ds, { name: 'In scope' }), await makeSystem(ds, { name: 'Out of scope' })];
    const scoped = await collectAuditEvents(ALL_TIME, scope(kept.id, ['no-such-record']));
    expect(scoped.map((e) => [e.entityId, e.action])).toEqual([[kept.id, 'system.created']]);
    const everything = await collectAuditEvents(ALL_TIME, null);
    expect(everything.map((e) => e.entityId)).toEqual(expect.arrayContaining([kept.id, other.id, ds.userId]));
    expect(everything.map((e) => e.seq)).toEqual([...everything.map((e) => e.seq)].sort((a, b) => a - b));
    expect(await collectAuditEvents({ from: '2000-01-01T00:00:00.000Z', to: '2000-12-31T23:59:59.999Z' }, scope(kept.id, []))).toEqual([]);
    expect(await collectAuditEvents(ALL_TIME, scope('no-such-system', []))).toEqual([]);
  });

  it('of a system are its history as the audit trail shows it, training runs and the datasets they read included, and what else the pack prints', async () => {
    const ds = await makeActor(['data_scientist']);
    const system = await makeSystem(ds, { name: 'Pack history' });
    const model = await createModel(ds, { systemId: system.id, name: 'history-scorer' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: 'a1'.repeat(32), format: 'onnx' });
    // One dataset of the system, one of no system: the run read both.
    const own = await createDataset(ds, ZCreateDatasetInput.parse({ namespace: 's3://history', name: 'applications', systemId: system.id }));
    const shared = await createDataset(ds, ZCreateDatasetInput.parse({ namespace: 's3://history', name: 'bureau' }));
    const [ownVersion, sharedVersion] = [
      await createDatasetVersion(ds, own.id, ZCreateDatasetVersionInput.parse({ version: '2026-11', sha256: 'b1'.repeat(32) })),
      await createDatasetVersion(ds, shared.id, ZCreateDatasetVersionInput.parse({ version: '2026-11', sha256: 'b2'.repeat(32) })),
    ];
    const { run } = await recordRun(ds, ZRecordRunInput.parse({ externalRunId: `history-${version.id}`, jobNamespace: 'airflow', jobName: 'train', inputDatasetVersionIds: [ownVersion.id, sharedVersion.id], outputModelVersionIds: [version.id] }));
    const history = await getDb().select().from(auditEvents).where(aboutRecord(system.id)).orderBy(asc(auditEvents.seq));
    const entities = history.map((e) => `${e.action} ${e.entityId}`);
    for (const expected of [`system.created ${system.id}`, `model_version.created ${version.id}`, `dataset.created ${own.id}`, `dataset_version.created ${ownVersion.id}`, `dataset_version.created ${sharedVersion.id}`, `run.recorded ${run.id}`]) {
      expect(entities).toContain(expected);
    }
    // Not the registration of a dataset that belongs to no system: only the version the run read is part of this history.
    expect(entities).not.toContain(`dataset.created ${shared.id}`);
    const packed = await collectAuditEvents(ALL_TIME, scope(system.id, [shared.id]));
    expect(packed.map((e) => e.seq)).toEqual([...new Set([...history.map((e) => e.seq), ...packed.filter((e) => e.entityId === shared.id).map((e) => e.seq)])].sort((a, b) => a - b));
    // A version's history is part of its system's.
    const ofVersion = await getDb().select().from(auditEvents).where(aboutRecord(version.id));
    expect(ofVersion.map((e) => `${e.action} ${e.entityId}`)).toEqual(expect.arrayContaining([`run.recorded ${run.id}`, `dataset_version.created ${sharedVersion.id}`]));
    expect(ofVersion.every((e) => history.some((h) => h.seq === e.seq))).toBe(true);
  });
});
