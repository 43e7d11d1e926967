import { expect, test } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, EVERY_REQUIRED_KIND, createSystemAs, promoteToStaging, recordEvidence, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

const DAY = 86_400_000;

test('evidence that ages past the policy while a request is open: the page says it cannot be approved today, and a signer may only reject', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('aging').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
  const version = await scannedVersion(page.request, model.id, '1.0.0');
  await recordEvidence(page.request, version, EVERY_REQUIRED_KIND.filter(([kind]) => kind !== 'fairness'));
  await promoteToStaging(page, browser, version.id);
  // The high tier's production policy allows evidence 90 days old: this fairness evaluation has 25 seconds left, room
  // for the calls below on a busy machine.
  const start = Date.now();
  const aging = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind: 'fairness', environment: 'staging', artifactSha256: version.artifactSha256, performedAt: new Date(start - 90 * DAY + 25_000).toISOString(), metrics: [{ name: 'auc', value: 0.9 }] }, headers: sameOrigin() });
  expect(aging.status()).toBe(201);
  const submitted = await page.request.post('/api/v1/promotion-requests', { data: { modelVersionId: version.id, targetStage: 'production', justification: 'All required evidence is recorded and within tolerance.' }, headers: sameOrigin() });
  expect(submitted.status()).toBe(201);
  const { id } = (await submitted.json()) as { id: string };
  await page.waitForTimeout(Math.max(0, start + 26_000 - Date.now()));

  const { page: signer, context } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await signer.goto(`/approvals/${id}`);
  const notice = signer.getByRole('region', { name: 'This request cannot be approved today' });
  await expect(notice).toContainText('the gate no longer passes');
  await expect(notice).toContainText(/Stale/);
  await signer.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = signer.getByRole('dialog', { name: 'Sign this promotion' });
  await expect(dialog.getByRole('radio', { name: 'Approve' })).toBeDisabled();
  await expect(dialog.getByRole('radio', { name: 'Reject' })).toBeChecked();
  await dialog.getByLabel('Comment (required to reject)').fill('The fairness evidence is past the policy’s 90 days.');
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign rejection' }).click();
  await expect(dialog).toBeHidden();
  await expect(signer.getByRole('main')).toContainText('Rejected');
  await context.close();
});
