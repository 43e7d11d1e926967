import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, getDb } from '@/db';
import { auditEvents, lineageEdges, mlflowModelVersions, models, modelVersions, trainingRuns } from '@/db/schema';
import { makeActor, makeSystem } from '@/lib/testing';
import { readMlflowFixture, startFakeMlflow, type FakeMlflow } from './fake-mlflow-server';
import { listWaitingMlflowVersions } from './queries';
import { reconcileMlflow } from './reconcile';
import { setMlflowTagSystems } from './tag-systems';

const D1 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const rows = async (table: typeof mlflowModelVersions | typeof auditEvents) => first(await getDb().select({ n: count() }).from(table).limit(1))!.n;

let mlflow: FakeMlflow;
let systemId: string;
beforeAll(async () => {
  systemId = (await makeSystem(await makeActor(['data_scientist']), { name: 'Card fraud' })).id;
  await setMlflowTagSystems(await makeActor(['admin']), { systemIds: [systemId], allowed: true });
  mlflow = await startFakeMlflow(systemId);
});
afterAll(() => mlflow.close());

describe('mlflow reconcile (against the doc-derived search responses served from 127.0.0.1)', () => {
  it('reports on a dry run what a real run would do, and changes nothing, audit included', async () => {
    const before = { mirror: await rows(mlflowModelVersions), audit: await rows(auditEvents) };
    const report = await reconcileMlflow({ url: mlflow.url, auth: { token: 'tok' }, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, added: ['fraud-detector/1', 'fraud-detector/2', 'churn-model/1'], registered: ['fraud-detector/1'] });
    expect({ mirror: await rows(mlflowModelVersions), audit: await rows(auditEvents) }).toEqual(before);
    expect(first(await getDb().select().from(models).where(eq(models.externalRef, 'mlflow:fraud-detector')).limit(1))).toBeUndefined();
  });

  it('pages through both searches with max_results and page_token, sending the token as MLflow\'s client does', () => {
    expect(mlflow.requests.map((r) => r.path)).toEqual([
      '/api/2.0/mlflow/registered-models/search?max_results=100',
      '/api/2.0/mlflow/model-versions/search?max_results=100',
      '/api/2.0/mlflow/model-versions/search?max_results=100&page_token=eyJvZmZzZXQiOiAyfQ%3D%3D',
    ]);
    expect(new Set(mlflow.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer tok']));
  });

  it('registers what it can through the webhook\'s path and says why the rest is missing here', async () => {
    const report = await reconcileMlflow({ url: mlflow.url, auth: { username: 'ci', password: 'pw' }, dryRun: false });
    expect(mlflow.requests.at(-1)!.authorization).toBe(`Basic ${Buffer.from('ci:pw').toString('base64')}`);
    expect(report.registered).toEqual(['fraud-detector/1']);
    expect(report.missingHere).toEqual([
      { version: 'fraud-detector/2', reason: expect.stringMatching(/waits for its provenant\.sha256 tag/) },
      { version: 'churn-model/1', reason: expect.stringMatching(/No Provenant model is mapped/) },
    ]);
    const model = first(await getDb().select().from(models).where(eq(models.externalRef, 'mlflow:fraud-detector')).limit(1))!;
    expect(model.systemId).toBe(systemId);
    const version = first(await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, model.id)).limit(1))!;
    expect(version).toMatchObject({ version: '1', artifactSha256: D1, externalRef: 'mlflow:fraud-detector/1' });
    const run = first(await getDb().select().from(trainingRuns).where(eq(trainingRuns.externalRunId, '8a3c5e7f9b1d4f6a8c0e2b4d6f8a0c2e')).limit(1))!;
    expect(await getDb().select().from(lineageEdges).where(eq(lineageEdges.fromNode, `run:${run.id}`))).toHaveLength(1);
    expect((await getDb().select().from(mlflowModelVersions).where(eq(mlflowModelVersions.version, '1'))).find((r) => r.name === 'fraud-detector')!.aliases).toEqual(['champion']);
    expect((await getDb().select().from(mlflowModelVersions)).map((r) => r.name)).not.toContain('support-prompt');
    const summary = await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'mlflow.reconciled'));
    expect(summary).toHaveLength(1);
    expect(JSON.parse(summary[0]!.after!)).toMatchObject({ added: 3, registered: 1, missingHere: 2 });
  });

  it('lists, for admins only, the versions not registered yet with why', async () => {
    const [admin, auditor] = [await makeActor(['admin']), await makeActor(['auditor'])];
    await expect(async () => await listWaitingMlflowVersions(auditor, 1)).rejects.toThrow(/do not allow/);
    const waiting = await listWaitingMlflowVersions(admin, 1);
    expect(waiting.total).toBe(2);
    expect(waiting.items.map((w) => [w.name, w.version, w.reason, w.mappedTo])).toEqual([
      ['churn-model', '1', 'unmapped', null],
      ['fraud-detector', '2', 'awaiting_digest', 'fraud-detector'],
    ]);
  });

  it('reports tag and alias changes, registers a version whose digest arrived, and names what MLflow no longer lists', async () => {
    const page1 = readMlflowFixture('model-versions-search-page-1.json', systemId) as { model_versions: { tags: { key: string; value: string }[]; aliases: string[] }[] };
    page1.model_versions[1]!.tags.push({ key: 'provenant.sha256', value: 'f'.repeat(64) });
    page1.model_versions[0]!.aliases = [];
    mlflow.pages['model-versions/search'] = { model_versions: page1.model_versions };
    (mlflow.pages['registered-models/search'] as { registered_models: { aliases: unknown[] }[] }).registered_models[0]!.aliases = [];
    const report = await reconcileMlflow({ url: mlflow.url, auth: {}, dryRun: false });
    expect(report.added).toEqual([]);
    expect(report.changed).toEqual([
      { version: 'fraud-detector/1', differences: ['aliases [champion] -> []'] },
      { version: 'fraud-detector/2', differences: ['tag provenant.sha256 added'] },
    ]);
    expect(report.registered).toEqual(['fraud-detector/2']);
    expect(report.missingThere).toEqual(['churn-model/1']);
  });

  it('refuses a lone surrogate or a NUL that MLflow answers (JSON escapes), changing nothing', async () => {
    const strange = await startFakeMlflow(systemId);
    const models = readMlflowFixture('registered-models-search.json', systemId) as { registered_models: { name: string }[] };
    const before = { mirror: await rows(mlflowModelVersions), audit: await rows(auditEvents) };
    for (const name of ['fraud\ud800', 'fraud\u0000']) {
      models.registered_models[0]!.name = name; // JSON.stringify writes it as the escape \ud800 or \u0000
      strange.pages['registered-models/search'] = models;
      await expect(reconcileMlflow({ url: strange.url, auth: {}, dryRun: false })).rejects.toThrow(/MLflow answered text that cannot be stored at registered-models\/search \(registered_models\.0\.name\)/);
    }
    expect({ mirror: await rows(mlflowModelVersions), audit: await rows(auditEvents) }).toEqual(before);
    await strange.close();
  });

  it('fails without changing anything when MLflow refuses', async () => {
    const refusing = await startFakeMlflow(systemId, 403);
    const before = await rows(auditEvents);
    await expect(reconcileMlflow({ url: refusing.url, auth: {}, dryRun: false })).rejects.toThrow(/MLflow answered 403/);
    expect(await rows(auditEvents)).toBe(before);
    await refusing.close();
  });
});
