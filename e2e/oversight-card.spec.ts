import { expect, test, type Page } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, signIn } from './helpers';

// An auditor reads the demo fraud model's AI Card: the drift the server computed, the finding it raised, the accepted
// risks, the overdue-or-not review and the serious incident, live beside the card; a signed card it never had is refused.
test.describe.configure({ timeout: 120_000 });

/** The demo's fraud-detector 3.2.0, in production and monitored (lib/seed/seed-oversight.ts). */
async function fraudVersion(page: Page) {
  const models = await (await page.request.get('/api/v1/models', { params: { q: 'fraud-detector' } })).json();
  const modelId = (models.items as { id: string; name: string }[]).find((m) => m.name === 'fraud-detector')!.id;
  const versions = await (await page.request.get('/api/v1/model-versions', { params: { modelId } })).json();
  return { modelId, id: (versions.items as { id: string; version: string }[]).find((v) => v.version === '3.2.0')!.id };
}

test('the fraud model’s card shows its drift breach, the finding it raised and the serious incident, and holds up on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.auditor);
  const version = await fraudVersion(page);
  await page.goto(`/models/${version.modelId}/versions/${version.id}/card`);
  await expect(page.getByRole('heading', { name: 'AI Card: fraud-detector 3.2.0' })).toBeVisible();

  const monitoring = page.getByRole('region', { name: 'Monitored metrics against their rules' });
  const amount = monitoring.getByRole('row').filter({ hasText: 'psi on amount' });
  await expect(amount).toContainText('computed from histograms');
  await expect(amount).toContainText('High breach (the pipeline reported no drift)');
  await expect(monitoring.getByRole('row').filter({ hasText: 'psi on merchant_category' })).toContainText('Within the rules');

  await expect(page.getByRole('heading', { name: /^Findings \(\d+ active\)$/ })).toBeVisible();
  const active = page.getByRole('region', { name: 'Findings: Active (4)' });
  // The condition its production approval was signed on is tracked on the system, as a finding of its own.
  await expect(active.getByRole('row').filter({ hasText: 'Condition of approval (fraud-detector 3.2.0 → production)' })).toContainText('Medium');
  const breach = active.getByRole('row').filter({ hasText: 'Monitoring breach: psi of amount' });
  await expect(breach).toContainText('High');
  await expect(breach).toContainText('2 occurrences');
  await expect(breach).toContainText('Sam Okafor');
  const incidents = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Serious incidents (1)' }) });
  await expect(incidents).toContainText('Legitimate card payments declined in two regions');
  // The demo's deadline is 12 days 6 hours after the seed ran: 12 calendar days before 18:00 UTC, 13 after.
  await expect(incidents.getByText(/^Report due in 1[23] days/)).toBeVisible();
  await expect(incidents).toContainText('Draft report to the market surveillance authority prepared; legal review booked before filing.');
  await expect(page.getByRole('heading', { name: 'Periodic review' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Post-market performance evaluation' })).toContainText('Monitoring in production');
  await holdsUpAtDesktopAndPhone(page);

  await breach.getByRole('link', { name: /^F-\d+$/ }).click();
  await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/);

  // The card its signers approved eight weeks ago is the frozen snapshot: none of the drift, findings or incident since.
  const signed = await page.goto(`/models/${version.modelId}/versions/${version.id}/card?view=signed`);
  expect(signed?.status()).toBe(200);
  await expect(page.getByText('Live records are not part of a signed snapshot. The current card shows them as they stand.').first()).toBeVisible();
  await expect(page.getByText('Monitoring breach: psi of amount')).toHaveCount(0);
});
