import { expect, test, type Browser, type Page } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, createSystemAs, createUser, promoteToStaging, recordEvidence, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

// Two full promotions through five browser contexts with scrypt re-authentication: slow on a busy 2-core machine.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

async function submit(page: Page, modelId: string, versionId: string, stage: 'staging' | 'production' = 'production') {
  await page.goto(`/models/${modelId}/versions/${versionId}`);
  const gate = page.getByRole('region', { name: `Gate for ${stage}` });
  await expect(gate).toContainText('Gate passes');
  await gate.getByLabel(`Justification for ${stage}`).fill('All required evidence is recorded and within tolerance.');
  await gate.getByRole('button', { name: `Request promotion to ${stage}` }).click();
  await expect(page).toHaveURL(/\/approvals\//);
  return page.url();
}

async function signAs(browser: Browser, email: string, url: string, password = DEMO_PASSWORD) {
  const { page, context } = await signInNewContext(browser, email);
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign this promotion' });
  // Nothing is chosen for the signer: the statement and the button wait for a decision.
  await expect(dialog.getByTestId('meaning')).toHaveText('Choose Approve or Reject: the statement you sign appears here.');
  await expect(dialog.getByRole('button', { name: 'Sign', exact: true })).toBeDisabled();
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(password);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  return { page, dialog, context };
}

test('a data scientist submits, a risk officer and a security reviewer sign, production moves and the old version is archived', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('scorer').replace(' ', '-') }, headers: sameOrigin() })).json();

  const bare = await scannedVersion(page.request, model.id, '0.9.0');
  await page.goto(`/models/${model.id}/versions/${bare.id}`);
  await expect(page.getByRole('region', { name: 'Gate for production' })).toContainText('Gate does not pass');
  await expect(page.getByRole('region', { name: 'Gate for production' })).toContainText('Performance evidence (not met) — Missing.');
  const blocked = page.getByRole('region', { name: 'Gate for production' });
  await expect(blocked.getByRole('button', { name: 'Request promotion to production' })).toHaveAttribute('aria-disabled', 'true');
  await expect(blocked.getByRole('link', { name: 'Record performance evidence', exact: true })).toHaveAttribute('href', `/models/${model.id}/versions/${bare.id}/evidence/new?kind=performance`);
  await expect(blocked.getByRole('textbox')).toHaveCount(0);

  const first = await scannedVersion(page.request, model.id, '1.0.0');
  await recordEvidence(page.request, first);
  // The high tier's production gate takes a version only from staging.
  await promoteToStaging(page, browser, first.id);
  const firstUrl = await submit(page, model.id, first.id);

  const { page: auditor } = await signInNewContext(browser, ACCOUNTS.auditor);
  await auditor.goto(firstUrl);
  await expect(auditor.getByRole('heading', { name: /1\.0\.0 → production/ })).toBeVisible();
  await expect(auditor.getByRole('button', { name: 'Sign', exact: true })).toHaveCount(0);
  await auditor.context().close();

  const wrong = await signAs(browser, ACCOUNTS.riskOfficer, firstUrl, 'not my password');
  await expect(wrong.dialog.getByText('Wrong password.').first()).toBeVisible();
  // A rejection started and cancelled leaves nothing behind: the dialog opens again with no decision and no errors.
  await wrong.dialog.getByLabel('Reject').check();
  await wrong.dialog.getByRole('button', { name: 'Sign rejection' }).click();
  await expect(wrong.dialog.getByText(/fields? to correct/)).toBeVisible();
  await wrong.dialog.getByRole('button', { name: 'Cancel' }).click();
  await wrong.page.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(wrong.dialog.getByLabel('Approve')).not.toBeChecked();
  await expect(wrong.dialog.getByLabel('Reject')).not.toBeChecked();
  await wrong.dialog.getByLabel('Approve').check();
  await expect(wrong.dialog.getByRole('button', { name: 'Sign approval' })).toBeVisible();
  await expect(wrong.dialog.getByText(/fields? to correct|Wrong password/)).toHaveCount(0);
  await expect(wrong.dialog.getByLabel('Your password')).toHaveValue('');
  await wrong.dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await expect(wrong.dialog.getByTestId('printed-name')).toHaveText('Rita Chen');
  await expect(wrong.dialog.getByTestId('meaning')).toContainText(`I approve the promotion of ${model.name} 1.0.0 to production as Risk officer`);
  await wrong.dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(wrong.page.getByTestId('signatures')).toContainText('Rita Chen');
  await expect(wrong.page.getByRole('button', { name: 'Sign', exact: true })).toHaveCount(0);

  const reviewer = await signAs(browser, ACCOUNTS.securityReviewer, firstUrl);
  await expect(reviewer.page.getByRole('heading', { name: /approved/i })).toBeVisible();
  expect((await (await page.request.get(`/api/v1/model-versions/${first.id}`)).json()).stage).toBe('production');

  const second = await scannedVersion(page.request, model.id, '1.1.0');
  await recordEvidence(page.request, second);
  await promoteToStaging(page, browser, second.id);
  const secondUrl = await submit(page, model.id, second.id);
  await Promise.all([wrong.context.close(), reviewer.context.close()]);
  const officer = await signAs(browser, ACCOUNTS.riskOfficer, secondUrl);
  await expect(officer.page.getByTestId('signatures')).toContainText('Rita Chen');
  await officer.context.close();
  const security = await signAs(browser, ACCOUNTS.securityReviewer, secondUrl);
  await expect(security.page.getByRole('heading', { name: /approved/i })).toBeVisible();
  await security.context.close();
  expect((await (await page.request.get(`/api/v1/model-versions/${second.id}`)).json()).stage).toBe('production');
  expect((await (await page.request.get(`/api/v1/model-versions/${first.id}`)).json()).stage).toBe('archived');

  await page.goto(`/systems/${system.id}`);
  await expect(page.getByRole('table', { name: 'Versions in staging and production' })).toContainText('Rita Chen, Sebastian Kowalski');

  // Decided requests stay findable: the approvals page lists them by outcome, the latest decision first.
  await page.goto(`/approvals?status=approved&systemId=${system.id}`);
  const decided = page.getByRole('table', { name: 'Approved promotion requests' });
  await expect(decided.getByRole('row')).toHaveCount(5);
  for (const [row, version, stage] of [[1, '1.1.0', 'production'], [2, '1.1.0', 'staging'], [3, '1.0.0', 'production'], [4, '1.0.0', 'staging']] as const) {
    await expect(decided.getByRole('row').nth(row)).toContainText(`${model.name} ${version}`);
    await expect(decided.getByRole('row').nth(row)).toContainText(stage);
    await expect(decided.getByRole('row').nth(row)).toContainText('Approved');
  }
  await expect(decided.getByRole('row').nth(3).getByRole('link', { name: `${model.name} 1.0.0` })).toHaveAttribute('href', new URL(firstUrl).pathname);
});

test('new evidence after submission makes the request unsignable: the page says so and signing says to resubmit', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('stale').replace(' ', '-') }, headers: sameOrigin() })).json();
  const v = await scannedVersion(page.request, model.id, '2.0.0');
  await recordEvidence(page.request, v);
  const url = await submit(page, model.id, v.id, 'staging');
  // The signer opened the dialog before the evidence arrived: the refusal says what changed and what to do.
  const { page: signer, context } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await signer.goto(url);
  await signer.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = signer.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await recordEvidence(page.request, v, [['privacy', 'staging']]);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(dialog.getByRole('alert')).toContainText('changed since submission (the evidence)');
  await expect(dialog.getByRole('alert')).toContainText('must withdraw the request and submit it again');
  await signer.reload();
  const notice = signer.getByRole('region', { name: 'This request can no longer be signed' });
  await expect(notice).toContainText('the evidence');
  await expect(notice.getByRole('button', { name: 'Sign', exact: true })).toBeDisabled();
  // The approvals list says so too, instead of naming whom it awaits.
  await signer.goto(`/approvals?systemId=${system.id}`);
  const row = signer.getByRole('row').filter({ has: signer.getByRole('link', { name: `${model.name} 2.0.0` }) });
  await expect(row).toContainText('Can no longer be signed: the evidence changed since submission');
  await expect(row).not.toContainText('Awaiting');
  await context.close();
  await page.goto(url);
  await expect(page.getByRole('region', { name: 'This request can no longer be signed' })).toContainText('Withdraw it, then request the promotion again');
  // Withdrawn, the request is asked again from its justification, said to be a copy.
  await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await page.getByRole('dialog', { name: 'Withdraw this request?' }).getByRole('button', { name: 'Withdraw request' }).click();
  await expect(page.getByRole('button', { name: 'Withdraw', exact: true })).toHaveCount(0);
  await page.goto(`/models/${model.id}/versions/${v.id}`);
  const justification = page.getByRole('region', { name: 'Gate for staging' }).getByLabel('Justification for staging');
  await expect(justification).toHaveValue('All required evidence is recorded and within tolerance.');
  await expect(justification).toHaveAccessibleDescription(/^Copied from the request withdrawn on \d{4}-\d{2}-\d{2}: say what changed since\.$/);
});

test('a requester who is also a risk officer is never offered their own request to sign', async ({ page }) => {
  const both = createUser(['data_scientist', 'risk_officer']);
  await signIn(page, both.email, both.password);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('own').replace(' ', '-') }, headers: sameOrigin() })).json();
  const v = await scannedVersion(page.request, model.id, '1.0.0');
  await recordEvidence(page.request, v);
  await submit(page, model.id, v.id, 'staging');
  await expect(page.getByRole('note')).toContainText('You requested this promotion, so you cannot sign it');
  await expect(page.getByRole('button', { name: 'Sign', exact: true })).toHaveCount(0);
});
