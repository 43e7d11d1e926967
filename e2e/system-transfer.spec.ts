import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, createToken, sameOrigin, signIn, signInNewContext, unique } from './helpers';

test.describe.configure({ timeout: 120_000 });

test('an owner gives a system to a colleague in the browser: the new owner is told and may edit it, the old one no longer', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const modelAnswer = await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('forecaster').replace(' ', '-') }, headers: sameOrigin() });
  expect(modelAnswer.status()).toBe(201);
  const model = await modelAnswer.json();

  // A pipeline's token cannot move a system, whatever its scope.
  const token = createToken(ACCOUNTS.dataScientist, ['register', 'read']);
  const byToken = await page.request.post(`/api/v1/systems/${system.id}/transfer`, { data: { ownerId: system.ownerId, fromOwnerId: system.ownerId, reason: 'A pipeline tries.' }, headers: { authorization: `Bearer ${token}` } });
  expect(byToken.status()).toBe(403);

  await page.goto(`/systems/${system.id}`);
  await page.getByRole('button', { name: 'Transfer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Give this system a new owner' });
  await expect(dialog).toContainText('Dana Whitfield owns this system now.');
  // Auditors and administrators may not own systems: they are not offered.
  await expect(dialog.getByLabel('New owner').locator('option', { hasText: 'Aude Laurent' })).toHaveCount(0);
  await dialog.getByLabel('New owner').selectOption({ label: 'Sam Okafor (sam.okafor@example.com)' });
  await dialog.getByLabel('Reason').fill('Dana moves to the payments team; Sam runs forecasting now.');
  await dialog.getByRole('button', { name: 'Transfer' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Sam Okafor', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  const refused = await page.request.patch(`/api/v1/systems/${system.id}`, { data: { limitations: 'Still mine?' }, headers: sameOrigin() });
  expect(refused.status()).toBe(403);
  // The model Dana registered went with the system: she no longer registers its versions.
  await page.goto(`/models/${model.id}`);
  await expect(page.getByRole('link', { name: 'Register version' })).toHaveCount(0);
  const versionRefused = await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.0.0', artifactSha256: 'ab'.repeat(32) }, headers: sameOrigin() });
  expect(versionRefused.status()).toBe(403);

  const { page: samPage, context } = await signInNewContext(browser, ACCOUNTS.otherDataScientist);
  await samPage.goto('/inbox');
  await expect(samPage.getByRole('link', { name: `Unread: ${system.name} is now owned by Sam Okafor (was Dana Whitfield), given by Dana Whitfield` })).toBeVisible();
  await samPage.goto(`/systems/${system.id}`);
  await expect(samPage.getByRole('link', { name: 'Edit' })).toBeVisible();
  await samPage.goto(`/models/${model.id}`);
  await expect(samPage.getByRole('link', { name: 'Register version' })).toBeVisible();
  await context.close();
});
