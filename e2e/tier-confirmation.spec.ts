import { expect, test } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, createSystemAs, createToken, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

test.describe.configure({ timeout: 120_000 });

test("a minimal tier waits for a risk officer who does not own the system, who confirms it with her password before production, and again, seeing what changed, after its purpose changes", async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'minimal' });
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('tiered').replace(' ', '-') }, headers: sameOrigin() })).json();
  const version = await scannedVersion(page.request, model.id, '1.0.0');
  const versionUrl = `/models/${model.id}/versions/${version.id}`;

  // The owner's gate for production names what waits, and the way forward leads to the system's classification.
  await page.goto(versionUrl);
  const production = page.getByRole('region', { name: 'Gate for production' });
  await expect(production.locator('[data-state="failed"]').filter({ hasText: 'The minimal tier confirmed by a risk officer' })).toContainText('Not confirmed: a risk officer who neither owns the system nor classified it confirms the minimal tier on the system');
  await expect(production.getByRole('link', { name: 'Ask a risk officer who neither owns the system nor classified it to confirm its tier' })).toHaveAttribute('href', `/systems/${system.id}#classification`);
  await expect(page.getByRole('region', { name: 'Gate for staging' })).not.toContainText('tier confirmed');

  // The owner cannot confirm their own choice: no button, and the API refuses their session and their token.
  await page.goto(`/systems/${system.id}`);
  await expect(page.getByTestId('tier-confirmation')).toContainText(`Not confirmed since ${system.createdAt.slice(0, 10)}: a risk officer who neither owns the system nor classified it confirms the minimal tier`);
  await expect(page.getByRole('button', { name: 'Confirm tier' })).toHaveCount(0);
  const own = await page.request.post(`/api/v1/systems/${system.id}/tier-confirmation`, { data: { riskTier: 'minimal', password: DEMO_PASSWORD }, headers: sameOrigin() });
  expect(own.status()).toBe(403);
  const token = createToken(ACCOUNTS.dataScientist, ['register', 'read']);
  const byToken = await page.request.post(`/api/v1/systems/${system.id}/tier-confirmation`, { data: { riskTier: 'minimal', password: DEMO_PASSWORD }, headers: { authorization: `Bearer ${token}` } });
  expect(byToken.status()).toBe(403);

  // The risk officer's inbox lists the tiers waiting for her, oldest first (the demo's own among them; other tests add
  // many), and the systems list filters all of them: she finds this one there and confirms the tier she reads.
  const { page: officer, context } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await officer.goto('/inbox');
  await expect(officer.getByRole('link', { name: 'Confirm the limited tier of Internal code assistant' })).toHaveAttribute('href', /\/systems\/.+#classification$/);
  await officer.goto(`/systems?tierConfirmation=awaited&q=${encodeURIComponent(system.name)}`);
  await expect(officer.getByLabel('Tier confirmation')).toHaveValue('awaited');
  await officer.getByRole('link', { name: system.name }).click();
  await expect(officer).toHaveURL(new RegExp(`/systems/${system.id}$`));
  await officer.getByRole('button', { name: 'Confirm tier' }).click();
  const dialog = officer.getByRole('dialog', { name: `Confirm the minimal tier of ${system.name}?` });
  await expect(dialog.getByTestId('tier-meaning')).toHaveText(`“I confirm, as a risk officer who neither owns “${system.name}” nor classified it, that the minimal tier fits what it does as described”`);
  // She reads what the tier is judged on, and that no one confirmed it before; it is signed with her password.
  await expect(dialog).toContainText('No one has confirmed this system’s tier before');
  const judged = dialog.getByRole('definition');
  await expect(judged.first()).toHaveText('minimal');
  await expect(dialog.getByLabel('What the tier is judged on')).toContainText(system.purpose);
  await dialog.getByRole('button', { name: 'Confirm tier' }).click();
  await expect(dialog.getByLabel('Your password')).toHaveAccessibleDescription(/Enter your password to confirm\./);
  await dialog.getByLabel('Your password').fill('not her password');
  await dialog.getByRole('button', { name: 'Confirm tier' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Nothing was confirmed.');
  await expect(dialog.getByText('Wrong password.', { exact: true })).toBeVisible();
  await expect(officer.getByTestId('tier-confirmation')).toContainText('Not confirmed since');
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Confirm tier' }).click();
  await expect(officer.getByTestId('tier-confirmation')).toContainText('Tier confirmed by Rita Chen on');
  await expect(officer.getByRole('button', { name: 'Confirm tier' })).toHaveCount(0);
  // A second confirmation, and one of a tier other than the one in force, are refused.
  const again = await officer.request.post(`/api/v1/systems/${system.id}/tier-confirmation`, { data: { riskTier: 'minimal', password: DEMO_PASSWORD }, headers: sameOrigin() });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain('already confirmed by Rita Chen');
  await officer.goto(`/systems?tierConfirmation=awaited&q=${encodeURIComponent(system.name)}`);
  await expect(officer.getByRole('link', { name: system.name })).toHaveCount(0);
  await context.close();

  await page.goto(versionUrl);
  await expect(page.getByRole('region', { name: 'Gate for production' }).locator('[data-state="met"]').filter({ hasText: 'The minimal tier confirmed by a risk officer' })).toContainText('Confirmed by Rita Chen on');
  const record = await (await page.request.get(`/api/v1/systems/${system.id}`)).json();
  expect(record).toMatchObject({ tierConfirmedBy: { name: 'Rita Chen' } });

  // The owner gives it a new purpose: the tier waits again, and the dialog says what changed since Rita confirmed it.
  const newPurpose = 'Ranks branch staff for promotion from their sales figures.';
  const edited = await page.request.patch(`/api/v1/systems/${system.id}`, { data: { purpose: newPurpose }, headers: sameOrigin() });
  expect(edited.status(), await edited.text()).toBe(200);
  const { page: again2, context: context2 } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const waiting = await (await again2.request.get(`/api/v1/systems/${system.id}`)).json();
  expect(waiting).toMatchObject({ tierConfirmedAt: null });
  // A confirmation of the assessment as it was before the edit is refused: she must read the new purpose first.
  const stale = await again2.request.post(`/api/v1/systems/${system.id}/tier-confirmation`, { data: { riskTier: 'minimal', assessedAt: system.createdAt, password: DEMO_PASSWORD }, headers: sameOrigin() });
  expect(stale.status()).toBe(409);
  expect(await stale.text()).toContain('What the tier was judged on changed since you opened the page');
  await again2.goto(`/systems/${system.id}`);
  await again2.getByRole('button', { name: 'Confirm tier' }).click();
  const redo = again2.getByRole('dialog', { name: `Confirm the minimal tier of ${system.name}?` });
  const changes = redo.getByTestId('tier-changes');
  await expect(changes).toContainText('Rita Chen confirmed the minimal tier on');
  await expect(changes.getByRole('listitem')).toHaveCount(1);
  await expect(changes.getByRole('listitem')).toContainText(`PurposeThen ${system.purpose}Now ${newPurpose}`);
  await context2.close();
});
