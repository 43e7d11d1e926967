import { and, count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as lineageRoute from '@/app/api/v1/lineage/route';
import { getDb, first as firstRow } from '@/db';
import { auditEvents, datasetAliases, datasets, datasetVersions, lineageEdges, openLineageEvents, trainingRuns } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { makeActor } from '@/lib/testing';
import { describeNodes } from '../describe-nodes';
import { nodeKey } from '../node-key';
import { lineageGraph } from '../queries';
import { completeEvent, readFixture, runIdFor, type Template } from './fixtures/expected-event';

// Real events from the integrations' own tests (lib/lineage/openlineage/fixtures/README.md says where each is from).
let ds: Actor;
let token: string;
const ctx = { params: Promise.resolve({}) };
const post = async (event: unknown) => {
  const response = await lineageRoute.POST(new NextRequest('http://localhost/api/v1/lineage', { method: 'POST', body: JSON.stringify(event), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }), ctx);
  return { status: response.status, body: await response.json() };
};
const run = async (runId: string) => firstRow(await getDb().select().from(trainingRuns).where(eq(trainingRuns.externalRunId, runId)).limit(1));
const rows = async (table: typeof auditEvents | typeof trainingRuns | typeof lineageEdges | typeof datasets | typeof openLineageEvents) => firstRow(await getDb().select({ n: count() }).from(table).limit(1))!.n;
const totals = async () => ({ audit: await rows(auditEvents), runs: await rows(trainingRuns), edges: await rows(lineageEdges), datasets: await rows(datasets), events: await rows(openLineageEvents) });
const datasetNamed = async (namespace: string, name: string) => firstRow(await getDb().select().from(datasets).where(and(eq(datasets.namespace, namespace), eq(datasets.name, name))).limit(1));
const edgesOf = async (runId: string) => (await lineageGraph(ds, { node: nodeKey('run', (await run(runId))!.id), depth: 1 })).edges;
/**
 * The serde test leaves the parent's run id out (the facet needs it, so as-is it is refused); Spark sends one. Its
 * parent is another run of the same job here.
 */
const parentRunId = (salt: string) => runIdFor(`${salt}-parent`, { namespace: 'namespace', name: 'jobName' });
const spark = (salt: string) => {
  const event = completeEvent(readFixture('spark-serde-event.json'), { salt });
  event.run.facets.parent.run = { runId: parentRunId(salt) };
  return event;
};

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(ds, ds.userId, { name: 'integrations', scopes: ['lineage:write'] })).secret;
});

describe('Spark (serde test event): statistics, parent, facets without _producer', () => {
  it('refuses a parent facet without the parent run id, as Marquez does: the link needs it', async () => {
    const { status, body } = await post(completeEvent(readFixture('spark-serde-event.json'), { salt: 'no-parent-run' }));
    expect(status).toBe(400);
    expect(body.error.issues[0]).toMatchObject({ path: 'run.facets.parent', message: expect.stringContaining("required property 'run'") });
  });

  it('takes the event with warnings for facets lacking _producer/_schemaURL, and keeps input and output statistics on the edges', async () => {
    const event = spark('stats');
    const { status, body } = await post(event);
    expect(status).toBe(201);
    expect(body.warnings).toEqual(expect.arrayContaining([{ path: 'run.facets.parent', message: 'The facet lacks _producer and _schemaURL; it was kept.' }, { path: 'outputs.0.outputFacets.outputStatistics', message: expect.stringContaining('lacks _producer') }]));
    const edges = await edgesOf(event.run.runId);
    expect(edges.find((e) => e.relation === 'input')?.statistics).toEqual({ rowCount: 10, size: 20, fileCount: 5 });
    expect(edges.find((e) => e.relation === 'output')?.statistics).toEqual({ rowCount: 10, size: 20, fileCount: 5 });
  });

  it('links the child run to a placeholder of its parent, which the parent\'s own events fill in without a second run', async () => {
    const event = spark('parent');
    await post(event);
    const parentId = parentRunId('parent');
    const child = (await run(event.run.runId))!;
    const parent = (await run(parentId))!;
    expect(child).toMatchObject({ parentExternalRunId: parentId, parentJobNamespace: 'namespace', parentJobName: 'jobName' });
    expect(parent).toMatchObject({ jobNamespace: 'namespace', jobName: 'jobName', state: 'OTHER', lastEventTime: null });
    expect(await edgesOf(event.run.runId)).toContainEqual(expect.objectContaining({ from: nodeKey('run', child.id), to: nodeKey('run', parent.id), relation: 'parent' }));
    const own = { ...event, eventType: 'COMPLETE', run: { runId: parentId }, job: { namespace: 'namespace', name: 'jobName' }, inputs: [], outputs: [] };
    expect((await post(own)).status).toBe(201);
    expect(await run(parentId)).toMatchObject({ id: parent.id, state: 'COMPLETE', lastEventTime: '2021-01-01T00:00:01.000Z' });
  });

  it('refuses an output whose outputStatistics.rowCount is "wrong" with the path, and writes nothing', async () => {
    const event = spark('wrong');
    event.outputs[0].outputFacets.outputStatistics.rowCount = 'wrong';
    const before = await totals();
    const { status, body } = await post(event);
    expect(status).toBe(400);
    expect(body.error.issues[0]).toMatchObject({ path: 'outputs.0.outputFacets.outputStatistics.rowCount', message: expect.stringContaining('must be integer') });
    expect(await totals()).toEqual(before);
  });

  it.each([
    ['an outputStatistics.rowCount of -5', (e: ReturnType<typeof spark>) => { e.outputs[0].outputFacets.outputStatistics.rowCount = -5; }, 'outputs.0.outputFacets.outputStatistics.rowCount', 'must be >= 0'],
    ['an inputStatistics.size of -1', (e: ReturnType<typeof spark>) => { e.inputs[0].inputFacets = { inputStatistics: { rowCount: 1, size: -1 } }; }, 'inputs.0.inputFacets.inputStatistics.size', 'must be >= 0'],
    ['a nominalStartTime of "yesterday"', (e: ReturnType<typeof spark>) => { e.run.facets.nominalTime = { nominalStartTime: 'yesterday' }; }, 'run.facets.nominalTime.nominalStartTime', 'must match format "date-time"'],
    ['a nominalEndTime of "5" (which JavaScript would read as a date)', (e: ReturnType<typeof spark>) => { e.run.facets.nominalTime = { nominalStartTime: '2026-01-01T00:00:00', nominalEndTime: '5' }; }, 'run.facets.nominalTime.nominalEndTime', 'must match format "date-time"'],
  ])('refuses %s with the path, and writes nothing', async (_, spoil, where, message) => {
    const event = spark(`spoiled-${where}`);
    spoil(event);
    const before = await totals();
    const { status, body } = await post(event);
    expect(status).toBe(400);
    expect(body.error.issues[0]).toMatchObject({ path: where, message: expect.stringContaining(message) });
    expect(await totals()).toEqual(before);
  });

  it('takes facet times without a zone, with an offset, or as a day alone, as producers send them', async () => {
    const event = spark('zone-less-nominal');
    event.run.facets.nominalTime = { nominalStartTime: '2026-01-01T10:00:00.123456', nominalEndTime: '2026-01-02T10:00:00+01:00' };
    expect((await post(event)).status).toBe(201);
    const day = spark('day-nominal');
    day.run.facets.nominalTime = { nominalStartTime: '2020-01-01', nominalEndTime: '2020-01-02' };
    expect((await post(day)).status).toBe(201);
  });

  it('validates dataset facets too (a schema field of the wrong type), and keeps custom facets as sent', async () => {
    const bad = spark('dataset-facet');
    bad.inputs[0].facets = { schema: { fields: 'id int' } };
    expect((await post(bad)).body.error.issues[0].path).toBe('inputs.0.facets.schema.fields');
    const custom = spark('custom');
    custom.run.facets.spark_properties = { properties: { 'spark.master': 'local' } };
    expect((await post(custom)).status).toBe(201);
    expect(((await run(custom.run.runId))!.facets as { run: Record<string, unknown> }).run.spark_properties).toEqual({ properties: { 'spark.master': 'local' } });
  });
});

describe('Airflow (all-facets system test, excerpt)', () => {
  it('keeps columnLineage without _producer/_schemaURL with a warning, reads statistics where Airflow puts them, keeps custom facets', async () => {
    const event = completeEvent(readFixture('airflow-all-facets-excerpt.json'), { salt: 'airflow' });
    const { status, body } = await post(event);
    expect(status).toBe(201);
    expect(body.warnings).toContainEqual({ path: 'inputs.0.facets.columnLineage', message: 'The facet lacks _producer and _schemaURL; it was kept.' });
    const edges = await edgesOf(event.run.runId);
    expect(edges.find((e) => e.relation === 'input')?.statistics).toEqual({ rowCount: 1000, size: 8192, fileCount: 1 });
    expect(edges.find((e) => e.relation === 'output')?.statistics).toEqual({ rowCount: 500, size: 4096, fileCount: 1 });
    const facets = (await run(event.run.runId))!.facets as { run: Record<string, unknown>; job: Record<string, unknown> };
    expect([facets.run.custom_run_facet, facets.job.custom_job_facet]).toEqual([{ key: 'value' }, { key: 'value' }]);
    expect(await getDb().select().from(datasetAliases).where(eq(datasetAliases.name, 'analytics.public.all_facets_output_alias'))).toHaveLength(1);
  });
});

describe('Spark symlinks: the HDFS path and the Hive table are one dataset', () => {
  it('lands an event naming the Hive table on the dataset of the path Spark wrote', async () => {
    const written = completeEvent(readFixture('spark-symlinks-complete.json'), { salt: 'symlinks', jobName: 'symlinks.write' });
    const first = await post(written);
    expect(first.status).toBe(201);
    const path = (await datasetNamed('file', '/tmp/warehouse/test'))!;
    expect(await getDb().select().from(datasetAliases).where(eq(datasetAliases.datasetId, path.id))).toEqual([expect.objectContaining({ namespace: 'hive://metastore', name: 'default.test', type: 'TABLE' })]);
    const reader: Template = { ...spark('symlink-reader'), inputs: [{ namespace: 'hive://metastore', name: 'default.test' }], outputs: [] };
    expect((await post(reader)).status).toBe(201);
    expect(await datasetNamed('hive://metastore', 'default.test')).toBeUndefined();
    const input = (await edgesOf(reader.run.runId)).find((e) => e.relation === 'input')!;
    expect((await describeNodes([input.from])).get(input.from)).toMatchObject({ detail: 'file', label: '/tmp/warehouse/test @ unversioned' });
  });

  it('keeps two recorded datasets apart when a symlink later names the other one, with a warning', async () => {
    await post({ ...spark('apart-a'), inputs: [{ namespace: 'hdfs://nn', name: '/data/a' }], outputs: [] });
    await post({ ...spark('apart-b'), inputs: [{ namespace: 'hive://ms', name: 'db.b' }], outputs: [] });
    const linking = { ...spark('apart-link'), inputs: [{ namespace: 'hdfs://nn', name: '/data/a', facets: { symlinks: { identifiers: [{ namespace: 'hive://ms', name: 'db.b', type: 'TABLE' }] } } }], outputs: [] };
    const { status, body } = await post(linking);
    expect(status).toBe(201);
    expect(body.warnings).toContainEqual({ path: 'inputs.0.facets.symlinks', message: expect.stringContaining('kept apart') });
    expect(await getDb().select().from(datasetAliases).where(eq(datasetAliases.name, 'db.b'))).toEqual([]);
  });

  it('gives each event of a batch its warnings once, when another event of the batch is refused while written', async () => {
    await post({ ...spark('once-a'), inputs: [{ namespace: 'hdfs://nn', name: '/data/once-a' }], outputs: [] });
    await post({ ...spark('once-b'), inputs: [{ namespace: 'hive://ms', name: 'db.once_b' }], outputs: [] });
    const linking = { ...spark('once-link'), inputs: [{ namespace: 'hdfs://nn', name: '/data/once-a', facets: { symlinks: { identifiers: [{ namespace: 'hive://ms', name: 'db.once_b', type: 'TABLE' }] } } }], outputs: [] };
    // Refused only when written: its runId is already a run of another job.
    const reused = { ...spark('once-a'), eventType: 'COMPLETE', job: { namespace: 'another', name: 'job' } };
    const { status, body } = await post([linking, reused]);
    expect(status).toBe(200);
    expect(body.items.map((i: { status: string }) => i.status)).toEqual(['accepted', 'rejected']);
    expect(body.items[0].warnings.filter((w: { message: string }) => w.message.includes('kept apart'))).toHaveLength(1);
  });
});

describe('another name for someone else’s dataset', () => {
  it('is not recorded: the event lands with a warning, and only the dataset’s owner may add the name', async () => {
    await post({ ...spark('owned-a'), inputs: [{ namespace: 'hdfs://nn', name: '/data/owned' }], outputs: [] });
    const owned = (await datasetNamed('hdfs://nn', '/data/owned'))!;
    const stranger = await makeActor(['data_scientist']);
    const strangerToken = (await createApiToken(stranger, stranger.userId, { name: 'elsewhere', scopes: ['lineage:write'] })).secret;
    const aliasing: Template = { ...spark('owned-alias'), inputs: [{ namespace: 'hdfs://nn', name: '/data/owned', facets: { symlinks: { identifiers: [{ namespace: 'kafka://payments', name: 'claimed', type: 'TOPIC' }] } } }], outputs: [] };
    const response = await lineageRoute.POST(new NextRequest('http://localhost/api/v1/lineage', { method: 'POST', body: JSON.stringify(aliasing), headers: { authorization: `Bearer ${strangerToken}`, 'content-type': 'application/json' } }), ctx);
    expect(response.status).toBe(201);
    expect((await response.json()).warnings).toContainEqual({ path: 'inputs.0.facets.symlinks', message: 'kafka://payments/claimed was not recorded as another name of this dataset: only its owners may name it otherwise.' });
    expect(await getDb().select().from(datasetAliases).where(eq(datasetAliases.datasetId, owned.id))).toEqual([]);
    expect(await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityId, owned.id), eq(auditEvents.action, 'dataset.updated')))).toEqual([]);
    // Its owner's pipeline may.
    expect((await post({ ...aliasing, run: { ...aliasing.run, runId: runIdFor('owned-alias-by-owner', aliasing.job) } })).status).toBe(201);
    expect(await getDb().select({ name: datasetAliases.name }).from(datasetAliases).where(eq(datasetAliases.datasetId, owned.id))).toEqual([{ name: 'claimed' }]);
  });
});

describe('a batch that names a dataset both by a symlink and by its own name', () => {
  it('finds the version an earlier event of the batch made through the symlink, rather than making it twice', async () => {
    const version = (label: string) => ({ version: { datasetVersion: label } });
    await post({ ...spark('both-names-a'), inputs: [{ namespace: 'hdfs://nn', name: '/data/both', facets: version('v1') }], outputs: [] });
    // The batch begins knowing /data/both at v1 only; its first event makes v2 through the Hive name, its second names v2 directly.
    const viaLink: Template = { ...spark('both-names-link'), inputs: [{ namespace: 'hive://ms', name: 'db.both', facets: { ...version('v2'), symlinks: { identifiers: [{ namespace: 'hdfs://nn', name: '/data/both', type: 'DIRECTORY' }] } } }], outputs: [] };
    const direct: Template = { ...spark('both-names-direct'), inputs: [{ namespace: 'hdfs://nn', name: '/data/both', facets: version('v2') }, { namespace: 'hdfs://nn', name: '/data/both', facets: version('v1') }], outputs: [] };
    const { status, body } = await post([viaLink, direct]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 2, rejected: 0 });
    const dataset = (await datasetNamed('hdfs://nn', '/data/both'))!;
    expect((await getDb().select({ version: datasetVersions.version }).from(datasetVersions).where(eq(datasetVersions.datasetId, dataset.id))).map((v) => v.version).sort()).toEqual(['v1', 'v2']);
    const inputOf = async (runId: string) => (await edgesOf(runId)).filter((e) => e.relation === 'input').map((e) => e.from).sort();
    expect((await inputOf(direct.run.runId))).toContain((await inputOf(viaLink.run.runId))[0]);
  });
});

describe('one runId is one run of one job; late and replayed events', () => {
  it('refuses (409) an event that reuses a runId for another job, and leaves the run as it was', async () => {
    const event = spark('reuse');
    await post(event);
    const before = (await run(event.run.runId))!;
    const { status, body } = await post({ ...event, job: { namespace: 'other', name: 'job' } });
    expect(status).toBe(409);
    expect(body.error.message).toMatch(/one run of one job/);
    expect(await run(event.run.runId)).toEqual(before);
  });

  it('keeps what COMPLETE said when a START with an earlier time arrives after it, but merges the START\'s inputs', async () => {
    const complete = { ...spark('late'), eventType: 'COMPLETE', eventTime: '2026-03-01T10:00:00Z', run: { runId: runIdFor('late', { name: 'x' }), facets: { errorMessage: { message: 'from COMPLETE', programmingLanguage: 'JAVA' } } } };
    await post(complete);
    const lateStart = { ...complete, eventType: 'START', eventTime: '2026-03-01T09:00:00Z', run: { runId: complete.run.runId, facets: { errorMessage: { message: 'from START', programmingLanguage: 'JAVA' } } }, inputs: [{ namespace: 'ins', name: 'late-only-input' }] };
    expect((await post(lateStart)).status).toBe(201);
    const merged = (await run(complete.run.runId))!;
    expect(merged).toMatchObject({ state: 'COMPLETE', endedAt: '2026-03-01T10:00:00.000Z', startedAt: '2026-03-01T09:00:00.000Z', lastEventTime: '2026-03-01T10:00:00.000Z' });
    expect((merged.facets as { run: { errorMessage: { message: string } } }).run.errorMessage.message).toBe('from COMPLETE');
    expect((await edgesOf(complete.run.runId)).filter((e) => e.relation === 'input')).toHaveLength(2);
  });

  it('writes nothing at all, audit included, for an exact replay, and says so', async () => {
    const event = spark('replay');
    expect((await post(event)).status).toBe(201);
    const before = await totals();
    expect(await post(event)).toEqual({ status: 200, body: { status: 'duplicate', runId: event.run.runId, id: (await run(event.run.runId))!.id, warnings: expect.any(Array) } });
    expect(await totals()).toEqual(before);
  });
});

describe('dbt (structured-logs run of jaffle_shop, 72 events) and Flink', () => {
  it('takes the whole run as one batch: models labelled by jobType and linked to the dbt run, then a replay is all duplicates', async () => {
    const events = (readFixture('dbt-postgres-run.json') as Record<string, unknown>[]).map((e, index) => completeEvent(e, { salt: 'dbt', index }));
    const first = await post(events);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 72, duplicates: 0, rejected: 0 });
    const model = (await run(runIdFor('dbt', { namespace: 'dbt-test-namespace', name: 'model.jaffle_shop.stg_customers' })))!;
    expect(model).toMatchObject({ state: 'COMPLETE', jobType: { integration: 'DBT', jobType: 'MODEL', processingType: 'BATCH' }, parentJobName: 'dbt-run-jaffle_shop' });
    const key = nodeKey('run', model.id);
    expect((await describeNodes([key])).get(key)).toMatchObject({ kindLabel: 'dbt model' });
    const before = await totals();
    const again = await post(events);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 72, rejected: 0 });
    expect(await totals()).toEqual(before);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('answers each event of a mixed batch: accepted, refused for a bad facet, refused for a reused runId', async () => {
    const good = spark('mixed-good');
    const wrong = spark('mixed-wrong');
    wrong.outputs[0].outputFacets.outputStatistics.rowCount = 'wrong';
    const reused = { ...spark('mixed-good'), eventType: 'COMPLETE', job: { namespace: 'another', name: 'job' } };
    const { status, body } = await post([good, wrong, reused]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(body.items.map((i: { status: string; code?: string }) => [i.status, i.code])).toEqual([['accepted', undefined], ['rejected', 'invalid'], ['rejected', 'conflict']]);
    expect(await run(wrong.run.runId)).toBeUndefined();
  });

  it('labels a Flink streaming job as such, from its jobType', async () => {
    const event = completeEvent(readFixture('flink-kafka.json'), { salt: 'flink' });
    expect((await post(event)).status).toBe(201);
    const key = nodeKey('run', (await run(event.run.runId))!.id);
    expect((await describeNodes([key])).get(key)).toMatchObject({ kindLabel: 'Flink job', label: 'flink_examples_stateful' });
  });
});
