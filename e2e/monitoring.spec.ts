import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, changePolicy, createToken, signIn, systemBody, unique } from './helpers';

const DAY = 86_400_000;
const shifted = { edges: [0, 10, 20, 30, 40], reference: [25, 25, 25, 25], current: [5, 15, 30, 50] };

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test('a pipeline posts drift with a token; the chart shows the breach its "no drift" hid, at 1440 and 390 px', async ({ page, request }) => {
  const headers = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['register', 'deploy:report', 'monitoring:write'])}` };
  const readOnly = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['read'])}` };
  const system = await (await request.post('/api/v1/systems', { headers, data: systemBody({ riskTier: 'high', name: unique('Monitored fraud') }) })).json();
  const model = await (await request.post('/api/v1/models', { headers, data: { systemId: system.id, name: unique('fraud-gbm') } })).json();
  const digest = Buffer.from(unique('monitored').padEnd(32, '0').slice(0, 32)).toString('hex');
  const version = await (await request.post('/api/v1/model-versions', { headers, data: { modelId: model.id, version: '1.0', artifactSha256: digest, format: 'onnx' } })).json();
  // The production policy's rules judge production traffic: the version runs behind a production deployment.
  const deployment = await (await request.post('/api/v1/deployments', { headers, data: { environment: 'production', endpoint: `https://${digest.slice(0, 12)}.example/score`, reportedSha256: digest, modelVersionId: version.id } })).json();
  const unjudged = await request.post('/api/v1/monitoring', { headers, data: { modelVersionId: version.id, window: { start: new Date(Date.now() - 2 * DAY).toISOString(), end: new Date(Date.now() - DAY).toISOString() }, drift: [{ feature: 'merchant', histograms: shifted }] } });
  expect(await unjudged.json()).toMatchObject({ judged: false, breaches: [] });

  for (const daysAgo of [3, 2, 1]) {
    const end = new Date(Date.now() - daysAgo * DAY);
    const response = await request.post('/api/v1/monitoring', {
      headers,
      data: {
        deploymentId: deployment.id,
        window: { start: new Date(end.getTime() - DAY).toISOString(), end: end.toISOString() },
        producer: 'nightly drift job',
        metrics: [{ name: 'roc_auc', value: 0.9 - daysAgo / 100 }],
        drift: [{ feature: 'amount', method: 'psi', value: 0.03, driftDetected: false, histograms: shifted }],
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    const { breaches } = await response.json();
    expect(breaches[0]).toMatchObject({ metric: 'psi', feature: 'amount', contradictsProducer: true, severity: 'high', outcome: daysAgo === 3 ? 'created' : 'recurred' });
  }
  const future = await request.post('/api/v1/monitoring', { headers, data: { modelVersionId: version.id, window: { start: new Date().toISOString(), end: new Date(Date.now() + DAY).toISOString() }, metrics: [{ name: 'roc_auc', value: 0.9 }] } });
  expect(future.status()).toBe(400);
  const noScope = await request.post('/api/v1/monitoring', { headers: readOnly, data: { modelVersionId: version.id, window: { start: new Date(Date.now() - DAY).toISOString(), end: new Date().toISOString() }, metrics: [{ name: 'roc_auc', value: 0.9 }] } });
  expect(noScope.status()).toBe(403);

  await signIn(page, ACCOUNTS.dataScientist);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/models/${model.id}/versions/${version.id}`);
  await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Monitoring/ })).toBeVisible();
  const psi = page.locator('section').filter({ has: page.getByRole('heading', { name: 'psi · amount', exact: true }) });
  await expect(psi.getByText('Breach (high)')).toBeVisible();
  await expect(psi.getByText('The producer reported no drift; the figure Provenant computed breaches.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'psi · amount: results by window end' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('heading', { name: 'roc_auc', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(psi.getByText('Breach (high)')).toBeVisible();
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
});

test('a version without results says how to send them; the production policy editor lists its monitoring rules at 390 px', async ({ page, request, browser }) => {
  const headers = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['register'])}` };
  const system = await (await request.post('/api/v1/systems', { headers, data: systemBody() })).json();
  const model = await (await request.post('/api/v1/models', { headers, data: { systemId: system.id, name: unique('quiet') } })).json();
  const version = await (await request.post('/api/v1/model-versions', { headers, data: { modelId: model.id, version: '0.1', artifactSha256: 'e'.repeat(63) + '1', format: 'onnx' } })).json();
  await signIn(page, ACCOUNTS.admin);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/models/${model.id}/versions/${version.id}/monitoring`);
  await expect(page.getByText('No monitoring results yet')).toBeVisible();
  await expect(page.getByText('monitoring:write')).toBeVisible();
  await noSidewaysScroll(page);

  await page.goto('/admin/policies');
  // The demo's high-risk production policy has a change awaiting approval: its rules in force are listed, not edited.
  const high = page.locator('section').filter({ has: page.getByRole('heading', { name: /^High risk → production \(v/ }) });
  await expect(high.getByRole('note')).toContainText('awaits a risk officer');
  await expect(high).toContainText('psi ≥ 0.25: high finding');
  const form = page.getByRole('form', { name: 'Policy minimal to production' });
  await expect(form.getByRole('group', { name: 'Monitoring rules' })).toBeVisible();
  await expect(form.getByLabel('Rule 2 threshold')).toHaveValue('0.5');
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);

  // Edited like the other fields: a change a risk officer approves; an empty deadline keeps its default.
  await changePolicy(page, browser, 'minimal', 'production', 'A stricter drift threshold after the 2026 validation.', async (minimal) => {
    await minimal.getByLabel('Rule 1 threshold').fill('0.3');
    await minimal.getByLabel('High (days)').fill('21');
  });
  const minimal = page.getByRole('form', { name: 'Policy minimal to production' });
  await expect(minimal.getByLabel('Rule 1 threshold')).toHaveValue('0.3');
  await expect(minimal.getByLabel('High (days)')).toHaveValue('21');
  await expect(minimal.getByLabel('Critical (days)')).toHaveValue('7');
});
