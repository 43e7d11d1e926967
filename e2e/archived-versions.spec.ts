import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, signIn } from './helpers';

/** The page of a demo model's version, found through the API as a pipeline would. */
async function versionPage(page: Page, modelName: string, label: string) {
  const models = (await (await page.request.get('/api/v1/models', { params: { q: modelName } })).json()) as { items: { id: string; name: string }[] };
  const model = models.items.find((m) => m.name === modelName)!;
  const versions = (await (await page.request.get('/api/v1/model-versions', { params: { modelId: model.id } })).json()) as { items: { id: string; version: string }[] };
  await page.goto(`/models/${model.id}/versions/${versions.items.find((v) => v.version === label)!.id}`);
}

// An auditor reads why a version left production, and is offered no rollback the request would refuse.
test('an archived version says what archived it, and a retired system’s offers no rollback', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  await versionPage(page, 'credit-scorecard-gbm', '3.1.0');
  const history = page.getByTestId('promotion-history');
  await expect(page.getByTestId('archived-by')).toContainText('replaced in production by 3.2.0, when its promotion was approved');
  await expect(page.getByTestId('archived-by').getByRole('link', { name: 'its promotion' })).toHaveAttribute('href', /^\/approvals\//);
  await expect(history).toContainText(/to production\s*requested by Dana Whitfield/);
  // Approved at onboarding for staging and then production, the high tier's way, so it rolls back to either.
  await expect(history).toContainText(/to staging\s*requested by Dana Whitfield/);
  await expect(page.getByRole('region', { name: 'Gate for staging' })).toContainText('Roll back to staging');
  const production = page.getByRole('region', { name: 'Gate for production' });
  await expect(production).toContainText('Roll back to production');
  // The high tier's policy allows no expedited rollback: no badge says otherwise.
  await expect(production.getByText('The policy for this tier and stage does not allow a rollback.')).toBeVisible();
  await expect(production.getByRole('heading').getByText('Expedited rollback')).toHaveCount(0);

  await versionPage(page, 'claims-router', '1.0.0');
  await expect(page.getByTestId('archived-by')).toContainText('its system was retired');
  const rollback = page.getByRole('region', { name: 'Gate for production' });
  await expect(rollback).toContainText('Gate does not pass');
  await expect(rollback).toContainText('System is in service');
});
