import { expect, test } from '@playwright/test';
import { ACCOUNTS, changePolicy, createSystemAs, DEMO_PASSWORD, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

test('an admin proposes a change to a policy; a risk officer sees what it changes and approves it with their password; it is then in force', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/policies');
  const form = page.getByRole('form', { name: 'Policy minimal to staging' });
  await form.getByLabel('Robustness').check();
  await form.getByLabel('Max evidence age (days)').fill('120');
  // No reason, no proposal: the field says so.
  await form.getByRole('button', { name: 'Propose this change' }).click();
  await expect(form.getByText(/Say why the policy changes/).first()).toBeVisible();
  const reason = 'Robustness evidence for every staging promotion, as the model risk committee decided on 2026-12-01.';
  await form.getByLabel('Reason for the change').fill(reason);
  await form.getByRole('button', { name: 'Propose this change' }).click();
  // Proposed, not in force: one change at a time, and an administrator does not decide. The form gives way to the rules
  // in force and a note of the change awaiting approval.
  await expect(form).toHaveCount(0);
  const card = page.locator('section').filter({ has: page.getByRole('heading', { name: /^Minimal risk → staging \(v/ }) });
  await expect(card.getByRole('note')).toContainText('A change proposed by Alex Morgan on');
  await expect(card.getByRole('note')).toContainText('must be decided or withdrawn before another change can be proposed');
  await expect(card).not.toContainText('performance, robustness');
  const proposal = page.getByRole('article', { name: 'Proposed change to Minimal risk → staging' });
  await expect(proposal).toContainText(reason);
  await expect(proposal.getByRole('button', { name: /^Decide/ })).toHaveCount(0);

  const { context, page: ro } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await ro.goto('/admin/policies');
  const seen = ro.getByRole('article', { name: 'Proposed change to Minimal risk → staging' });
  const summary = ro.locator('section').filter({ has: ro.getByRole('heading', { name: /^Minimal risk → staging \(v/ }) });
  await expect(seen).toContainText('Proposed by Alex Morgan');
  await expect(summary.getByRole('note')).toContainText('These rules stay in force until it is approved.');
  const diff = seen.getByRole('table', { name: 'What the change to Minimal risk → staging sets otherwise' });
  await expect(diff.getByRole('row').filter({ hasText: 'Required evidence' })).toContainText('performance, robustness');
  await expect(diff.getByRole('row').filter({ hasText: 'Evidence age' })).toContainText('At most 120 days old');
  await expect(diff.getByRole('row')).toHaveCount(3);
  // Still the rules in force for everyone until it is approved.
  await expect(summary).not.toContainText('performance, robustness');
  await seen.getByRole('button', { name: 'Decide on the change to Minimal risk → staging' }).click();
  const dialog = ro.getByRole('dialog', { name: 'Decide on the change to Minimal risk → staging' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill('not the password');
  await dialog.getByRole('button', { name: 'Sign decision' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Nothing was decided.');
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign decision' }).click();
  await expect(dialog).toBeHidden();
  await expect(seen).toHaveCount(0);
  await expect(summary.getByRole('note')).toHaveCount(0);
  // Every rule, not only the evidence and signatures: what a signer holds a request to.
  for (const rule of ['performance, robustness', 'At most 120 days old', '1 risk officer', 'Must be scanned clean', 'Critical 7 days, high 30, medium 90, low 180', 'Every 36 months']) await expect(summary).toContainText(rule);
  await expect(ro.getByRole('button', { name: 'Propose this change' })).toHaveCount(0);
  await context.close();

  // The history says who proposed what, why, and who approved it.
  await page.reload();
  const latest = page.getByRole('table', { name: 'Policy versions' }).getByRole('row').filter({ hasText: reason });
  await expect(latest).toContainText('Alex Morgan');
  await expect(latest).toContainText('approved by Rita Chen');
  await expect(latest).toContainText('Required evidence, max evidence age');

  await form.getByLabel('Risk officer signatures').fill('0');
  await form.getByLabel('Security reviewer signatures').fill('0');
  await form.getByLabel('Reason for the change').fill('Trying to remove every signature.');
  await form.getByRole('button', { name: 'Propose this change' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
});

// The limited -> production policy: no other spec gates it. The test puts it back as it found it.
test('a production policy can require the training data in the lineage, the system\'s documentation and days in staging; the gate says what is missing', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.admin);
  const reason = 'Art. 10 lineage, Art. 13 documentation and a week in staging for limited-risk models, per the model risk committee.';
  await changePolicy(page, browser, 'limited', 'production', reason, async (form) => {
    await form.getByLabel(/Require the training data in the lineage/).check();
    await form.getByLabel(/Require the system's documentation/).check();
    await form.getByLabel('Days in staging first').fill('7');
    await form.getByLabel('Triggered review (days)').fill('14');
  });
  await expect(page.getByRole('table', { name: 'Policy versions' }).getByRole('row').filter({ hasText: reason })).toContainText('Days to sign a triggered review, training data in the lineage, system documentation, time in staging');

  try {
    const { page: ds } = await signInNewContext(browser, ACCOUNTS.dataScientist);
    const system = await createSystemAs(ds, { riskTier: 'limited', limitations: '', recommendations: ' ' });
    const model = (await (await ds.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('soak').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
    const version = await scannedVersion(ds.request, model.id, '1.0.0');
    await ds.goto(`/models/${model.id}/versions/${version.id}`);
    const gate = ds.getByRole('region', { name: 'Gate for production' });
    await expect(gate.locator('[data-state="failed"]').filter({ hasText: 'Training data in the lineage' })).toContainText('No dataset version is upstream of this version');
    await expect(gate.locator('[data-state="failed"]').filter({ hasText: 'In staging for 7 days first' })).toContainText('Now in development: promote it to staging first.');
    // Blank parts of the system's documentation are named, with the page where they are written.
    await expect(gate.locator('[data-state="failed"]').filter({ hasText: 'System documented for its users' })).toContainText('Blank on the system: limitations, recommendations');
    await expect(gate.getByRole('link', { name: 'Write the system’s documentation' })).toHaveAttribute('href', `/systems/${system.id}/edit`);
    expect((await ds.request.patch(`/api/v1/systems/${system.id}`, { data: { limitations: 'Knows only test data.', recommendations: 'Use in tests only.' }, headers: sameOrigin() })).status()).toBe(200);

    // A training run names its data: the lineage requirement is met, through the API a pipeline uses.
    const dataset = (await (await ds.request.post('/api/v1/datasets', { data: { systemId: system.id, namespace: 's3://soak', name: unique('train').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
    const data = (await (await ds.request.post(`/api/v1/datasets/${dataset.id}/versions`, { data: { version: 'v1' }, headers: sameOrigin() })).json()) as { id: string };
    const run = { externalRunId: unique('train').replace(' ', '-'), jobNamespace: 'ml', jobName: 'train', inputDatasetVersionIds: [data.id], outputModelVersionIds: [version.id] };
    expect((await ds.request.post('/api/v1/runs', { data: run, headers: sameOrigin() })).status()).toBe(201);
    await ds.reload();
    await expect(gate.locator('[data-state="met"]').filter({ hasText: 'Training data in the lineage' })).toContainText('1 dataset version upstream in the lineage.');
    const api = (await (await ds.request.get(`/api/v1/model-versions/${version.id}/gate`, { params: { stage: 'production' } })).json()) as { gate: { requirements: { id: string; met: boolean }[] } };
    expect(api.gate.requirements.filter((r) => ['lineage', 'documentation', 'staging-time'].includes(r.id))).toEqual([expect.objectContaining({ id: 'lineage', met: true }), expect.objectContaining({ id: 'documentation', met: true }), expect.objectContaining({ id: 'staging-time', met: false })]);

    // Everyone else reads the two rules.
    await ds.goto('/admin/policies');
    const policy = ds.locator('section').filter({ has: ds.getByRole('heading', { name: /^Limited risk → production/ }) });
    await expect(policy).toContainText('A dataset version must be upstream in the lineage');
    await expect(policy).toContainText('Every part of the system’s documentation must be written');
    await expect(policy).toContainText('At least 7 days in staging');
    await expect(policy).toContainText('Signed within 14 days of its trigger');
    // The system's reviews page says which window its tier's policy gives a triggered review.
    await ds.goto(`/systems/${system.id}/reviews`);
    await expect(ds.getByText(/a triggered review within 14 days \(limited-risk production policy v\d+\)/)).toBeVisible();
  } finally {
    await changePolicy(page, browser, 'limited', 'production', 'Back to the defaults once the policies test has run.', async (form) => {
      await form.getByLabel(/Require the training data in the lineage/).uncheck();
      await form.getByLabel(/Require the system's documentation/).uncheck();
      await form.getByLabel('Days in staging first').fill('');
      await form.getByLabel('Triggered review (days)').fill('');
    });
  }
});
