import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './helpers';

// On a slow connection people choose before the page's script has run. React keeps such a choice on screen when it
// hydrates but not in a controlled field's state: the pack form read "One AI system" and offered no system to pick
// (CI failed on exactly this under load).
test('a scope chosen before the page’s script ran still offers its picker once the script runs', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  let release!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/chunks/**', async (route) => {
    await scriptsHeld;
    await route.continue();
  });

  await page.goto('/audit/packs', { waitUntil: 'commit' });
  const form = page.getByRole('form', { name: 'Generate an evidence pack' });
  await form.getByLabel('Scope').selectOption('system');
  await expect(form.getByLabel('AI system')).toHaveCount(0);
  release();

  await form.getByLabel('AI system').selectOption({ label: 'Retail credit scoring' });
  await expect(form.getByLabel('Scope')).toHaveValue('system');
});
