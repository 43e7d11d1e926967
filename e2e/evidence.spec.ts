import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, sameOrigin, signIn, unique } from './helpers';

test('a data scientist records evidence with metrics and imports a model-index; the server decides pass or fail', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('m').replace(' ', '-') }, headers: sameOrigin() })).json();
  const version = await (await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.0.0', artifactSha256: 'c'.repeat(64), format: 'onnx' }, headers: sameOrigin() })).json();

  await page.goto(`/models/${model.id}/versions/${version.id}`);
  await page.getByRole('link', { name: 'Record evidence' }).click();
  await page.getByLabel('Kind').selectOption('fairness');
  await page.getByLabel('Producer or tool').fill('fairlearn 0.12');
  await page.getByLabel('Metric 1 name').fill('demographic_parity_difference');
  await page.getByLabel('Metric 1 value').fill('0.12');
  await page.getByLabel('Metric 1 comparator').selectOption('lte');
  await page.getByLabel('Metric 1 threshold').fill('0.1');
  await page.getByRole('button', { name: 'Record evidence' }).click();
  const table = page.getByRole('table', { name: 'Evaluation evidence' });
  await expect(table).toContainText('demographic_parity_difference 0.12');
  await expect(table).toContainText('fail');
  await expect(table).toContainText('These bytes');

  await page.getByRole('button', { name: 'Import model-index' }).click();
  await page.getByLabel('Model card or model-index (YAML or JSON)').fill('model-index:\n- name: scorer\n  results:\n  - task: {type: tabular-classification}\n    metrics:\n    - {type: roc_auc, value: 0.93}');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(table).toContainText('roc_auc 0.93');

  const other = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind: 'robustness', environment: 'staging', artifactSha256: 'd'.repeat(64), metrics: [] }, headers: sameOrigin() });
  expect(other.status()).toBe(201);
  expect((await other.json()).countsForVersion).toBe(false);
  await page.reload();
  await expect(table).toContainText('Other bytes: does not count');
});

test('an auditor sees evidence but cannot record it', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  const versions = await (await page.request.get('/api/v1/model-versions', { params: { pageSize: '1' } })).json();
  const v = versions.items[0];
  const refused = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: v.id, kind: 'performance', environment: 'staging', artifactSha256: v.artifactSha256 }, headers: sameOrigin() });
  expect(refused.status()).toBe(403);
  await page.goto(`/models/${v.modelId}/versions/${v.id}`);
  await expect(page.getByRole('heading', { name: /Evaluation evidence/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Record evidence' })).toHaveCount(0);
});
