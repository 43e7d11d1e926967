import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, createToken, sameOrigin, signIn, signInNewContext, systemBody, unique } from './helpers';

// A drift breach becomes a high finding; its owner works it; a risk officer (not the owner) closes it with a signature.
test.describe.configure({ timeout: 150_000 });

const DAY = 86_400_000;
const shifted = { edges: [0, 10, 20, 30, 40], reference: [25, 25, 25, 25], current: [10, 20, 30, 40] };
const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

test('a risk officer works a finding from a monitoring breach to a signed closure', async ({ page, browser, request }) => {
  const headers = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['register', 'deploy:report', 'monitoring:write', 'findings:write'])}` };
  const system = await (await request.post('/api/v1/systems', { headers, data: systemBody({ riskTier: 'high', name: unique('Findings fraud') }) })).json();
  const model = await (await request.post('/api/v1/models', { headers, data: { systemId: system.id, name: unique('fraud-gbm').replace(' ', '-') } })).json();
  const digest = Buffer.from(unique('finding').padEnd(32, '0').slice(0, 32)).toString('hex');
  const version = await (await request.post('/api/v1/model-versions', { headers, data: { modelId: model.id, version: '1.0', artifactSha256: digest, format: 'onnx' } })).json();
  // The production policy's rules judge production traffic only: the version runs behind a production deployment.
  const deployment = await (await request.post('/api/v1/deployments', { headers, data: { environment: 'production', endpoint: `https://${digest.slice(0, 12)}.example/score`, reportedSha256: digest, modelVersionId: version.id } })).json();
  const end = new Date(Date.now() - DAY);
  const posted = await request.post('/api/v1/monitoring', {
    headers,
    data: { deploymentId: deployment.id, window: { start: new Date(end.getTime() - DAY).toISOString(), end: end.toISOString() }, producer: 'nightly drift job', drift: [{ feature: 'amount', method: 'psi', value: 0.03, driftDetected: false, histograms: shifted }] },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  const { breaches } = (await posted.json()) as { breaches: { findingId: string; metric: string; severity: string }[] };
  const psi = breaches.find((b) => b.metric === 'psi');
  expect(psi?.findingId).toBeTruthy();
  const findingId = psi!.findingId;
  // The risk officer rates it high (the tier's rule may rate the drift medium), so its closure must be signed.
  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const ro = rita.page;
  if (psi!.severity !== 'high') {
    const rated = await ro.request.patch(`/api/v1/findings/${findingId}`, { headers: sameOrigin(), data: { severity: 'high' } });
    expect(rated.status(), await rated.text()).toBe(200);
  }
  // A token never closes a finding, whatever its scopes.
  const byToken = await request.patch(`/api/v1/findings/${findingId}`, { headers, data: { status: 'closed', closureEvidence: 'Fixed.' } });
  expect(byToken.status()).toBe(403);

  // The owner works it: in remediation, then ready for validation; closing is not offered, and the API refuses it.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto(`/findings/${findingId}`);
  await expect(page.getByText('Open', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Start remediation' }).click();
  await expect(page.getByText('In remediation', { exact: true }).first()).toBeVisible();
  await page.getByLabel('Remediation plan').fill('Retrain on the last 90 days and re-baseline the reference histogram.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Retrain on the last 90 days', { exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Ready for validation' }).click();
  await expect(page.getByRole('button', { name: 'Validation failed: back to remediation' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close finding' })).toHaveCount(0);
  const ownerClose = await page.request.patch(`/api/v1/findings/${findingId}`, { headers: sameOrigin(), data: { status: 'closed', closureEvidence: 'Fixed it myself.', password: 'provenant-demo-2026' } });
  expect(ownerClose.status()).toBe(403);

  // The retrained figures, recorded by the pipeline: the close dialog offers them by name (pages show ids shortened).
  const recorded = await request.post('/api/v1/evaluations', { headers, data: { modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: digest, producer: 'ci', summary: 'Re-validation after retraining', metrics: [{ name: 'auc', value: 0.91 }] } });
  expect(recorded.status(), await recorded.text()).toBe(201);
  const proof = ((await recorded.json()) as { id: string }).id;

  // The risk officer closes it: evidence and password; a wrong password first is refused and recorded.
  await ro.setViewportSize({ width: 1440, height: 900 });
  await ro.goto('/findings?overdue=false&sort=raised');
  await expect(ro.getByRole('heading', { name: 'Every active finding by severity and lateness' })).toBeVisible();
  // The chart counts every active finding whatever the filters, and says so beside a filtered list.
  await expect(ro.getByText('The filters below choose the list, not this chart.')).toBeVisible();
  await expectNoSeriousA11yViolations(ro);
  await ro.goto(`/findings/${findingId}`);
  await ro.getByRole('button', { name: 'Close finding' }).click();
  const dialog = ro.getByRole('dialog');
  await expect(dialog.getByTestId('closure-meaning')).toContainText('is fixed, on the closure evidence given, as Risk officer');
  await dialog.getByLabel('Closure evidence').fill('PSI back to 0.04 on the retrained version over two weekly windows.');
  const proofField = dialog.getByLabel('Evaluation that proves the fix');
  await expect(proofField.locator('option').filter({ hasText: `Performance (staging) · ` }).filter({ hasText: `Re-validation after retraining · ${proof.slice(0, 8)}` })).toHaveAttribute('value', proof);
  await proofField.selectOption(proof);
  await dialog.getByLabel('Your password').fill('not-my-password');
  await dialog.getByRole('button', { name: 'Sign and close' }).click();
  await expect(dialog.getByText('Wrong password.', { exact: true })).toBeVisible();
  await dialog.getByLabel('Your password').fill('provenant-demo-2026');
  await dialog.getByRole('button', { name: 'Sign and close' }).click();
  await expect(dialog).toBeHidden();
  await expect(ro.getByText('Closed', { exact: true }).first()).toBeVisible();
  const timeline = ro.getByRole('region', { name: 'Timeline' }).or(ro.locator('section').filter({ has: ro.getByRole('heading', { name: 'Timeline' }) }));
  await expect(timeline.getByText('Closing refused: wrong password')).toBeVisible();
  await expect(timeline.getByText('Closed as fixed')).toBeVisible();
  await expect(ro.getByText(/I attest that F-\d+ .* is fixed/)).toBeVisible();
  await expect(ro.getByText(proof, { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(ro);

  await ro.setViewportSize({ width: 390, height: 844 });
  await ro.reload();
  await noSidewaysScroll(ro);
  await expectNoSeriousA11yViolations(ro);
  await ro.goto('/findings?status=all&sort=raised');
  await noSidewaysScroll(ro);
  await expectNoSeriousA11yViolations(ro);
  await rita.context.close();
});

test('a risk officer who mistyped a waiver’s expiry fixes it by typing: the keystroke that makes it valid is kept', async ({ page, request }) => {
  const headers = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['register', 'findings:write'])}` };
  const system = await (await request.post('/api/v1/systems', { headers, data: systemBody({ name: unique('Waiver typing') }) })).json();
  const raised = await request.post('/api/v1/findings', { headers, data: { type: 'limitation', severity: 'medium', title: unique('Thin files not validated'), description: 'Known limitation.', subjectType: 'system', subjectId: system.id } });
  expect(raised.status(), await raised.text()).toBe(201);
  const finding = (await raised.json()) as { id: string };
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto(`/findings/${finding.id}`);
  await page.getByRole('button', { name: 'Accept the risk' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Justification').fill('Thin files are 2% of applications.');
  await dialog.getByLabel('Compensating controls').fill('A credit officer reviews each.');
  const expiry = dialog.getByLabel('Expires on');
  await expiry.fill('2020-01-01');
  await dialog.getByLabel('Your password').fill('provenant-demo-2026');
  await dialog.getByRole('button', { name: /^(Sign|Accept)/ }).last().click();
  await expect(expiry).toHaveAttribute('aria-invalid', 'true');
  // Typed key by key, as a person does: the last key makes the date valid and clears the error; it must not be lost.
  const day = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  await expiry.fill('');
  await expiry.pressSequentially(day, { delay: 20 });
  await expect(expiry).toHaveValue(day);
  await expect(expiry).toHaveAttribute('aria-invalid', 'false');
  await expect(dialog.getByTestId('waiver-meaning')).toContainText(`until ${day}`);
});
