import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, sameOrigin, signIn, unique, versionReadyForPromotion } from './helpers';

// A person reads the same on every page: their name, with the email (their identity) on hover, never the email in its place.
test.describe.configure({ timeout: 120_000 });

const DANA = { name: 'Dana Whitfield', email: ACCOUNTS.dataScientist };

/** The page names Dana, every mention of her carries her email on hover, and her email is nowhere in the text. */
async function namesDana(page: Page, path: string, mentions = 1) {
  await page.goto(path);
  const main = page.locator('main');
  const dana = main.locator('[data-person]', { hasText: DANA.name });
  await expect(dana.first(), path).toBeVisible();
  expect(await dana.count(), path).toBeGreaterThanOrEqual(mentions);
  for (const mention of await dana.all()) await expect(mention, path).toHaveAttribute('title', DANA.email);
  await expect(main, path).not.toContainText(DANA.email);
}

test('a system, its AI Cards, the lists and an incident name their owner, not the owner’s email', async ({ page }) => {
  await signIn(page, DANA.email);
  const { system, model, version } = await versionReadyForPromotion(page, 'people-names');

  // The technical owner and who classified the tier (stored as an email) are both named.
  await namesDana(page, `/systems/${system.id}`, 2);
  await expect(page.locator('main')).toContainText(`Classified by ${DANA.name} on`);
  await namesDana(page, `/systems/${system.id}/card`);
  await namesDana(page, `/models/${model.id}/versions/${version.id}/card`, 2);
  await namesDana(page, `/systems?q=${encodeURIComponent(system.name)}`);
  await namesDana(page, `/models/${model.id}`);

  // An incident she records and owns: its page names her as its owner and as who recorded it.
  const incident = await page.request.post('/api/v1/incidents', {
    data: { title: unique('People names'), description: 'A wrong decision reached a customer.', systemIds: [system.id], severity: 'low', serious: false, awareAt: new Date().toISOString() },
    headers: sameOrigin(),
  });
  expect(incident.status(), await incident.text()).toBe(201);
  const { id } = (await incident.json()) as { id: string };
  await namesDana(page, `/incidents/${id}`, 2);
});
