import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './helpers';

test('an admin edits a promotion policy, which becomes a new version; others see it read-only', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/policies');
  const form = page.getByRole('form', { name: 'Policy minimal to staging' });
  await form.getByLabel('Robustness').check();
  await form.getByLabel('Max evidence age (days)').fill('120');
  // No reason, no new version: the field says so.
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByText(/Say why the policy changes/).first()).toBeVisible();
  const reason = 'Robustness evidence for every staging promotion, as the model risk committee decided on 2026-12-01.';
  await form.getByLabel('Reason for the change').fill(reason);
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('status')).toContainText(/Saved as version \d+/);
  await expect(form.getByLabel('Reason for the change')).toHaveValue('');
  // The history says who changed what, and why.
  const latest = page.getByRole('table', { name: 'Policy versions' }).getByRole('row').filter({ hasText: reason });
  await expect(latest).toContainText('Alex Morgan');
  await expect(latest).toContainText('Required evidence, max evidence age');

  await form.getByLabel('Risk officer signatures').fill('0');
  await form.getByLabel('Security reviewer signatures').fill('0');
  await form.getByLabel('Reason for the change').fill('Trying to remove every signature.');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('alert')).toBeVisible();

  const other = await browser.newPage();
  await signIn(other, ACCOUNTS.riskOfficer);
  await other.goto('/admin/policies');
  const policy = other.locator('section').filter({ has: other.getByRole('heading', { name: /^Minimal risk → staging/ }) });
  // Every rule, not only the evidence and signatures: what a signer holds a request to.
  for (const rule of ['performance, robustness', 'At most 120 days old', '1 risk officer', 'Must be scanned clean', 'Critical 7 days, high 30, medium 90, low 180', 'Every 36 months']) await expect(policy).toContainText(rule);
  await expect(other.getByRole('button', { name: 'Save as a new version' })).toHaveCount(0);
});
