import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, signIn, unique } from './helpers';

/** A benign protocol-2 pickle (an empty dict): clean for the scanner. */
const BENIGN_PICKLE = Buffer.from('\x80\x02}q\x00.', 'latin1');

test('a data scientist records dataset, run and an uploaded version, and sees the chain in the lineage graph', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const namespace = `s3://${unique('bucket').replace(' ', '-')}`;

  await page.goto(`/datasets/new?systemId=${system.id}`);
  await page.getByLabel('Namespace').fill(namespace);
  await page.getByLabel('Name', { exact: true }).fill('applications');
  await page.getByRole('button', { name: 'Register dataset' }).click();
  await expect(page.getByRole('heading', { name: 'applications' })).toBeVisible();
  await page.getByRole('button', { name: 'Add version' }).click();
  await page.getByRole('textbox', { name: 'Version', exact: true }).fill('2025-12');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByRole('cell', { name: '2025-12' })).toBeVisible();

  await page.goto(`/models/new?systemId=${system.id}`);
  await page.getByLabel('Name').fill('scorer');
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.getByRole('link', { name: 'Register version' }).click();
  await page.getByRole('textbox', { name: 'Version', exact: true }).fill('1.0.0');
  await page.getByLabel('Artifact file', { exact: true }).setInputFiles({ name: 'model.pkl', mimeType: 'application/octet-stream', buffer: BENIGN_PICKLE });
  await expect(page.getByTestId('upload-result')).toContainText('scan: clean');
  await expect(page.getByLabel('Artifact SHA-256')).toHaveValue(/^[0-9a-f]{64}$/);
  await page.getByRole('button', { name: 'Register version' }).click();
  await expect(page.getByText('Bytes stored')).toBeVisible();
  await expect(page.getByText('Scan: clean').first()).toBeVisible();

  await page.goto('/lineage/runs/new');
  const runId = unique('mlflow').replace(' ', '-');
  await page.getByLabel('External run id', { exact: true }).fill(runId);
  await page.getByLabel('Job namespace', { exact: true }).fill('risk-ml');
  await page.getByLabel('Job name', { exact: true }).fill('train_scorer');
  await page.getByRole('combobox', { name: 'Input datasets' }).fill(`${namespace} applications`);
  await page.getByRole('option', { name: `${namespace}/applications @ 2025-12` }).click();
  await page.getByRole('combobox', { name: 'Output model versions' }).fill(`${system.name} scorer`);
  await page.getByRole('option', { name: `${system.name} / scorer @ 1.0.0` }).click();
  await page.getByRole('button', { name: 'Record run' }).click();
  await expect(page.getByRole('heading', { name: 'train_scorer' })).toBeVisible();

  await page.getByRole('link', { name: 'Open the graph' }).click();
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-laid-out', 'true');
  for (const label of ['applications @ 2025-12', 'train_scorer', 'scorer @ 1.0.0']) await expect(graph.getByText(label)).toBeVisible();
  const table = page.getByRole('table', { name: 'Lineage edges' });
  await expect(table.getByRole('row')).toHaveCount(3);

  await graph.getByText('scorer @ 1.0.0').click();
  await expect(page).toHaveURL(/\/models\/[^/]+\/versions\//);
});

test('the lineage API answers the graph and refuses a malformed node', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  const bad = await page.request.get('/api/v1/lineage', { params: { node: '../../etc/passwd', depth: '3' } });
  expect(bad.status()).toBe(400);
  // A deployment that runs a registered version, so its graph has one; other tests report untracked bytes meanwhile.
  const deployments = await (await page.request.get('/api/v1/deployments', { params: { integrity: 'matches' } })).json();
  const first = deployments.items[0];
  const graph = await page.request.get('/api/v1/lineage', { params: { node: `deployment:${first.id}`, depth: '5' } });
  expect(graph.status()).toBe(200);
  const body = await graph.json();
  expect(body.nodes.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['deployment', 'model_version']));
});
