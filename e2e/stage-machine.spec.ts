import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, confirmTier, createSystemAs, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

// Two requests, one signature with scrypt re-authentication, two browser contexts.
test.describe.configure({ timeout: 120_000 });

async function requestTo(page: Page, url: string, target: 'staging' | 'production') {
  await page.goto(url);
  const gate = page.getByRole('region', { name: `Gate for ${target}` });
  await expect(gate).toContainText('Gate passes');
  await expect(gate).toContainText('Artifact scanned and safe (met) — Clean.');
  await gate.getByLabel(`Justification for ${target}`).fill(`Performance evidence recorded; ready for ${target}.`);
  await gate.getByRole('button', { name: `Request promotion to ${target}` }).click();
  await expect(page).toHaveURL(/\/approvals\//);
  return page.url();
}

test('once a version moves, its other open request is superseded and can no longer be signed', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'minimal' });
  await confirmTier(browser, system);
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('forward').replace(' ', '-') }, headers: sameOrigin() })).json();
  const version = await scannedVersion(page.request, model.id, '1.0.0');
  expect(version.scanStatus).toBe('clean');
  // Robustness too: policies.spec may have added it to the minimal tier's staging policy by now.
  for (const kind of ['performance', 'robustness']) {
    const recorded = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind, environment: 'staging', artifactSha256: version.artifactSha256, metrics: [{ name: 'auc', value: 0.9 }] }, headers: sameOrigin() });
    expect(recorded.status()).toBe(201);
  }
  const versionUrl = `/models/${model.id}/versions/${version.id}`;
  const toStaging = await requestTo(page, versionUrl, 'staging');
  const toProduction = await requestTo(page, versionUrl, 'production');

  // An open request is pending, not a failing gate: no red cross, who it waits on, and the way to it.
  await page.goto(versionUrl);
  const staging = page.getByRole('region', { name: 'Gate for staging' });
  await expect(staging).toContainText('Request pending');
  await expect(staging).not.toContainText('Gate does not pass');
  await expect(staging.getByTestId('awaiting')).toHaveText('Awaiting: Risk officer');
  await expect(staging.locator('[data-state="failed"]')).toHaveCount(0);
  await expect(staging.locator('[data-state="pending"]')).toContainText('No other open request for this stage (pending)');
  await expect(staging.locator('[data-state="pending"]').getByRole('link', { name: 'Open the request' })).toHaveAttribute('href', new URL(toStaging).pathname);
  await expect(staging.getByRole('button', { name: /Request promotion/ })).toHaveCount(0);

  const { page: officer, context } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await officer.goto(toProduction);
  await officer.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = officer.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(officer.getByRole('heading', { name: /approved/i })).toBeVisible();

  await officer.goto(toStaging);
  await expect(officer.getByRole('heading', { name: /superseded/i })).toBeVisible();
  await expect(officer.getByRole('button', { name: 'Sign', exact: true })).toHaveCount(0);
  await context.close();

  expect((await (await page.request.get(`/api/v1/model-versions/${version.id}`)).json()).stage).toBe('production');
  await page.goto(versionUrl);
  await expect(page.getByText('Stages only move forward.')).toBeVisible();
  await expect(page.getByTestId('promotion-history')).toContainText('Superseded');
});
