import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

test('an admin edits a promotion policy, which becomes a new version; others see it read-only', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/policies');
  const form = page.getByRole('form', { name: 'Policy minimal to staging' });
  await form.getByLabel('Robustness').check();
  await form.getByLabel('Max evidence age (days)').fill('120');
  // No reason, no new version: the field says so.
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByText(/Say why the policy changes/).first()).toBeVisible();
  const reason = 'Robustness evidence for every staging promotion, as the model risk committee decided on 2026-12-01.';
  await form.getByLabel('Reason for the change').fill(reason);
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('status')).toContainText(/Saved as version \d+/);
  await expect(form.getByLabel('Reason for the change')).toHaveValue('');
  // The history says who changed what, and why.
  const latest = page.getByRole('table', { name: 'Policy versions' }).getByRole('row').filter({ hasText: reason });
  await expect(latest).toContainText('Alex Morgan');
  await expect(latest).toContainText('Required evidence, max evidence age');

  await form.getByLabel('Risk officer signatures').fill('0');
  await form.getByLabel('Security reviewer signatures').fill('0');
  await form.getByLabel('Reason for the change').fill('Trying to remove every signature.');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('alert')).toBeVisible();

  const other = await browser.newPage();
  await signIn(other, ACCOUNTS.riskOfficer);
  await other.goto('/admin/policies');
  const policy = other.locator('section').filter({ has: other.getByRole('heading', { name: /^Minimal risk → staging/ }) });
  // Every rule, not only the evidence and signatures: what a signer holds a request to.
  for (const rule of ['performance, robustness', 'At most 120 days old', '1 risk officer', 'Must be scanned clean', 'Critical 7 days, high 30, medium 90, low 180', 'Every 36 months']) await expect(policy).toContainText(rule);
  await expect(other.getByRole('button', { name: 'Save as a new version' })).toHaveCount(0);
});

// The limited -> production policy: no other spec gates it. The test puts it back as it found it.
test('a production policy can require the training data in the lineage and days in staging; the gate says what is missing', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/policies');
  const form = page.getByRole('form', { name: 'Policy limited to production' });
  const save = async (reason: string) => {
    await form.getByLabel('Reason for the change').fill(reason);
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(form.getByRole('status')).toContainText(/Saved as version \d+/);
  };
  await form.getByLabel(/Require the training data in the lineage/).check();
  await form.getByLabel('Days in staging first').fill('7');
  const reason = 'Art. 10 lineage and a week in staging for limited-risk models, per the model risk committee.';
  await save(reason);
  await expect(page.getByRole('table', { name: 'Policy versions' }).getByRole('row').filter({ hasText: reason })).toContainText('Training data in the lineage, time in staging');

  try {
    const { page: ds } = await signInNewContext(browser, ACCOUNTS.dataScientist);
    const system = await createSystemAs(ds, { riskTier: 'limited' });
    const model = (await (await ds.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('soak').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
    const version = await scannedVersion(ds.request, model.id, '1.0.0');
    await ds.goto(`/models/${model.id}/versions/${version.id}`);
    const gate = ds.getByRole('region', { name: 'Gate for production' });
    await expect(gate.locator('[data-state="failed"]').filter({ hasText: 'Training data in the lineage' })).toContainText('No dataset version is upstream of this version');
    await expect(gate.locator('[data-state="failed"]').filter({ hasText: 'In staging for 7 days first' })).toContainText('Now in development: promote it to staging first.');

    // A training run names its data: the lineage requirement is met, through the API a pipeline uses.
    const dataset = (await (await ds.request.post('/api/v1/datasets', { data: { systemId: system.id, namespace: 's3://soak', name: unique('train').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
    const data = (await (await ds.request.post(`/api/v1/datasets/${dataset.id}/versions`, { data: { version: 'v1' }, headers: sameOrigin() })).json()) as { id: string };
    const run = { externalRunId: unique('train').replace(' ', '-'), jobNamespace: 'ml', jobName: 'train', inputDatasetVersionIds: [data.id], outputModelVersionIds: [version.id] };
    expect((await ds.request.post('/api/v1/runs', { data: run, headers: sameOrigin() })).status()).toBe(201);
    await ds.reload();
    await expect(gate.locator('[data-state="met"]').filter({ hasText: 'Training data in the lineage' })).toContainText('1 dataset version upstream in the lineage.');
    const api = (await (await ds.request.get(`/api/v1/model-versions/${version.id}/gate`, { params: { stage: 'production' } })).json()) as { gate: { requirements: { id: string; met: boolean }[] } };
    expect(api.gate.requirements.filter((r) => ['lineage', 'staging-time'].includes(r.id))).toEqual([expect.objectContaining({ id: 'lineage', met: true }), expect.objectContaining({ id: 'staging-time', met: false })]);

    // Everyone else reads the two rules.
    await ds.goto('/admin/policies');
    const policy = ds.locator('section').filter({ has: ds.getByRole('heading', { name: /^Limited risk → production/ }) });
    await expect(policy).toContainText('A dataset version must be upstream in the lineage');
    await expect(policy).toContainText('At least 7 days in staging');
  } finally {
    await form.getByLabel(/Require the training data in the lineage/).uncheck();
    await form.getByLabel('Days in staging first').fill('');
    await save('Back to the defaults once the policies test has run.');
  }
});
