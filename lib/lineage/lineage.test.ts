import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first as firstRow, getDb, unguardedWriter } from '@/db';
import { auditEvents, findings, lineageEdges, modelVersions } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden, Invalid } from '@/lib/errors';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { sqlRun } from '@/lib/testing-sql';
import { lineageClosure, upstreamOfKind } from './closure';
import { describeNodes } from './describe-nodes';
import { lineageGraph } from './queries';
import { recordRun } from './record-run';
import { reportDeployment } from './report-deployment';
import { ZRecordRunInput } from './schemas';

const auditCount = async () => firstRow(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;
let ds: Actor;
let auditor: Actor;
let data: { id: string };
let base: { id: string; artifactSha256: string };
let output: { id: string; modelId: string; artifactSha256: string };

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  auditor = await makeActor(['auditor']);
  const system = await makeSystem(ds);
  const dataset = await createDataset(ds, { systemId: system.id, namespace: 's3://data', name: 'loans' });
  data = await createDatasetVersion(ds, dataset.id, { version: '2025-12', sha256: '1'.repeat(64) });
  const model = await createModel(ds, { systemId: system.id, name: 'scorer' });
  base = await createModelVersion(ds, { modelId: model.id, version: 'base', artifactSha256: '2'.repeat(64), format: 'safetensors', externalSource: 'hub/org/base', externalRevision: 'abc' });
  output = await createModelVersion(ds, { modelId: model.id, version: '1.0', artifactSha256: '3'.repeat(64), format: 'safetensors' });
});

const run = (extra: Record<string, unknown> = {}) =>
  ZRecordRunInput.parse({ externalRunId: 'run-1', jobNamespace: 'ml', jobName: 'train', inputDatasetVersionIds: [data.id], baseModelVersionIds: [base.id], ...extra });

describe('the integrity a lineage node claims', () => {
  it('calls a declared digest or commit recorded, and only bytes the server hashed verified', async () => {
    const { run: recorded } = await recordRun(ds, run({ externalRunId: 'run-integrity', codeCommit: 'feedface' }));
    const held = await createModelVersion(ds, { modelId: output.modelId, version: 'held', artifactSha256: '4'.repeat(64), format: 'safetensors' });
    await unguardedWriter().update(modelVersions).set({ scanStatus: 'clean' }).where(eq(modelVersions.id, held.id));
    const nodes = await describeNodes([`dataset_version:${data.id}`, `run:${recorded.id}`, `model_version:${output.id}`, `model_version:${held.id}`]);
    const claim = (key: string) => [nodes.get(key)?.integrity, nodes.get(key)?.integrityNote];
    expect(claim(`dataset_version:${data.id}`)).toEqual(['recorded', `sha256 ${'1'.repeat(12)}…`]);
    expect(claim(`run:${recorded.id}`)).toEqual(['recorded', 'commit feedface']);
    expect(claim(`model_version:${output.id}`)).toEqual(['recorded', 'Digest not checked']);
    expect(claim(`model_version:${held.id}`)).toEqual(['ok', 'Bytes hashed on upload and scanned clean']);
    // Re-hashed to its digest, a version whose format the scanner did not recognise is verified, and says so alike.
    const rehashed = await createModelVersion(ds, { modelId: output.modelId, version: 'rehashed', artifactSha256: '5'.repeat(64), format: 'other' });
    await unguardedWriter().update(modelVersions).set({ integrityOk: true }).where(eq(modelVersions.id, rehashed.id));
    expect((await describeNodes([`model_version:${rehashed.id}`])).get(`model_version:${rehashed.id}`)).toMatchObject({ integrity: 'ok', integrityNote: 'Bytes verified' });
  });
});

describe('recording a training run', () => {
  it('links inputs and outputs, and a retry changes nothing', async () => {
    const first = await recordRun(ds, run({ state: 'START' }));
    expect(first.created).toBe(true);
    const events = await auditCount();
    const edges = firstRow(await getDb().select({ n: count() }).from(lineageEdges).limit(1))!.n;
    expect(await recordRun(ds, run({ state: 'START' }))).toMatchObject({ created: false, run: { id: first.run.id } });
    expect(await auditCount()).toBe(events);
    expect(firstRow(await getDb().select({ n: count() }).from(lineageEdges).limit(1))!.n).toBe(edges);
  });

  it('merges a COMPLETE report of the same run id into the run, with its outputs', async () => {
    const { run: merged, created } = await recordRun(ds, run({ state: 'COMPLETE', outputModelVersionIds: [output.id], codeCommit: 'abc123' }));
    expect(created).toBe(false);
    expect(merged).toMatchObject({ state: 'COMPLETE', codeCommit: 'abc123' });
    const graph = await lineageGraph(ds, { node: `model_version:${output.id}`, depth: 3 });
    expect(graph.nodes.map((n) => n.key).sort()).toEqual([`dataset_version:${data.id}`, `model_version:${base.id}`, `model_version:${output.id}`, `run:${merged.id}`].sort());
    expect(graph.edges).toContainEqual({ from: `model_version:${base.id}`, to: `run:${merged.id}`, relation: 'base_model', statistics: null });
  });

  it('refuses unknown references with field issues, and auditors altogether', async () => {
    await expect(async () => await recordRun(ds, run({ externalRunId: 'run-2', outputModelVersionIds: ['nope'] }))).rejects.toThrow(Invalid);
    await expect(async () => await recordRun(auditor, run({ externalRunId: 'run-3' }))).rejects.toThrow(Forbidden);
  });
});

describe('the closure query', () => {
  it('is bounded by depth and terminates on cycles', async () => {
    for (let i = 0; i < 7; i++) await sqlRun(sql`INSERT INTO lineage_edges (from_node, to_node, relation, created_at) VALUES (${`run:c${i}`}, ${`run:c${(i + 1) % 7}`}, 'output', '')`);
    const keys = async (depth: number) => (await lineageClosure('run:c0', depth)).nodes.map((n) => n.key).sort();
    expect(await keys(10)).toEqual(['run:c0', 'run:c1', 'run:c2', 'run:c3', 'run:c4', 'run:c5', 'run:c6']);
    expect(await keys(2)).toEqual(['run:c0', 'run:c1', 'run:c2', 'run:c5', 'run:c6']);
    const closure = await lineageClosure('run:c0', 2);
    expect(closure.edges).toHaveLength(4);
    expect(closure.nodes.find((n) => n.key === 'run:c0')).toMatchObject({ depth: 0, direction: 'root' });
    // Around the whole cycle every node is both: it is placed on the nearer side, upstream on a tie (none here).
    const placed = (await lineageClosure('run:c0', 10)).nodes.map((n) => `${n.key} ${n.direction} ${n.depth}`);
    expect(placed).toEqual(['run:c0 root 0', 'run:c1 downstream 1', 'run:c6 upstream 1', 'run:c2 downstream 2', 'run:c5 upstream 2', 'run:c3 downstream 3', 'run:c4 upstream 3']);
  });

  it('finds every node of a kind upstream, within the depth, also one that is downstream too (a cycle), and no other', async () => {
    const edge = (from: string, to: string) => sqlRun(sql`INSERT INTO lineage_edges (from_node, to_node, relation, created_at) VALUES (${from}, ${to}, 'input', '')`);
    // d1 -> r1 -> m <- r2 <- d2 <- r3 <- d3; m -> r4 -> d4 -> r2 (so d4 is both downstream and upstream of m); m -> r5 -> d5.
    for (const [from, to] of [['d1', 'r1'], ['r1', 'm'], ['d2', 'r2'], ['r2', 'm'], ['d3', 'r3'], ['r3', 'd2'], ['m', 'r4'], ['r4', 'd4'], ['d4', 'r2'], ['m', 'r5'], ['r5', 'd5']]) {
      await edge(from!.startsWith('d') ? `dataset_version:u-${from}` : `run:u-${from}`, to!.startsWith('d') ? `dataset_version:u-${to}` : to === 'm' ? 'model_version:u-m' : `run:u-${to}`);
    }
    await sqlRun(sql`UPDATE lineage_edges SET from_node = 'model_version:u-m' WHERE from_node = 'run:u-m'`);
    const upstream = async (depth: number) => (await upstreamOfKind('model_version:u-m', depth, 'dataset_version')).sort();
    expect(await upstream(12)).toEqual(['dataset_version:u-d1', 'dataset_version:u-d2', 'dataset_version:u-d3', 'dataset_version:u-d4']);
    expect(await upstream(2)).toEqual(['dataset_version:u-d1', 'dataset_version:u-d2', 'dataset_version:u-d4']);
    // r4 is downstream of m and upstream of it through d4; r5 only downstream.
    expect((await upstreamOfKind('model_version:u-m', 12, 'run')).sort()).toEqual(['run:u-r1', 'run:u-r2', 'run:u-r3', 'run:u-r4']);
  });
});

describe('deployment reports', () => {
  it('match by digest, and an unchanged report changes nothing', async () => {
    const first = await reportDeployment(ds, { environment: 'production', endpoint: 'https://svc/a', reportedSha256: output.artifactSha256 });
    expect(first).toMatchObject({ created: true, deployment: { modelVersionId: output.id }, integrity: { kind: 'digest_match', ok: true } });
    const events = await auditCount();
    expect((await reportDeployment(ds, { environment: 'production', endpoint: 'https://svc/a', reportedSha256: output.artifactSha256 })).created).toBe(false);
    expect(await auditCount()).toBe(events);
  });

  it('flag a digest that differs from the named version, until a matching report resolves it', async () => {
    const endpoint = 'https://svc/b';
    const mismatch = await reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: '9'.repeat(64), modelVersionId: output.id });
    expect(mismatch.integrity).toMatchObject({ kind: 'digest_mismatch', ok: false, expectedSha256: output.artifactSha256 });
    expect((await openIntegrityFlags(ds, { modelVersionId: output.id })).map((f) => f.check.kind)).toEqual(['digest_mismatch']);
    await reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: output.artifactSha256, modelVersionId: output.id });
    expect(await openIntegrityFlags(ds, { modelVersionId: output.id })).toEqual([]);
  });

  it('raise a critical finding on the version when production runs other bytes, counted again on each repeat, high in staging', async () => {
    const endpoint = 'https://svc/tampered';
    const raised = await reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: '7'.repeat(64), modelVersionId: output.id });
    expect(raised.finding).toMatchObject({ severity: 'critical', outcome: 'created' });
    const finding = firstRow(await getDb().select().from(findings).where(eq(findings.id, raised.finding!.id)).limit(1))!;
    expect(finding).toMatchObject({ type: 'incident', source: 'integrity', subjectType: 'model_version', subjectId: output.id, status: 'open', occurrences: 1 });
    expect(finding.description).toContain('7'.repeat(64));
    expect(finding.description).toContain(output.artifactSha256);
    // The same service reporting other bytes again is the same incident, once more.
    const again = await reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: '6'.repeat(64), modelVersionId: output.id });
    expect(again.finding).toMatchObject({ id: finding.id, outcome: 'recurred' });
    // The registered bytes resolve the flag, never the finding: someone must say what happened.
    expect((await reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: output.artifactSha256, modelVersionId: output.id })).finding).toBeNull();
    expect(firstRow(await getDb().select({ status: findings.status, occurrences: findings.occurrences }).from(findings).where(eq(findings.id, finding.id)).limit(1))).toEqual({ status: 'open', occurrences: 2 });
    const staging = await reportDeployment(ds, { environment: 'staging', endpoint, reportedSha256: '5'.repeat(64), modelVersionId: output.id });
    expect(staging.finding).toMatchObject({ severity: 'high', outcome: 'created' });
    // Another version at the same endpoint, on other bytes too: its own finding, on that version.
    const other = await createModelVersion(ds, { modelId: output.modelId, version: `tampered-${Date.now()}`, artifactSha256: '4'.repeat(64), format: 'onnx' });
    const second = await reportDeployment(ds, { environment: 'production', endpoint, reportedSha256: 'e'.repeat(64), modelVersionId: other.id });
    expect(second.finding).toMatchObject({ outcome: 'created' });
    expect(firstRow(await getDb().select({ subjectId: findings.subjectId }).from(findings).where(eq(findings.id, second.finding!.id)).limit(1))).toEqual({ subjectId: other.id });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('flag a production digest that matches no registered version as an untracked model', async () => {
    const { deployment, integrity } = await reportDeployment(ds, { environment: 'production', endpoint: 'https://svc/c', reportedSha256: '8'.repeat(64) });
    expect(deployment.modelVersionId).toBeNull();
    expect(integrity).toMatchObject({ kind: 'untracked_model', ok: false });
    expect((await openIntegrityFlags(ds)).map((f) => f.check.subjectId)).toContain(deployment.id);
  });
});
