import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, confirmTier, createSystemAs, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

// A data scientist's version passes its gate, a high finding is raised on it, and the gate then fails naming it.
test.describe.configure({ timeout: 120_000 });

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

test('a data scientist sees the gate blocked by a high finding, with a link to it, and nothing to request', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'minimal' });
  await confirmTier(browser, system);
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('gated').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
  const version = await scannedVersion(page.request, model.id, '1.0.0');
  const evaluation = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: version.artifactSha256, metrics: [{ name: 'auc', value: 0.9 }] }, headers: sameOrigin() });
  expect(evaluation.status()).toBe(201);

  const page_ = `/models/${model.id}/versions/${version.id}`;
  await page.goto(page_);
  const gate = page.getByRole('region', { name: 'Gate for production' });
  await expect(gate).toContainText('Gate passes');
  await expect(gate.locator('[data-state="met"]').filter({ hasText: 'No open critical or high finding' })).toBeVisible();

  const raised = await page.request.post('/api/v1/findings', {
    data: { type: 'validation_issue', severity: 'high', title: 'Leakage in the holdout set', description: 'The holdout shares customers with training.', subjectType: 'model_version', subjectId: version.id },
    headers: sameOrigin(),
  });
  expect(raised.status(), await raised.text()).toBe(201);
  const finding = (await raised.json()) as { id: string; number: number; dueDate: string };
  const name = `F-${finding.number} Leakage in the holdout set (high), due ${finding.dueDate}`;

  await page.reload();
  await expect(gate).toContainText('Gate does not pass');
  await expect(gate.locator('[data-state="failed"]').filter({ hasText: name })).toContainText('Open on this version');
  const request = gate.getByRole('button', { name: 'Request promotion to production' });
  await expect(request).toHaveAttribute('aria-disabled', 'true');
  await expect(request).toHaveAccessibleDescription(new RegExp(`Resolve F-${finding.number} Leakage`));
  await expect(gate.getByRole('link', { name: `Resolve ${name}` })).toHaveAttribute('href', `/findings/${finding.id}`);

  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await expect(gate).toBeVisible();
    expect(await scrollsSideways(page), `sideways scroll at ${size.width} px`).toBe(false);
    await expectNoSeriousA11yViolations(page);
  }
});

test('a signer sees beside the request what the gate does not judge: the system’s medium findings, its review and its incidents', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'minimal' });
  await confirmTier(browser, system);
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('standing').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
  const version = await scannedVersion(page.request, model.id, '1.0.0');
  expect((await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: version.artifactSha256, metrics: [{ name: 'auc', value: 0.9 }] }, headers: sameOrigin() })).status()).toBe(201);
  // A medium finding on the system itself: the gate passes over it, the signer should still see it.
  const raised = await page.request.post('/api/v1/findings', {
    data: { type: 'limitation', severity: 'medium', title: 'Intended use omits the call-centre channel', description: 'Agents use the scores too.', subjectType: 'system', subjectId: system.id },
    headers: sameOrigin(),
  });
  expect(raised.status(), await raised.text()).toBe(201);
  const finding = (await raised.json()) as { id: string; number: number };
  const requested = await page.request.post('/api/v1/promotion-requests', { data: { modelVersionId: version.id, targetStage: 'production', justification: 'Offline evaluation recorded on these bytes.' }, headers: sameOrigin() });
  expect(requested.status(), await requested.text()).toBe(201);
  const { id } = (await requested.json()) as { id: string };

  const { page: signer, context } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await signer.setViewportSize({ width: 1440, height: 900 });
  await signer.goto(`/approvals/${id}`);
  const standing = signer.getByTestId('system-standing');
  await expect(signer.getByRole('heading', { name: `Where ${system.name} stands now` })).toBeVisible();
  await expect(standing.getByRole('region', { name: 'Active findings' }).getByRole('link', { name: `F-${finding.number} Intended use omits the call-centre channel` })).toHaveAttribute('href', `/findings/${finding.id}`);
  await expect(standing.getByRole('region', { name: 'Last review' })).toContainText('No review signed yet');
  await expect(standing.getByRole('region', { name: 'Incidents not closed' })).toContainText('None.');
  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await signer.setViewportSize(size);
    await expect(standing).toBeVisible();
    expect(await scrollsSideways(signer), `sideways scroll at ${size.width} px`).toBe(false);
    await expectNoSeriousA11yViolations(signer);
  }

  // She approves on a condition: it is in the statement she signs, then with the signature and on the version's page.
  await signer.setViewportSize({ width: 1440, height: 900 });
  const condition = 'The call-centre channel is documented within 30 days.';
  await signer.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = signer.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Conditions (optional)').fill(condition);
  await expect(dialog.getByTestId('meaning')).toContainText(`as Risk officer, on these conditions: ${condition}”`);
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(signer.getByTestId('sign-confirmation')).toBeVisible();
  await expect(signer.getByTestId('signatures')).toContainText('Approved with conditions');
  await expect(signer.getByTestId('signature-conditions')).toContainText(`Conditions: ${condition}`);
  // In force with the approval, the condition is tracked as a finding on the version, owned by the system's owner.
  const tracked = signer.getByTestId('signature-conditions').getByTestId('condition-finding');
  await expect(tracked).toHaveText(/^Tracked as F-\d+ Open due \d{4}-\d{2}-\d{2}$/);
  const ref = (await tracked.getByRole('link').textContent())!;
  await page.goto(`/models/${model.id}/versions/${version.id}`);
  await expect(page.getByTestId('approval-conditions')).toContainText(condition);
  await expect(page.getByTestId('approval-conditions')).toContainText('For production, by Rita Chen as Risk officer');
  await expect(page.getByTestId('approval-conditions').getByTestId('condition-finding')).toContainText(`Tracked as ${ref}`);
  await page.goto(`/systems/${system.id}`);
  await expect(page.getByTestId('stage-conditions')).toContainText(`On conditions (Rita Chen): ${condition}`);
  await page.getByTestId('stage-conditions').getByRole('link', { name: ref }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${ref} Condition of approval`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(condition);
  await expect(page.getByText('Approval condition', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('setting-approval')).toContainText('the approval to production of Rita Chen as Risk officer');
  await expect(page.getByTestId('setting-approval').getByRole('link')).toHaveAttribute('href', `/approvals/${id}`);
  await context.close();
});
