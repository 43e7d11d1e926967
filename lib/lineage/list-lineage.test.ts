import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as deploymentsRoute from '@/app/api/v1/deployments/route';
import * as runsRoute from '@/app/api/v1/runs/route';
import { withTransaction } from '@/db';
import { modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { flaggedDeploymentCount, listDeployments, listRuns, unapprovedDeploymentCount } from './queries';
import { recordRun } from './record-run';
import { reportDeployment } from './report-deployment';

const ctx = { params: Promise.resolve({}) };
const get = (url: string, secret: string) => new NextRequest(`http://localhost${url}`, { headers: { authorization: `Bearer ${secret}` } });
const page = { page: 1, pageSize: 25 };
const run = (externalRunId: string, jobNamespace: string, jobName: string, state: 'START' | 'COMPLETE' | 'FAIL') =>
  ({ externalRunId, jobNamespace, jobName, state, inputDatasetVersionIds: [], baseModelVersionIds: [], outputModelVersionIds: [], outputDatasetVersionIds: [] });

/** Ties in time are broken by random ids: each record here gets a millisecond of its own, so "newest first" is one order. */
const nextMillisecond = async () => {
  const now = Date.now();
  while (Date.now() === now) await new Promise((resolve) => setTimeout(resolve, 1));
};

let alice: Actor;
let auditor: Actor;
let readToken: string;
let versionId: string;

beforeAll(async () => {
  [alice, auditor] = await Promise.all([makeActor(['data_scientist'], 'alice'), makeActor(['auditor'], 'auditor')]);
  readToken = (await createApiToken(alice, alice.userId, { name: 'read', scopes: ['read'] })).secret;
  const version = await createModelVersion(alice, { modelId: (await createModel(alice, { systemId: (await makeSystem(alice)).id, name: 'scorer' })).id, version: '1.0', artifactSha256: 'ab'.repeat(32), format: 'safetensors' });
  versionId = version.id;
  // Recorded in this order, so newest first is the reverse; names carry LIKE's wildcards to show they are matched literally.
  const steps = [
    () => recordRun(alice, run('run-credit-1', 'airflow://prod', 'credit_scoring.train', 'COMPLETE')),
    () => recordRun(alice, run('run-credit-2', 'airflow://prod', 'credit_scoring.train', 'FAIL')),
    () => recordRun(alice, run('run-fraud-1', 'airflow://dev', 'fraud%model', 'START')),
    () => recordRun(alice, run('run-aml-1', 'airflow://Überwachung', 'aml-alerts', 'COMPLETE')),
    () => reportDeployment(alice, { environment: 'production', endpoint: 'https://credit.internal/score', reportedSha256: version.artifactSha256, modelVersionId: version.id }),
    () => reportDeployment(alice, { environment: 'staging', endpoint: 'https://credit.staging/score', reportedSha256: 'ee'.repeat(32) }),
    () => reportDeployment(alice, { environment: 'production', endpoint: 'https://fraud_100%.internal/score', reportedSha256: version.artifactSha256, modelVersionId: version.id }),
    () => reportDeployment(alice, { environment: 'production', endpoint: 'https://fraud_100%.internal/score', reportedSha256: 'ff'.repeat(32) }),
  ];
  for (const step of steps) {
    await nextMillisecond();
    await step();
  }
});

describe('the training runs list', () => {
  it('finds runs by every word of the query in the job or run id, and by state, newest first', async () => {
    expect((await listRuns(auditor, page)).items.map((r) => r.externalRunId)).toEqual(['run-aml-1', 'run-fraud-1', 'run-credit-2', 'run-credit-1']);
    // A word is matched as typed: SQLite's LIKE folds ASCII case only, so lower-casing 'Ü' would find nothing.
    expect((await listRuns(auditor, { ...page, q: 'Überwachung aml' })).items.map((r) => r.externalRunId)).toEqual(['run-aml-1']);
    expect((await listRuns(auditor, { ...page, q: 'CREDIT prod' })).items.map((r) => r.externalRunId)).toEqual(['run-credit-2', 'run-credit-1']);
    expect((await listRuns(auditor, { ...page, q: 'credit dev' })).total).toBe(0);
    expect((await listRuns(auditor, { ...page, q: 'fraud-1' })).items.map((r) => r.jobName)).toEqual(['fraud%model']);
    expect((await listRuns(auditor, { ...page, q: '%' })).items.map((r) => r.jobName)).toEqual(['fraud%model']);
    expect((await listRuns(auditor, { ...page, q: '_' })).items.map((r) => r.jobName)).toEqual(['credit_scoring.train', 'credit_scoring.train']);
    expect(await listRuns(auditor, { ...page, state: 'FAIL' })).toMatchObject({ total: 1, items: [{ externalRunId: 'run-credit-2' }] });
    // A query is at most eight distinct words (each is a scan): repeats count once, a ninth word is not read.
    expect((await listRuns(auditor, { ...page, q: `${'credit '.repeat(90)}prod` })).total).toBe(2);
    expect((await listRuns(auditor, { ...page, q: 'c r e d i t s o nowhere' })).total).toBe(2);
  });

  it('pages, and the API reads the same filters and refuses unknown states', async () => {
    // A list carries no run's parameters or facets (up to a megabyte each): the run's own page and API answer them.
    expect(Object.keys((await listRuns(auditor, page)).items[0]!)).not.toContain('facets');
    expect(Object.keys((await listRuns(auditor, page)).items[0]!)).not.toContain('parameters');
    expect(await listRuns(auditor, { page: 2, pageSize: 2 })).toMatchObject({ total: 4, page: 2, items: [{ externalRunId: 'run-credit-2' }, { externalRunId: 'run-credit-1' }] });
    const response = await runsRoute.GET(get('/api/v1/runs?q=credit&state=COMPLETE', readToken), ctx);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ total: 1, items: [{ externalRunId: 'run-credit-1' }] });
    expect((await runsRoute.GET(get('/api/v1/runs?state=DONE', readToken), ctx)).status).toBe(400);
  });
});

describe('the deployments list', () => {
  it('filters by endpoint words (wildcards taken literally), environment and open integrity flags, most recently reported first', async () => {
    const endpoints = async (query: Partial<Parameters<typeof listDeployments>[1]>) => (await listDeployments(auditor, { ...page, ...query })).items.map((d) => d.deployment.endpoint);
    expect(await endpoints({})).toEqual(['https://fraud_100%.internal/score', 'https://credit.staging/score', 'https://credit.internal/score']);
    expect(await endpoints({ q: 'credit' })).toEqual(['https://credit.staging/score', 'https://credit.internal/score']);
    expect(await endpoints({ q: '100%' })).toEqual(['https://fraud_100%.internal/score']);
    expect(await endpoints({ q: 'credit_' })).toEqual([]);
    expect(await endpoints({ environment: 'staging' })).toEqual(['https://credit.staging/score']);
    // The staging endpoint runs bytes no version has; the fraud endpoint's second report no longer matches its version.
    expect(await endpoints({ integrity: 'flagged' })).toEqual(['https://fraud_100%.internal/score', 'https://credit.staging/score']);
    expect(await endpoints({ integrity: 'matches' })).toEqual(['https://credit.internal/score']);
    expect(await endpoints({ integrity: 'flagged', environment: 'production' })).toEqual(['https://fraud_100%.internal/score']);
    expect(await flaggedDeploymentCount(auditor)).toBe(2);
    // The credit endpoint's bytes match, but its version never left development (the fraud one now runs untracked bytes).
    expect(await endpoints({ approval: 'unapproved' })).toEqual(['https://credit.internal/score']);
    expect(await unapprovedDeploymentCount(auditor)).toBe(1);
    await withTransaction((tx) => tx.update(modelVersions).set({ stage: 'production' }).where(eq(modelVersions.id, versionId)));
    expect(await endpoints({ approval: 'unapproved' })).toEqual([]);
    await withTransaction((tx) => tx.update(modelVersions).set({ stage: 'archived' }).where(eq(modelVersions.id, versionId)));
    expect(await unapprovedDeploymentCount(auditor)).toBe(1);
    await withTransaction((tx) => tx.update(modelVersions).set({ stage: 'development' }).where(eq(modelVersions.id, versionId)));
  });

  it('pages through the API, each item with its reporter and flags, and refuses an unknown filter value', async () => {
    const response = await deploymentsRoute.GET(get('/api/v1/deployments?pageSize=2&page=2', readToken), ctx);
    expect(response.status).toBe(200);
    const body = await response.json();
    // Its version never reached production: the list says so beside matching bytes.
    expect(body).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ endpoint: 'https://credit.internal/score', openFlags: 0, reporterName: expect.any(String), modelName: 'scorer', versionStage: 'development' }] });
    expect((await deploymentsRoute.GET(get('/api/v1/deployments?integrity=broken', readToken), ctx)).status).toBe(400);
    expect((await deploymentsRoute.GET(get('/api/v1/deployments?pageSize=100000', readToken), ctx)).status).toBe(400);
  });
});
