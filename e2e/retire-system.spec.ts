import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, signIn, unique } from './helpers';

// Retiring archives a system's approved versions but stops no service: the dialog names what is approved to run.
test('the retire dialog names a version approved to run; a retired system is read-only', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  const found = (await (await page.request.get('/api/v1/systems', { params: { q: 'Card fraud detection' } })).json()) as { items: { id: string; name: string }[] };
  const fraud = found.items.find((s) => s.name === 'Card fraud detection')!;
  await page.goto(`/systems/${fraud.id}`);
  await page.getByRole('button', { name: 'Retire', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Retire this system?' });
  await expect(dialog.getByTestId('retire-in-service')).toHaveText(/^Approved to run: fraud-detector 3\.2\.0 \(production\)\. Retiring archives it but stops no service/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  const system = await createSystemAs(page, { name: unique('Branch queue forecast') });
  await page.goto(`/systems/${system.id}`);
  await expect(page.getByRole('link', { name: 'Raise a finding' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Retire', exact: true }).click();
  await expect(dialog.getByTestId('retire-in-service')).toHaveCount(0);
  await dialog.getByLabel('Reason').fill('Replaced by the regional staffing model.');
  await dialog.getByRole('button', { name: 'Retire system' }).click();
  await expect(page.getByRole('button', { name: 'Retire', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  // Nothing new is raised on it (the verb refuses it), and it is reviewed no more: the page says so.
  await expect(page.getByRole('link', { name: 'Raise a finding' })).toHaveCount(0);
  await expect(page.getByTestId('review-state')).toHaveText(/^None due: the system is retired/);
  // Its reviews page agrees: no state badge, no next date, no triggers or snapshot for a review that will not come.
  await page.getByTestId('review-state').getByRole('link', { name: 'Reviews' }).click();
  await expect(page).toHaveURL(new RegExp(`/systems/${system.id}/reviews$`));
  await expect(page.getByText('None: the system is retired')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What the next review signs' })).toHaveCount(0);
  await expect(page.locator('h1 .badge').filter({ hasText: /Upcoming|Due now|Overdue|Not scheduled/ })).toHaveCount(0);
  expect((await (await page.request.get(`/api/v1/systems/${system.id}`)).json()).lifecycleStatus).toBe('retired');
});
