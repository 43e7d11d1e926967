import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq, isNull } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as deploymentsRoute from '@/app/api/v1/deployments/route';
import * as lineageRoute from '@/app/api/v1/lineage/route';
import * as runsRoute from '@/app/api/v1/runs/route';
import { getDb, first as firstRow } from '@/db';
import { auditEvents, datasets, deployments, integrityChecks, lineageEdges, trainingRuns } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden, Invalid } from '@/lib/errors';
import { openIntegrityFlags } from '@/lib/integrity/queries';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { retireSystem } from '@/lib/inventory/retire-system';
import { makeActor, makeSystem } from '@/lib/testing';
import { LINEAGE_LIMITS } from './bounds';
import { recordRun } from './record-run';
import { reportDeployment } from './report-deployment';
import { ZRecordRunInput } from './schemas';

// Official OpenLineage example event (shared/fixtures, from the OpenLineage repository's spec tests).
const SIMPLE = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'openlineage', 'events', 'event_simple.json'), 'utf8'));
const ctx = { params: Promise.resolve({}) };
const rows = async (table: typeof auditEvents | typeof trainingRuns | typeof lineageEdges | typeof deployments | typeof integrityChecks | typeof datasets) => firstRow(await getDb().select({ n: count() }).from(table).limit(1))!.n;
const counts = async () => ({ audit: await rows(auditEvents), runs: await rows(trainingRuns), edges: await rows(lineageEdges), deployments: await rows(deployments), checks: await rows(integrityChecks), datasets: await rows(datasets) });
const request = (url: string, body: unknown, secret: string) =>
  new NextRequest(`http://localhost${url}`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
const provenantModel = (sha256: string, extra: Record<string, unknown> = {}) => ({ _producer: 'ci', _schemaURL: 'https://provenant.dev/facets/provenantModel.json', sha256, ...extra });
const runId = (n: number) => `0190b0a1-0000-7000-8000-${String(n).padStart(12, '0')}`;
const datasetsOf = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ namespace: 'postgres://db:5432', name: `${prefix}.table_${i}` }));

let alice: Actor;
let bob: Actor;
let aliceModel: { id: string };
let aliceVersion: { id: string; artifactSha256: string };
let aliceData: { id: string };
let bobToken: string;
let bobDeployToken: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeActor(['data_scientist'], 'alice'), makeActor(['data_scientist'], 'bob')]);
  const system = await makeSystem(alice);
  aliceModel = await createModel(alice, { systemId: system.id, name: 'scorer' });
  aliceVersion = await createModelVersion(alice, { modelId: aliceModel.id, version: '1.0', artifactSha256: 'a1'.repeat(32), format: 'safetensors' });
  aliceData = await createDatasetVersion(alice, (await createDataset(alice, { systemId: system.id, namespace: 's3://alice', name: 'loans' })).id, { version: 'v1' });
  bobToken = (await createApiToken(bob, bob.userId, { name: 'airflow', scopes: ['lineage:write', 'register'] })).secret;
  bobDeployToken = (await createApiToken(bob, bob.userId, { name: 'k8s', scopes: ['deploy:report'] })).secret;
});

const run = (extra: Record<string, unknown>) => ZRecordRunInput.parse({ jobNamespace: 'ml', jobName: 'train', ...extra });

describe('training runs write only to model versions their reporter owns', () => {
  it('refuses another owner\'s version as an output (403, nothing written), but lets anyone read it as an input', async () => {
    const before = await counts();
    await expect(async () => await recordRun(bob, run({ externalRunId: 'bob-1', outputModelVersionIds: [aliceVersion.id] }))).rejects.toThrow(Forbidden);
    const response = await runsRoute.POST(request('/api/v1/runs', { externalRunId: 'bob-1', jobNamespace: 'ml', jobName: 'train', outputModelVersionIds: [aliceVersion.id] }, bobToken), ctx);
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/only their owners may change: scorer @ 1.0/);
    expect(await counts()).toEqual(before);
    const reading = await recordRun(bob, run({ externalRunId: 'bob-2', inputDatasetVersionIds: [aliceData.id], baseModelVersionIds: [aliceVersion.id] }));
    expect(reading.created).toBe(true);
  });

  it('refuses to add to a run someone else recorded', async () => {
    await recordRun(alice, run({ externalRunId: 'alice-1', state: 'START' }));
    const before = await counts();
    await expect(async () => await recordRun(bob, run({ externalRunId: 'alice-1', state: 'COMPLETE' }))).rejects.toThrow(/recorded by someone else/);
    expect(await counts()).toEqual(before);
    expect((await recordRun(alice, run({ externalRunId: 'alice-1', state: 'COMPLETE', outputModelVersionIds: [aliceVersion.id] }))).run.state).toBe('COMPLETE');
  });

  it('refuses an OpenLineage output that links another owner\'s version by digest or registers into their model', async () => {
    const before = await counts();
    const byDigest = { ...SIMPLE, run: { runId: runId(1) }, outputs: [{ namespace: 's3://models', name: 'scorer', facets: { provenantModel: provenantModel(aliceVersion.artifactSha256) } }] };
    const linked = await lineageRoute.POST(request('/api/v1/lineage', byDigest, bobToken), ctx);
    expect(linked.status).toBe(403);
    const registering = { ...byDigest, run: { runId: runId(2) }, outputs: [{ namespace: 's3://models', name: 'scorer/9', facets: { provenantModel: provenantModel('b2'.repeat(32), { modelId: aliceModel.id, version: '9.0' }) } }] };
    expect((await lineageRoute.POST(request('/api/v1/lineage', registering, bobToken), ctx)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('writes no output into a retired system\'s records (409, nothing written), though its records may still be read', async () => {
    const system = await makeSystem(alice);
    const model = await createModel(alice, { systemId: system.id, name: 'retiring' });
    const version = await createModelVersion(alice, { modelId: model.id, version: '1.0', artifactSha256: 'c3'.repeat(32), format: 'onnx' });
    const data = await createDatasetVersion(alice, (await createDataset(alice, { systemId: system.id, namespace: 's3://alice', name: 'retiring-loans' })).id, { version: 'v1' });
    await retireSystem(alice, system.id, { reason: 'Replaced by the new scorer.' });
    const aliceToken = (await createApiToken(alice, alice.userId, { name: 'retired', scopes: ['lineage:write'] })).secret;
    const before = await counts();
    for (const outputs of [{ outputModelVersionIds: [version.id] }, { outputDatasetVersionIds: [data.id] }]) {
      const response = await runsRoute.POST(request('/api/v1/runs', { externalRunId: `retired-${Object.keys(outputs)[0]}`, jobNamespace: 'ml', jobName: 'train', ...outputs }, aliceToken), ctx);
      expect(response.status).toBe(409);
      expect((await response.json()).error.message).toBe(`This run writes outputs into a retired system and was not recorded: the system "${system.name}" is retired, so its records are read-only.`);
    }
    expect(await counts()).toEqual(before);
    expect((await recordRun(alice, run({ externalRunId: 'reads-retired', inputDatasetVersionIds: [data.id], baseModelVersionIds: [version.id] }))).created).toBe(true);
  });
});

describe('deployment reports change only their reporter\'s deployments and flags', () => {
  it('refuses a report naming, or resolving by digest to, another owner\'s version', async () => {
    const before = await counts();
    await expect(async () => await reportDeployment(bob, { environment: 'production', endpoint: 'https://bob/svc', reportedSha256: '9'.repeat(64), modelVersionId: aliceVersion.id })).rejects.toThrow(Forbidden);
    const byDigest = await deploymentsRoute.POST(request('/api/v1/deployments', { environment: 'production', endpoint: 'https://bob/svc', reportedSha256: aliceVersion.artifactSha256 }, bobDeployToken), ctx);
    expect(byDigest.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('lets no one else clear an owner\'s open integrity flag, while the owner can', async () => {
    const endpoint = 'https://alice/svc';
    await reportDeployment(alice, { environment: 'production', endpoint, reportedSha256: '8'.repeat(64), modelVersionId: aliceVersion.id });
    expect((await openIntegrityFlags(alice, { modelVersionId: aliceVersion.id })).map((f) => f.check.kind)).toEqual(['digest_mismatch']);
    const before = await counts();
    await expect(async () => await reportDeployment(bob, { environment: 'production', endpoint, reportedSha256: '7'.repeat(64) })).rejects.toThrow(/only they may change it|only their owners/);
    expect(await counts()).toEqual(before);
    expect(await openIntegrityFlags(alice, { modelVersionId: aliceVersion.id })).toHaveLength(1);
    await reportDeployment(alice, { environment: 'production', endpoint, reportedSha256: aliceVersion.artifactSha256, modelVersionId: aliceVersion.id });
    expect(await openIntegrityFlags(alice, { modelVersionId: aliceVersion.id })).toEqual([]);
  });

  it('keeps an untracked deployment and its flag to the one who reported it', async () => {
    const endpoint = 'https://bob/untracked';
    const { deployment } = await reportDeployment(bob, { environment: 'production', endpoint, reportedSha256: '6'.repeat(64) });
    await expect(async () => await reportDeployment(alice, { environment: 'production', endpoint, reportedSha256: aliceVersion.artifactSha256, modelVersionId: aliceVersion.id })).rejects.toThrow(/reported by someone else/);
    const open = await getDb().select().from(integrityChecks).where(and(eq(integrityChecks.subjectId, deployment.id), isNull(integrityChecks.resolvedAt)));
    expect(open.map((c) => c.kind)).toEqual(['untracked_model']);
  });
});

describe('bounds on lineage input', () => {
  const post = (body: unknown) => lineageRoute.POST(request('/api/v1/lineage', body, bobToken), ctx);
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { level: nested(depth - 1) });

  it('refuses an event with more inputs or outputs than allowed before validating it, storing nothing', async () => {
    const before = await counts();
    const response = await post({ ...SIMPLE, run: { runId: runId(10) }, inputs: datasetsOf(10_000, 'huge') });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([{ path: 'inputs', message: `10000 inputs; at most ${LINEAGE_LIMITS.datasetsPerSide} per event.` }]);
    expect((await post({ ...SIMPLE, run: { runId: runId(11) }, outputs: datasetsOf(LINEAGE_LIMITS.datasetsPerSide + 1, 'out') })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('refuses facets over the size or depth limit', async () => {
    const before = await counts();
    const big = await post({ ...SIMPLE, run: { runId: runId(12), facets: { notes: { _producer: 'x', _schemaURL: 'https://example.com/notes.json', text: 'x'.repeat(LINEAGE_LIMITS.facetBytesPerEvent) } } } });
    expect(big.status).toBe(400);
    expect((await big.json()).error.issues[0]).toMatchObject({ path: 'facets', message: expect.stringContaining(`at most ${LINEAGE_LIMITS.facetBytesPerEvent}`) });
    const deep = await post({ ...SIMPLE, run: { runId: runId(13) }, inputs: [{ namespace: 'n', name: 'deep', facets: { custom: { _producer: 'x', _schemaURL: 'https://example.com/c.json', tree: nested(LINEAGE_LIMITS.jsonDepth) } } }] });
    expect(deep.status).toBe(400);
    expect((await deep.json()).error.issues[0].message).toMatch(/deeper than 32/);
    expect(() => run({ externalRunId: 'deep-params', parameters: { tree: nested(LINEAGE_LIMITS.jsonDepth) } })).toThrow(/deeper than 32/);
    expect(await counts()).toEqual(before);
  });

  it('holds names to the lengths the REST forms allow, and a run id to a UUID, storing nothing', async () => {
    const before = await counts();
    const issuesOf = async (body: unknown) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    };
    const long = (n: number) => 'x'.repeat(n + 1);
    expect(await issuesOf({ ...SIMPLE, run: { runId: runId(30) }, job: { namespace: 'ns', name: long(LINEAGE_LIMITS.nameChars) } })).toEqual(['job.name']);
    expect(await issuesOf({ ...SIMPLE, run: { runId: runId(31) }, inputs: [{ namespace: 'ns', name: long(LINEAGE_LIMITS.nameChars) }] })).toEqual(['inputs.0.name']);
    expect(await issuesOf({ ...SIMPLE, run: { runId: runId(32) }, outputs: [{ namespace: 'ns', name: 'ok', facets: { version: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json', datasetVersion: long(LINEAGE_LIMITS.versionChars) } } }] })).toEqual(['outputs.0.facets.version.datasetVersion']);
    expect(await issuesOf({ ...SIMPLE, run: { runId: runId(33) }, job: { ...SIMPLE.job, facets: { sourceCodeLocation: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/SourceCodeLocationJobFacet.json', type: 'git', url: 'https://git/x', version: long(LINEAGE_LIMITS.codeCommitChars) } } } })).toEqual(['job.facets.sourceCodeLocation.version']);
    expect(await issuesOf({ ...SIMPLE, run: { runId: runId(34) }, job: { ...SIMPLE.job, facets: { jobType: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json', processingType: 'BATCH', integration: long(LINEAGE_LIMITS.jobTypeChars), jobType: 'TASK' } } } })).toEqual(['job.facets.jobType.integration']);
    expect(await issuesOf({ ...SIMPLE, run: { runId: 'R'.repeat(1_000_000) } })).toEqual(['run.runId']);
    expect(await issuesOf({ ...SIMPLE, run: { runId: 'not a uuid at all' } })).toEqual(['run.runId']);
    expect(() => run({ externalRunId: 'r', jobName: long(LINEAGE_LIMITS.nameChars) })).toThrow();
    expect(await counts()).toEqual(before);
  });

  it('refuses an event time that is no calendar day or lies in the future, storing nothing', async () => {
    const before = await counts();
    for (const eventTime of ['2026-02-30T00:00:00Z', '2025-02-29', '0000-01-01T00:00:00Z', '2000-01-01T00:30:00+01:00', new Date(Date.now() + 60 * 60_000).toISOString(), '9999-12-31T23:59:59Z']) {
      const response = await post({ ...SIMPLE, eventTime, run: { runId: runId(40) } });
      expect(response.status, eventTime).toBe(400);
      expect(((await response.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('eventTime');
    }
    expect(() => run({ externalRunId: 'future', startedAt: new Date(Date.now() + 60 * 60_000).toISOString() })).toThrow(/in the future/);
    expect(() => run({ externalRunId: 'ancient', startedAt: '0000-01-01T00:00:00+01:00' })).toThrow(/Earlier than 2000-01-01/);
    // Times are kept in UTC, as every time here (they compare as text), and a run ends after it starts.
    expect(run({ externalRunId: 'offset', startedAt: '2026-12-06T20:00:00+12:00', endedAt: '2026-12-06T09:30:00-00:30' })).toMatchObject({ startedAt: '2026-12-06T08:00:00.000Z', endedAt: '2026-12-06T10:00:00.000Z' });
    expect(() => run({ externalRunId: 'backwards', startedAt: '2026-12-06T20:00:00+12:00', endedAt: '2026-12-06T07:00:00Z' })).toThrow(/cannot end before it starts/);
    expect(await counts()).toEqual(before);
    // A leap day, and a time a producer's clock puts a minute ahead, are times.
    expect((await post({ ...SIMPLE, eventTime: '2024-02-29T12:00:00Z', run: { runId: runId(41) } })).status).toBe(201);
    expect((await post({ ...SIMPLE, eventTime: new Date(Date.now() + 60_000).toISOString(), run: { runId: runId(42) } })).status).toBe(201);
  });

  it('refuses a batch naming more datasets than one request takes, naming nothing of it', async () => {
    const before = await counts();
    const events = [0, 1, 2].map((i) => ({ ...SIMPLE, run: { runId: runId(20 + i) }, inputs: datasetsOf(200, `batch${i}`), outputs: [] }));
    const response = await post(events);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/600 distinct datasets.*at most 500/);
    const single = await post({ ...SIMPLE, run: { runId: runId(23) }, inputs: datasetsOf(300, 'single.in'), outputs: datasetsOf(300, 'single.out') });
    expect(single.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('bounds a run over all its reports: inputs that add up past the limit are refused and the earlier report stays', async () => {
    const first = { ...SIMPLE, eventType: 'START', run: { runId: runId(30) }, inputs: datasetsOf(300, 'grow.a'), outputs: [] };
    expect((await post(first)).status).toBe(201);
    const before = await counts();
    const second = { ...first, eventType: 'COMPLETE', inputs: datasetsOf(300, 'grow.b') };
    const response = await post(second);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([{ path: 'inputs', message: `The run would have 600 inputs; at most ${LINEAGE_LIMITS.datasetsPerSide}.` }]);
    expect(await counts()).toEqual(before);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('takes the largest allowed event whole', async () => {
    const before = await counts();
    const half = LINEAGE_LIMITS.datasetsPerRequest / 2;
    const largest = { ...SIMPLE, run: { runId: runId(40) }, inputs: datasetsOf(half, 'largest.in'), outputs: datasetsOf(half, 'largest.out') };
    expect((await post(largest)).status).toBe(201);
    expect((await counts()).edges - before.edges).toBe(LINEAGE_LIMITS.datasetsPerRequest);
  });

  it('refuses unknown references before anything else (a sanity check that Invalid still wins over bounds)', async () => {
    await expect(async () => await recordRun(bob, run({ externalRunId: 'bob-unknown', outputModelVersionIds: ['nope'] }))).rejects.toThrow(Invalid);
  });
});
