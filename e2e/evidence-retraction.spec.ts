import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, sameOrigin, signIn, signInNewContext, unique } from './helpers';

test('the creator retracts a wrong record with a reason: it stays listed, struck through, and the gate names the record that counts now', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'minimal' });
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('retract').replace(' ', '-') }, headers: sameOrigin() })).json();
  const version = await (await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.0.0', artifactSha256: 'e'.repeat(64), format: 'onnx' }, headers: sameOrigin() })).json();
  const record = async (value: number) => {
    const response = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: version.artifactSha256, metrics: [{ name: 'auc', value }] }, headers: sameOrigin() });
    expect(response.status()).toBe(201);
    return (await response.json()) as { id: string };
  };
  const kept = await record(0.81);
  const wrong = await record(0.99);

  const future = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: version.artifactSha256, performedAt: '2099-01-01T00:00:00Z' }, headers: sameOrigin() });
  expect(future.status()).toBe(400);

  await page.goto(`/models/${model.id}/versions/${version.id}`);
  const gate = page.getByRole('region', { name: 'Gate for staging' });
  await expect(gate).toContainText(`record ${wrong.id.slice(0, 8)}`);
  await expect(gate).toContainText("Not scanned: upload the artifact's bytes so the server can scan them.");

  await page.getByRole('button', { name: `Retract Performance evidence ${wrong.id.slice(0, 8)}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Retract this evidence?' });
  await dialog.getByLabel('Reason').fill('Evaluated on the training split by mistake.');
  await dialog.getByRole('button', { name: 'Retract evidence' }).click();
  const row = page.locator(`tr[data-status="retracted"]`);
  await expect(row).toContainText('Retracted: does not count');
  await expect(row).toContainText('Evaluated on the training split by mistake.');
  await expect(gate).toContainText(`record ${kept.id.slice(0, 8)}`);
  // On a phone the row is a card: its values are struck through, their captions are not (a block caption inherits the
  // row's line-through; an inline block does not).
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await row.evaluate((tr) => getComputedStyle(tr).textDecorationLine)).toBe('line-through');
  const caption = await row.locator('td[data-label]').first().evaluate((cell) => ({ display: getComputedStyle(cell, '::before').display, content: getComputedStyle(cell, '::before').content }));
  expect(caption).toEqual({ display: 'inline-block', content: expect.stringContaining('Run on') });
  await page.setViewportSize({ width: 1280, height: 720 });

  const again = await page.request.post(`/api/v1/evaluations/${wrong.id}/retract`, { data: { reason: 'Retracting the same record twice.' }, headers: sameOrigin() });
  expect(again.status()).toBe(409);

  // Someone else may record newer evidence, but not strike out this record.
  const { page: other, context } = await signInNewContext(browser, ACCOUNTS.otherDataScientist);
  await other.goto(`/models/${model.id}/versions/${version.id}`);
  await expect(other.getByRole('table', { name: 'Evaluation evidence' })).toContainText('0.81');
  await expect(other.getByRole('button', { name: /^Retract / })).toHaveCount(0);
  const refused = await other.request.post(`/api/v1/evaluations/${kept.id}/retract`, { data: { reason: 'Not mine to retract at all.' }, headers: sameOrigin() });
  expect(refused.status()).toBe(403);
  await context.close();
});
