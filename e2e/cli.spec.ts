import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, baseUrl, createToken, safetensorsBytes, signIn, systemBody, unique } from './helpers';

/** The pipeline CLI run as a CI job runs it: `node bin/provenant.mjs`, configured by the environment only. */
function provenant(args: string[], token: string, env: Record<string, string> = {}, input?: string) {
  const result = spawnSync('node', ['bin/provenant.mjs', ...args], { input, env: { NODE_ENV: 'production', PATH: process.env.PATH!, PROVENANT_URL: baseUrl(), PROVENANT_TOKEN: token, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The production version of the demo credit scorecard: the seed brought it there through a signed request. */
async function approvedDemoVersion(request: APIRequestContext, token: string) {
  const models = await request.get('/api/v1/models', { params: { q: 'credit-scorecard-gbm' }, headers: bearer(token) });
  const row = ((await models.json()) as { items: { id: string; production: { id: string } | null }[] }).items.find((m) => m.production);
  const version = await request.get(`/api/v1/model-versions/${row!.production!.id}`, { headers: bearer(token) });
  return (await version.json()) as { id: string; artifactSha256: string };
}

test('a pipeline registers a model file, is stopped by the gate, and ships only the approved digest', async ({ request, page }) => {
  test.slow(); // about fifteen CLI processes, each a fresh Node start, before the page is opened
  const token = createToken(ACCOUNTS.dataScientist, ['read', 'register', 'lineage:write', 'promote']);
  const system = await request.post('/api/v1/systems', { headers: bearer(token), data: systemBody({ purpose: 'Registered by the CLI end-to-end test.' }) });
  expect(system.status()).toBe(201);
  const model = await request.post('/api/v1/models', { headers: bearer(token), data: { systemId: ((await system.json()) as { id: string }).id, name: unique('cli model') } });
  expect(model.status(), await model.text()).toBe(201);
  const modelId = ((await model.json()) as { id: string }).id;

  // In the test's own output directory, which Playwright empties before each run.
  const file = test.info().outputPath('model.safetensors');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, safetensorsBytes('cli'));
  const registered = provenant(['register', '--model', modelId, '--version', '1.0.0', '--file', file, '--license', 'apache-2.0', '--json'], token);
  expect(registered.code, registered.stderr).toBe(0);
  const { artifact, version } = JSON.parse(registered.stdout) as { artifact: { sha256: string; scan: { status: string } }; version: { id: string; artifactSha256: string } };
  expect(artifact.scan.status).toBe('clean');
  expect(version.artifactSha256).toBe(artifact.sha256);
  expect(provenant(['register', '--model', modelId, '--version', '1.0.0', '--file', file], token)).toMatchObject({ code: 0, stdout: expect.stringMatching(/Already registered[\s\S]*Scan: clean/) });

  // Trivy's own SARIF (the reports' fixture, cited in lib/evidence/reports/fixtures/README.md): the server counts.
  const report = provenant(['report', '--version', version.id, '--file', 'lib/evidence/reports/fixtures/trivy-alpine-310.sarif'], token);
  expect(report.code, report.stderr).toBe(0);
  expect(report.stdout).toMatch(/Recorded security scan evidence[\s\S]*critical_vulnerabilities = 0[\s\S]*medium_vulnerabilities = 4/);
  expect(provenant(['report', '--version', version.id, '--file', file, '--format', 'sarif'], token)).toMatchObject({ code: 1, stderr: expect.stringContaining('Report refused, nothing stored') });

  const event = { eventType: 'COMPLETE', eventTime: new Date().toISOString(), producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.23.0/client/python', schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent', run: { runId: randomUUID() }, job: { namespace: 'cli-e2e', name: unique('train') }, inputs: [], outputs: [] };
  expect(provenant(['lineage', '--file', '-'], token, {}, `${JSON.stringify(event)}\n`)).toMatchObject({ code: 0, stdout: expect.stringContaining('1 event accepted, 0 rejected.') });
  const { job: _job, ...jobless } = { ...event, run: { runId: randomUUID() } };
  expect(provenant(['lineage', '--file', '-'], token, {}, JSON.stringify(jobless))).toMatchObject({ code: 1, stderr: expect.stringContaining('event 0: rejected') });

  const gate = provenant(['gate', '--version', version.id, '--stage', 'production'], token);
  expect(gate.code, gate.stderr).toBe(1);
  expect(gate.stdout).toContain('Gate for production fails');
  expect(gate.stderr).toContain('unmet: Performance evidence: Missing.');
  const promote = provenant(['promote', '--version', version.id, '--stage', 'production', '--justification', 'Opened by the pipeline after the build.'], token);
  expect(promote).toMatchObject({ code: 1, stderr: expect.stringContaining('gate does not pass') });

  const unapproved = provenant(['verify', '--digest', artifact.sha256], token);
  expect(unapproved).toMatchObject({ code: 1, stderr: expect.stringContaining('is in development') });
  expect(provenant(['verify', '--digest', 'f'.repeat(64)], token)).toMatchObject({ code: 1, stderr: expect.stringContaining('never registered') });

  const approved = await approvedDemoVersion(request, token);
  const shipped = provenant(['verify', '--digest', `sha256:${approved.artifactSha256}`, '--stage', 'production'], token);
  expect(shipped.code, shipped.stderr).toBe(0);
  expect(shipped.stdout).toMatch(/Approved: .* is credit-scorecard-gbm .* in production[\s\S]*signed by/);

  // The version page hands the pipeline author these command lines with the ids filled in.
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto(`/models/${modelId}/versions/${version.id}`);
  await expect(page.getByText(`provenant gate --version ${version.id} --stage production`, { exact: true })).toBeVisible();
  await holdsUpAtDesktopAndPhone(page);
});

test('a pipeline cannot tell pass from fail without a valid token, the right scope or a valid command line: exit 2', async ({ request }) => {
  const read = createToken(ACCOUNTS.dataScientist, ['read']);
  const { artifactSha256 } = await approvedDemoVersion(request, read);
  const badToken = provenant(['verify', '--digest', artifactSha256], 'pvn_not-a-real-token');
  expect(badToken).toMatchObject({ code: 2, stderr: expect.stringContaining('token was refused (401)') });
  expect(badToken.stderr).not.toContain('pvn_not-a-real-token');

  const deployOnly = createToken(ACCOUNTS.dataScientist, ['deploy:report']);
  expect(provenant(['verify', '--digest', artifactSha256], deployOnly)).toMatchObject({ code: 2, stderr: expect.stringContaining('scope "read"') });
  expect(provenant(['promote', '--version', 'x', '--stage', 'production', '--justification', 'A pipeline without the scope.'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('scope "promote"') });
  expect(provenant(['gate', '--version', 'no-such-version', '--stage', 'production'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('Not found (404)') });
  expect(provenant(['gate', '--version', 'x'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('--stage <stage> is required') });
  expect(provenant(['verify', '--digest', artifactSha256], read, { PROVENANT_URL: 'http://127.0.0.1:9' })).toMatchObject({ code: 2, stderr: expect.stringContaining('Cannot reach http://127.0.0.1:9') });
});
