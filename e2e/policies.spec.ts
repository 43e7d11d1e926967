import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './helpers';

test('an admin edits a promotion policy, which becomes a new version; others see it read-only', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/policies');
  const form = page.getByRole('form', { name: 'Policy minimal to staging' });
  await form.getByLabel('Robustness').check();
  await form.getByLabel('Max evidence age (days)').fill('120');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('status')).toContainText(/Saved as version \d+/);
  await expect(page.getByRole('table', { name: 'Policy versions' })).toContainText('Alex Morgan');

  await form.getByLabel('Risk officer signatures').fill('0');
  await form.getByLabel('Security reviewer signatures').fill('0');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('alert')).toBeVisible();

  const other = await browser.newPage();
  await signIn(other, ACCOUNTS.riskOfficer);
  await other.goto('/admin/policies');
  await expect(other.getByText(/Evidence: Performance, Robustness\. Signatures: 1 Risk officer\. Evidence at most 120 days old\./)).toBeVisible();
  await expect(other.getByRole('button', { name: 'Save as a new version' })).toHaveCount(0);
});
