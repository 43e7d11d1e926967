import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getConnection, getDb } from '@/db';
import { auditEvents, lineageEdges } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden, Invalid } from '@/lib/errors';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { lineageClosure } from './closure';
import { lineageGraph } from './queries';
import { recordRun } from './record-run';
import { reportDeployment } from './report-deployment';
import { ZRecordRunInput } from './schemas';

const auditCount = () => getDb().select({ n: count() }).from(auditEvents).get()!.n;
let ds: Actor;
let auditor: Actor;
let data: { id: string };
let base: { id: string; artifactSha256: string };
let output: { id: string; artifactSha256: string };

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  auditor = await makeActor(['auditor']);
  const system = makeSystem(ds);
  const dataset = createDataset(ds, { systemId: system.id, namespace: 's3://data', name: 'loans' });
  data = createDatasetVersion(ds, dataset.id, { version: '2025-12', sha256: '1'.repeat(64) });
  const model = createModel(ds, { systemId: system.id, name: 'scorer' });
  base = createModelVersion(ds, { modelId: model.id, version: 'base', artifactSha256: '2'.repeat(64), format: 'safetensors', externalSource: 'hub/org/base', externalRevision: 'abc' });
  output = createModelVersion(ds, { modelId: model.id, version: '1.0', artifactSha256: '3'.repeat(64), format: 'safetensors' });
});

const run = (extra: Record<string, unknown> = {}) =>
  ZRecordRunInput.parse({ externalRunId: 'run-1', jobNamespace: 'ml', jobName: 'train', inputDatasetVersionIds: [data.id], baseModelVersionIds: [base.id], ...extra });

describe('recording a training run', () => {
  it('links inputs and outputs, and a retry changes nothing', () => {
    const first = recordRun(ds, run({ state: 'START' }));
    expect(first.created).toBe(true);
    const events = auditCount();
    const edges = getDb().select({ n: count() }).from(lineageEdges).get()!.n;
    expect(recordRun(ds, run({ state: 'START' }))).toMatchObject({ created: false, run: { id: first.run.id } });
    expect(auditCount()).toBe(events);
    expect(getDb().select({ n: count() }).from(lineageEdges).get()!.n).toBe(edges);
  });

  it('merges a COMPLETE report of the same run id into the run, with its outputs', () => {
    const { run: merged, created } = recordRun(ds, run({ state: 'COMPLETE', outputModelVersionIds: [output.id], codeCommit: 'abc123' }));
    expect(created).toBe(false);
    expect(merged).toMatchObject({ state: 'COMPLETE', codeCommit: 'abc123' });
    const graph = lineageGraph(ds, { node: `model_version:${output.id}`, depth: 3 });
    expect(graph.nodes.map((n) => n.key).sort()).toEqual([`dataset_version:${data.id}`, `model_version:${base.id}`, `model_version:${output.id}`, `run:${merged.id}`].sort());
    expect(graph.edges).toContainEqual({ from: `model_version:${base.id}`, to: `run:${merged.id}`, relation: 'base_model', statistics: null });
  });

  it('refuses unknown references with field issues, and auditors altogether', () => {
    expect(() => recordRun(ds, run({ externalRunId: 'run-2', outputModelVersionIds: ['nope'] }))).toThrow(Invalid);
    expect(() => recordRun(auditor, run({ externalRunId: 'run-3' }))).toThrow(Forbidden);
  });
});

describe('the closure query', () => {
  it('is bounded by depth and terminates on cycles', () => {
    const { sqlite } = getConnection();
    const insert = sqlite.prepare("INSERT INTO lineage_edges (from_node, to_node, relation, created_at) VALUES (?, ?, 'output', '')");
    for (let i = 0; i < 7; i++) insert.run(`run:c${i}`, `run:c${(i + 1) % 7}`);
    const keys = (depth: number) => lineageClosure(sqlite, 'run:c0', depth).nodes.map((n) => n.key).sort();
    expect(keys(10)).toEqual(['run:c0', 'run:c1', 'run:c2', 'run:c3', 'run:c4', 'run:c5', 'run:c6']);
    expect(keys(2)).toEqual(['run:c0', 'run:c1', 'run:c2', 'run:c5', 'run:c6']);
    const closure = lineageClosure(sqlite, 'run:c0', 2);
    expect(closure.edges).toHaveLength(4);
    expect(closure.nodes.find((n) => n.key === 'run:c0')).toMatchObject({ depth: 0, direction: 'root' });
  });
});

describe('deployment reports', () => {
  it('match by digest, and an unchanged report changes nothing', () => {
    const first = reportDeployment(ds, { environment: 'production', endpoint: 'https://svc/a', reportedSha256: output.artifactSha256 });
    expect(first).toMatchObject({ created: true, deployment: { modelVersionId: output.id }, integrity: { kind: 'digest_match', ok: true } });
    const events = auditCount();
    expect(reportDeployment(ds, { environment: 'production', endpoint: 'https://svc/a', reportedSha256: output.artifactSha256 }).created).toBe(false);
    expect(auditCount()).toBe(events);
  });

  it('flag a digest that differs from the named version, until a matching report resolves it', () => {
    const endpoint = 'https://svc/b';
    const mismatch = reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: '9'.repeat(64), modelVersionId: output.id });
    expect(mismatch.integrity).toMatchObject({ kind: 'digest_mismatch', ok: false, expectedSha256: output.artifactSha256 });
    expect(openIntegrityFlags(ds, { modelVersionId: output.id }).map((f) => f.check.kind)).toEqual(['digest_mismatch']);
    reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: output.artifactSha256, modelVersionId: output.id });
    expect(openIntegrityFlags(ds, { modelVersionId: output.id })).toEqual([]);
  });

  it('flag a production digest that matches no registered version as an untracked model', () => {
    const { deployment, integrity } = reportDeployment(ds, { environment: 'production', endpoint: 'https://svc/c', reportedSha256: '8'.repeat(64) });
    expect(deployment.modelVersionId).toBeNull();
    expect(integrity).toMatchObject({ kind: 'untracked_model', ok: false });
    expect(openIntegrityFlags(ds).map((f) => f.check.subjectId)).toContain(deployment.id);
  });
});
