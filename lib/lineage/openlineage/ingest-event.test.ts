import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq, gt } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as lineageRoute from '@/app/api/v1/lineage/route';
import { closeConnection, first, getDb } from '@/db';
import { auditEvents, datasets, datasetVersions, lineageEdges, trainingRuns } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { openApiDocument } from '@/lib/http/openapi';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { makeActor, makeSystem } from '@/lib/testing';
import { lineageGraph } from '../queries';
import { EVENTS_PER_SLICE } from './ingest-event';

const EVENTS = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'openlineage', 'events');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(EVENTS, name), 'utf8'));
const ctx = { params: Promise.resolve({}) };

let ds: Actor;
let token: string;
const post = (event: unknown, secret = token) =>
  lineageRoute.POST(new NextRequest('http://localhost/api/v1/lineage', { method: 'POST', body: JSON.stringify(event), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } }), ctx);
const rows = async (table: typeof auditEvents | typeof datasets | typeof datasetVersions | typeof lineageEdges | typeof trainingRuns) => first(await getDb().select({ n: count() }).from(table).limit(1))!.n;
const counts = async () => ({ audit: await rows(auditEvents), runs: await rows(trainingRuns), datasets: await rows(datasets), versions: await rows(datasetVersions), edges: await rows(lineageEdges) });
const lastSeq = async () => (await getDb().select({ seq: auditEvents.seq }).from(auditEvents).orderBy(auditEvents.seq)).at(-1)?.seq ?? 0;
const actionsSince = async (seq: number) => (await getDb().select({ action: auditEvents.action }).from(auditEvents).where(gt(auditEvents.seq, seq))).map((e) => e.action).sort();
/** START and COMPLETE of one run reading a versioned table and writing one output, both datasets new. */
const runPair = (n: number) => {
  const runId = `0190b0a1-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const input = { namespace: 'postgres://db:5432', name: `public.table_${n}`, facets: { version: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json', datasetVersion: 'v1' } } };
  const event = { ...fixture('event_simple.json'), run: { runId }, inputs: [input], outputs: [{ namespace: 's3://out', name: `run-${n}` }] };
  return [{ ...event, eventType: 'START', eventTime: '2026-01-02T03:00:00Z' }, { ...event, eventType: 'COMPLETE', eventTime: '2026-01-02T04:00:00Z' }];
};
const runByExternalId = async (runId: string) => first(await getDb().select().from(trainingRuns).where(eq(trainingRuns.externalRunId, runId)).limit(1));

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(ds, ds.userId, { name: 'airflow', scopes: ['lineage:write'] })).secret;
});

describe('POST /api/v1/lineage (OpenLineage RunEvents)', () => {
  it.each(['event_simple.json', 'event_full.json', 'example_full_event.json', 'serde_example_run_event.json'])('ingests %s and shows it in the graph', async (name) => {
    const event = fixture(name);
    const response = await post(event);
    expect(response.status).toBe(201);
    const run = (await runByExternalId(event.run.runId))!;
    expect(run).toMatchObject({ jobNamespace: event.job.namespace, jobName: event.job.name });
    const graph = await lineageGraph(ds, { node: `run:${run.id}`, depth: 1 });
    // The parent run facet adds one edge, to the parent's run.
    expect(graph.edges.length).toBe((event.inputs ?? []).length + (event.outputs ?? []).length + (event.run.facets?.parent ? 1 : 0));
  });

  it.each([
    ['event_no_run_id.json', 'run'],
    ['event_invalid_run_facet.json', 'run.facets.parent.run'],
  ])('rejects %s with a 400 that names the schema error', async (name, where) => {
    const response = await post(fixture(name));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.issues[0]).toMatchObject({ path: where, message: expect.stringContaining("required property 'runId'") });
  });

  it('merges START and COMPLETE of one runId, keeps facets, and reads a zone-less time as UTC', async () => {
    const start = { ...fixture('event_simple.json'), eventType: 'START', eventTime: '2026-01-02T03:04:05', run: { runId: '0190b0a1-0000-7000-8000-000000000001', facets: { nominalTime: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json', nominalStartTime: '2026-01-02T03:00:00Z' } } } };
    expect((await post(start)).status).toBe(201);
    const complete = { ...start, eventType: 'COMPLETE', eventTime: '2026-01-02T04:00:00+01:00', run: { runId: start.run.runId } };
    expect((await post(complete)).status).toBe(201);
    const run = (await runByExternalId(start.run.runId))!;
    expect(run).toMatchObject({ state: 'COMPLETE', startedAt: '2026-01-02T03:04:05.000Z', endedAt: '2026-01-02T03:00:00.000Z' });
    expect((run.facets as { run: Record<string, unknown> }).run.nominalTime).toBeTruthy();
    expect(await getDb().select().from(trainingRuns).where(eq(trainingRuns.externalRunId, start.run.runId))).toHaveLength(1);
  });

  it('turns an output with a provenantModel facet into a model version of the run (registering needs the register scope)', async () => {
    const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'from-pipeline' });
    const event = { ...fixture('event_simple.json'), run: { runId: '0190b0a1-0000-7000-8000-000000000002' }, outputs: [{ namespace: 's3://models', name: 'scorer/2.0', facets: { provenantModel: { _producer: 'ci', _schemaURL: 'https://provenant.dev/facets/provenantModel.json', modelId: model.id, version: '2.0.0', sha256: 'a'.repeat(64), format: 'onnx' } } }] };
    expect((await post(event)).status).toBe(403);
    const registering = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['lineage:write', 'register'] })).secret;
    expect((await post(event, registering)).status).toBe(201);
    const run = (await runByExternalId(event.run.runId))!;
    const graph = await lineageGraph(ds, { node: `run:${run.id}`, depth: 1 });
    expect(graph.nodes.find((n) => n.kind === 'model_version')).toMatchObject({ label: 'from-pipeline @ 2.0.0' });
  });

  it('takes a batch answered per event: a bad event is refused alone, with its issues, and the good one lands', async () => {
    const batch = [{ ...fixture('event_simple.json'), run: { runId: '0190b0a1-0000-7000-8000-000000000010' } }, fixture('event_no_run_id.json')];
    const response = await post(batch);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 1 });
    expect(body.items[0]).toMatchObject({ index: 0, status: 'accepted', runId: '0190b0a1-0000-7000-8000-000000000010' });
    expect(body.items[1]).toMatchObject({ index: 1, status: 'rejected', code: 'invalid', issues: [{ path: 'run' }] });
    expect(await runByExternalId('0190b0a1-0000-7000-8000-000000000010')).toBeTruthy();
    const refused = await post([fixture('event_no_run_id.json')]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid', issues: [{ path: '0.run' }] }, rejected: 1, items: [{ status: 'rejected' }] });
  });

  it('writes a large batch slice by slice: other work runs between slices, indexes stay the batch\'s, and a run spans slices', async () => {
    // 250 events: three slices. Run 300's START closes the first slice and its COMPLETE opens the second.
    const filler = (n: number) => ({ ...fixture('event_simple.json'), eventType: 'OTHER', run: { runId: `0190b0a1-0000-7000-8000-${String(n).padStart(12, '0')}` } });
    const [start, complete] = runPair(300);
    const events = [...Array.from({ length: EVENTS_PER_SLICE - 1 }, (_, i) => filler(1000 + i)), start, complete, ...Array.from({ length: 150 - 2 }, (_, i) => filler(2000 + i)), fixture('event_no_run_id.json')];
    let turns = 0;
    let counting = true;
    const count = () => setImmediate(() => counting && (turns++, count()));
    count();
    const body = await (await post(events)).json();
    counting = false;
    // Each yield between slices lets at least one other callback run (a batch written at once let none).
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(body).toMatchObject({ accepted: 249, rejected: 1 });
    expect(body.items.at(-1)).toMatchObject({ index: 249, status: 'rejected', issues: [{ path: 'run' }] });
    expect(body.items.map((item: { index: number }) => item.index)).toEqual(events.map((_, i) => i));
    expect(body.items[EVENTS_PER_SLICE]).toMatchObject({ index: EVENTS_PER_SLICE, status: 'accepted', id: body.items[EVENTS_PER_SLICE - 1].id });
    expect(await runByExternalId(start!.run.runId)).toMatchObject({ state: 'COMPLETE', startedAt: '2026-01-02T03:00:00.000Z' });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('refuses alone an event in a later slice that names a model that does not exist, at its field', async () => {
    const filler = (n: number) => ({ ...fixture('event_simple.json'), eventType: 'OTHER', run: { runId: `0190b0a1-0000-7000-8000-${String(n).padStart(12, '0')}` } });
    const unknownModel = { ...filler(3999), outputs: [{ namespace: 's3://models', name: 'ghost', facets: { provenantModel: { _producer: 'ci', _schemaURL: 'https://provenant.dev/facets/provenantModel.json', sha256: 'd'.repeat(64), modelId: 'no-such-model', version: '1.0' } } }] };
    const events = [...Array.from({ length: EVENTS_PER_SLICE + 20 }, (_, i) => filler(3000 + i)), unknownModel, filler(3998)];
    const response = await post(events);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: events.length - 1, rejected: 1 });
    expect(body.items[EVENTS_PER_SLICE + 20]).toMatchObject({ status: 'rejected', code: 'invalid', issues: [{ path: 'outputs.0.facets.provenantModel.modelId' }] });
    expect(await runByExternalId(unknownModel.run.runId)).toBeUndefined();
    const alone = await post([unknownModel]);
    expect(alone.status).toBe(400);
  });

  it('refuses a token without lineage:write or register', async () => {
    const readOnly = (await createApiToken(ds, ds.userId, { name: 'ro', scopes: ['read'] })).secret;
    expect((await post(fixture('event_simple.json'), readOnly)).status).toBe(403);
  });

  it('writes one audit event per created or changed record in a batch, keeps the chain intact, and a replay writes nothing', async () => {
    const [before, seq] = [await counts(), await lastSeq()];
    expect((await post(runPair(100))).status).toBe(200);
    expect(await counts()).toEqual({ audit: before.audit + 6, runs: before.runs + 1, datasets: before.datasets + 2, versions: before.versions + 2, edges: before.edges + 2 });
    expect(await actionsSince(seq)).toEqual(['dataset.created', 'dataset.created', 'dataset_version.created', 'dataset_version.created', 'run.recorded', 'run.updated']);
    const after = await counts();
    const replayed = await post(runPair(100));
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    for (const event of runPair(100)) expect((await post(event)).status).toBe(200);
    expect(await counts()).toEqual(after);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: after.audit });
  });

  it('names the event whose write fails in a batch, keeps nothing of it, and keeps the others', async () => {
    const before = await counts();
    const [start] = runPair(101);
    const unknownDigest = { ...start, run: { runId: '0190b0a1-0000-7000-8000-000000000111' }, outputs: [{ namespace: 's3://models', name: 'm', facets: { provenantModel: { _producer: 'ci', _schemaURL: 'https://provenant.dev/facets/provenantModel.json', sha256: 'f'.repeat(64) } } }] };
    const response = await post([start, unknownDigest]);
    expect(response.status).toBe(200);
    expect((await response.json()).items[1]).toMatchObject({ index: 1, status: 'rejected', issues: [{ path: 'outputs.0.facets.provenantModel' }] });
    expect(await runByExternalId(unknownDigest.run.runId)).toBeUndefined();
    // The first event's two datasets, their versions, its run and the audit events of each.
    expect(await counts()).toEqual({ audit: before.audit + 5, runs: before.runs + 1, datasets: before.datasets + 2, versions: before.versions + 2, edges: before.edges + 2 });
  });

  it("in a batch, fills in the run it recorded as a parent when the parent's own event follows, and answers an exact repeat as a duplicate", async () => {
    const before = await counts();
    const parent = { runId: '0190b0a1-0000-7000-8000-000000000201', job: { namespace: 'airflow://prod', name: 'nightly' } };
    const child = { ...fixture('event_simple.json'), eventType: 'START', run: { runId: '0190b0a1-0000-7000-8000-000000000202', facets: { parent: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json', run: { runId: parent.runId }, job: parent.job } } } };
    const parentStart = { ...fixture('event_simple.json'), eventType: 'START', run: { runId: parent.runId }, job: parent.job, inputs: [], outputs: [] };
    const response = await post([child, parentStart, child]);
    expect((await response.json()).items.map((item: { status: string }) => item.status)).toEqual(['accepted', 'accepted', 'duplicate']);
    expect(await runByExternalId(parent.runId)).toMatchObject({ jobName: 'nightly', state: 'START' });
    expect((await counts()).runs).toBe(before.runs + 2);
  });

  it('forgets the parent run an event refused in its savepoint had recorded: a later event of that parent records it', async () => {
    const [start] = runPair(103);
    expect((await post(start)).status).toBe(201);
    const before = await counts();
    const parent = { runId: '0190b0a1-0000-7000-8000-000000000203', job: { namespace: 'airflow://prod', name: 'weekly' } };
    // The run id is a run of another job: refused (409) after the parent's placeholder was recorded, which rolls back with it.
    const otherJob = { ...start, job: { namespace: 'airflow://prod', name: 'another' }, run: { runId: start!.run.runId, facets: { parent: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json', run: { runId: parent.runId }, job: parent.job } } } };
    const parentStart = { ...fixture('event_simple.json'), eventType: 'START', run: { runId: parent.runId }, job: parent.job, inputs: [], outputs: [] };
    const items = (await (await post([otherJob, parentStart])).json()).items;
    expect(items).toMatchObject([{ status: 'rejected', code: 'conflict' }, { status: 'accepted' }]);
    expect(await runByExternalId(parent.runId)).toMatchObject({ jobName: 'weekly', state: 'START' });
    expect((await counts()).runs).toBe(before.runs + 1);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('in a batch, finds a dataset an earlier event made or linked, under any label, and makes once one a refused event had made', async () => {
    const before = await counts();
    const versioned = (namespace: string, name: string, label?: string) => ({ namespace, name, ...(label ? { facets: { version: { _producer: 'x', _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json', datasetVersion: label } } } : {}) });
    const event = (n: number, io: { inputs?: unknown[]; outputs?: unknown[] }) => ({ ...fixture('event_simple.json'), eventType: 'START', run: { runId: `0190b0a1-0000-7000-8000-000000000${300 + n}` }, inputs: [], outputs: [], ...io });
    const linked = { namespace: 'hdfs://nn', name: '/data/batch-linked', facets: { symlinks: { identifiers: [{ namespace: 'hive://ms', name: 'db.batch_linked', type: 'TABLE' }] } } };
    // Neither name exists when the batch begins: the second event of each pair must find what the first made or linked.
    const items = (await (await post([
      event(1, { outputs: [versioned('s3://batch', 'made-here', 'v1')] }),
      event(2, { inputs: [versioned('s3://batch', 'made-here', 'v2')] }),
      event(3, { inputs: [linked] }),
      event(4, { inputs: [versioned('hive://ms', 'db.batch_linked')] }),
    ])).json()).items;
    expect(items.map((item: { status: string }) => item.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const named = async (namespace: string, name: string) => await getDb().select({ id: datasets.id }).from(datasets).where(and(eq(datasets.namespace, namespace), eq(datasets.name, name)));
    const [madeHere] = await named('s3://batch', 'made-here');
    expect((await getDb().select({ version: datasetVersions.version }).from(datasetVersions).where(eq(datasetVersions.datasetId, madeHere!.id))).map((v) => v.version).sort()).toEqual(['v1', 'v2']);
    expect(await named('hive://ms', 'db.batch_linked')).toEqual([]);
    expect(await counts()).toMatchObject({ datasets: before.datasets + 2, versions: before.versions + 3 });
    // In a later batch the alias is known from the start: still no dataset of that name.
    expect((await (await post([event(6, { inputs: [versioned('hive://ms', 'db.batch_linked')] })])).json()).items).toMatchObject([{ status: 'accepted' }]);
    expect(await named('hive://ms', 'db.batch_linked')).toEqual([]);
    expect(await counts()).toMatchObject({ datasets: before.datasets + 2, versions: before.versions + 3 });

    // A version the batch gives a dataset through its alias is there when the batch names the dataset's own name.
    const ownName = versioned('hdfs://nn', '/data/batch-linked', 'v7');
    const throughAlias = (await (await post([event(7, { inputs: [versioned('hive://ms', 'db.batch_linked', 'v7')] }), event(8, { inputs: [ownName] })])).json()).items;
    expect(throughAlias).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
    const [linkedDataset] = await named('hdfs://nn', '/data/batch-linked');
    expect((await getDb().select({ version: datasetVersions.version }).from(datasetVersions).where(eq(datasetVersions.datasetId, linkedDataset!.id))).map((v) => v.version).sort()).toEqual(['unversioned', 'v7']);

    // The batch runs again with savepoints: the dataset the refused event made is rolled back, and made once by the next.
    const [taken] = runPair(104);
    expect((await post(taken)).status).toBe(201);
    const otherJob = { ...taken, job: { namespace: 'airflow://prod', name: 'another' }, inputs: [], outputs: [versioned('s3://batch', 'savepoint-made', 'v1')] };
    const again = (await (await post([otherJob, event(5, { outputs: [versioned('s3://batch', 'savepoint-made', 'v2')] })])).json()).items;
    expect(again).toMatchObject([{ status: 'rejected', code: 'conflict' }, { status: 'accepted' }]);
    const [savepointMade, ...more] = await named('s3://batch', 'savepoint-made');
    expect(more).toEqual([]);
    expect((await getDb().select({ version: datasetVersions.version }).from(datasetVersions).where(eq(datasetVersions.datasetId, savepointMade!.id))).map((v) => v.version)).toEqual(['v2']);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('serves a reopened database (its prepared statements belong to the old connection)', async () => {
    closeConnection();
    expect((await post(runPair(102))).status).toBe(200);
    expect(await runByExternalId(runPair(102)[0]!.run.runId)).toMatchObject({ state: 'COMPLETE' });
  });

  it('is described in the OpenAPI document: one event or an array of up to 1,000, each the official RunEvent', () => {
    const post = openApiDocument().paths['/lineage']!.post as { requestBody: { content: { 'application/json': { schema: { anyOf: Record<string, unknown>[] } } } } };
    const [single, batch] = post.requestBody.content['application/json'].schema.anyOf;
    const runEvent = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
    expect(single).toMatchObject({ $ref: runEvent });
    expect(batch).toMatchObject({ type: 'array', maxItems: 1000, items: { $ref: runEvent } });
  });
});
