import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { cardRowLayout, invisibleTabStops, overflowingCells, tableForScreenReaders } from './card-rows';
import { ACCOUNTS, createSystemAs, sameOrigin, signIn, unique } from './helpers';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const COLUMNS = ['Name', 'AI system', 'Owner', 'Latest version', 'Stage', 'In production', 'Updated'];

/** How far the document scrolls sideways (a wide table inside its own scroll region does not count). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The model rows: table rows on wide screens, the same rows laid out as cards on phones. */
const models = (page: Page) => page.getByRole('table', { name: 'Models' }).locator('tbody tr');

for (const [label, viewport] of [['1440 px', DESKTOP], ['390 px', PHONE]] as const) {
  const phone = viewport === PHONE;
  test.describe(`the models list at ${label}`, () => {
    test.use({ viewport });

    test('shows every column for each model, without sideways scroll, and passes axe with a model page', async ({ page }) => {
      await signIn(page, ACCOUNTS.riskOfficer);
      await page.goto('/models?q=fraud-detector');
      const row = models(page).filter({ hasText: 'fraud-detector' });
      await expect(row).toHaveCount(1);
      if (phone) {
        expect(await cardRowLayout(row)).toEqual([{ display: 'grid', captions: ['AI system', 'Owner', 'Latest version', 'Stage', 'In production', 'Updated'] }]);
        expect((await tableForScreenReaders(page, 'Models')).headers).toEqual(COLUMNS.map((c) => c.toLowerCase()));
        // The sortable headers are the visible "Sort by" bar above the cards; nothing focusable is invisible.
        await expect(page.getByRole('columnheader', { name: 'Updated' }).getByRole('link')).toBeInViewport();
        expect(await invisibleTabStops(page.getByRole('main'))).toEqual([]);
      } else {
        for (const column of COLUMNS) await expect(page.getByRole('columnheader', { name: column })).toBeVisible();
        const cells = row.getByRole('cell');
        await expect(cells.nth(1)).toHaveText('Card fraud detection');
        await expect(cells.nth(2)).toHaveText('Sam Okafor');
        // Every column lies inside the viewport: nothing is clipped at 1440 px.
        const lastRight = await page.getByRole('columnheader', { name: 'Updated' }).evaluate((th) => th.getBoundingClientRect().right);
        expect(lastRight).toBeLessThanOrEqual(viewport.width);
      }
      await expect(row).toContainText('3.3.0');
      await expect(row).toContainText('Development');
      await expect(row).toContainText('3.2.0');
      await expect(row).toContainText('3 versions');
      await expect(row).toContainText(/\d{4}-\d{2}-\d{2}/);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await expectNoSeriousA11yViolations(page);

      await row.getByRole('link', { name: 'fraud-detector' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('fraud-detector');
      await expect(page.getByRole('heading', { name: '3 versions' })).toBeVisible();
      const archived = page.getByRole('table', { name: 'Versions' }).locator('tbody tr').filter({ hasText: '3.1.0' });
      await expect(archived).toContainText('PyTorch (ZIP)');
      await expect(archived).toContainText('Archived');
      const digest = await archived.locator('code').getAttribute('title');
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      // The whole digest is on the page; a card shows all of it, the table its start (clipped, with the whole as a title).
      const shown = await archived.locator('code').evaluate((code) => ({ clipped: code.parentElement!.scrollWidth > code.parentElement!.clientWidth, text: code.textContent }));
      expect(shown).toEqual({ clipped: !phone, text: digest });
      expect((await cardRowLayout(archived))[0]!.display).toBe(phone ? 'grid' : 'table-row');
      const versions = page.getByRole('table', { name: 'Versions' }).locator('tbody tr');
      expect(await overflowingCells(phone ? versions : versions.filter({ hasNot: page.locator('code') }))).toEqual([]);
      const versionCells = (await tableForScreenReaders(page, 'Versions')).rows.find((cells) => cells[0] === '3.1.0');
      expect(versionCells?.[6], 'the Registered cell, read with its parts apart').toMatch(/^\d{4}-\d{2}-\d{2} by \S/);
      expect(await invisibleTabStops(page.getByRole('main'))).toEqual([]);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await expectNoSeriousA11yViolations(page);
    });

    test('a filter narrows the list and stays in the URL, with the sort', async ({ page }) => {
      await signIn(page, ACCOUNTS.dataScientist);
      await page.goto('/models?sort=name&dir=desc');
      await page.getByLabel('Has a version in').selectOption('production');
      await page.getByLabel('Owner').selectOption({ label: 'Mine' });
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page).toHaveURL(/stage=production/);
      await expect(page).toHaveURL(/owner=me/);
      await expect(page).toHaveURL(/dir=desc/);
      await expect(models(page).filter({ hasText: 'cash-forecaster' })).toHaveCount(1);
      await expect(models(page).filter({ hasText: 'fraud-detector' })).toHaveCount(0);
      await expect(models(page).filter({ hasText: 'cv-ranker' })).toHaveCount(0);
      await page.reload();
      await expect(page.getByLabel('Has a version in')).toHaveValue('production');
      await expect(page.getByLabel('Owner')).toHaveValue('me');
      await expect(models(page).filter({ hasText: 'cash-forecaster' })).toContainText('1.4.0');
    });

    test('Register model leads through the system to the form, and is not offered to an auditor', async ({ page }) => {
      await signIn(page, ACCOUNTS.dataScientist);
      const system = await createSystemAs(page, { name: unique('Models list system') });
      await page.goto('/models');
      await page.getByRole('link', { name: 'Register model' }).click();
      await expect(page).toHaveURL(/\/models\/new$/);
      await page.getByLabel('AI system').selectOption({ label: system.name });
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page).toHaveURL(new RegExp(`/models/new\\?systemId=${system.id}$`));
      const name = unique('registered').replace(' ', '-');
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('button', { name: 'Add model' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await page.context().clearCookies();
      await signIn(page, ACCOUNTS.auditor);
      await page.goto('/models');
      await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Register model' })).toHaveCount(0);
    });
  });
}

test('an upload of bytes in no known format records "other", and a contradicting claim is refused', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const created = await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('format').replace(' ', '-') }, headers: sameOrigin() });
  const model = (await created.json()) as { id: string };
  await page.goto(`/models/${model.id}/versions/new`);
  await expect(page.getByLabel('Format')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Version', exact: true }).fill('1.0.0');
  await page.getByLabel('Artifact file', { exact: true }).setInputFiles({ name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(unique('not a model, whatever its name says')) });
  await expect(page.getByTestId('detected-format')).toHaveText('Format, read from the bytes: other');
  await expect(page.getByTestId('upload-result')).not.toContainText('unrecognized_format');
  const sha256 = await page.getByLabel('Artifact SHA-256').inputValue();

  const claim = await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '0.9.0', artifactSha256: sha256, format: 'safetensors' }, headers: sameOrigin() });
  expect(claim.status()).toBe(400);
  expect((await claim.json()).error.issues[0]).toMatchObject({ path: 'format' });

  await page.getByRole('button', { name: 'Register version' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Scan: format not recognised')).toBeVisible();
  await page.goto(`/models/${model.id}`);
  await expect(page.getByRole('row', { name: /1\.0\.0/ })).toContainText('other');
  await expect(page.getByRole('row', { name: /0\.9\.0/ })).toHaveCount(0);
});

test('registering the next version starts from the last one: its label is named and its license carried over', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const name = unique('next-version').replace(' ', '-');
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name }, headers: sameOrigin() })).json()) as { id: string };
  const first = await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.4.0', artifactSha256: 'd'.repeat(64), format: 'onnx', license: 'MIT' }, headers: sameOrigin() });
  expect(first.status(), await first.text()).toBe(201);
  await page.goto(`/models/${model.id}/versions/new`);
  await expect(page.getByRole('textbox', { name: 'Version', exact: true })).toHaveAccessibleDescription(`The newest version of ${name} is 1.4.0.`);
  await expect(page.getByLabel('License')).toHaveValue('MIT');
  await expect(page.getByLabel('URI')).toHaveAttribute('placeholder', `e.g. s3://models/${name.toLowerCase()}/<version>/model.onnx`);
});
