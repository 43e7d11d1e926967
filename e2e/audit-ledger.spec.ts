import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { cardRowLayout, overflowingCells, tableForScreenReaders } from './card-rows';
import { ACCOUNTS, signIn } from './helpers';

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

/** Whether the document itself scrolls sideways (a wide table inside its own scroll region does not count). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** The entity link of the first event the filter finds, after checking it reads as a name, never as an id. */
async function entityLinkOf(page: Page, filter: string, name: string | RegExp) {
  await page.goto(`/audit?${filter}`);
  const link = page.getByTestId('audit-event').getByTestId('entity-link').filter({ hasText: name }).first();
  await expect(link).toBeVisible();
  await expect(link).not.toHaveText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  return link;
}

for (const { name, viewport } of WIDTHS) {
  test.describe(`the audit ledger (${name})`, () => {
    test.use({ viewport });

    test('names the entity of each event and opens its page', async ({ page }) => {
      await signIn(page, ACCOUNTS.auditor);

      const request = await entityLinkOf(page, 'action=promotion.signed&actor=rita.chen&pageSize=500', 'Promotion of credit-scorecard-gbm 3.2.0 to production');
      await expect(request).toHaveAttribute('title', /^promotion_request [0-9a-f-]{36}$/);
      await request.click();
      await expect(page).toHaveURL(/\/approvals\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('credit-scorecard-gbm');

      const model = await entityLinkOf(page, 'action=model.created&actor=sam.okafor&pageSize=500', /^fraud-detector$/);
      await model.click();
      await expect(page).toHaveURL(/\/models\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('fraud-detector');

      const version = await entityLinkOf(page, 'action=model_version.created&actor=sam.okafor&pageSize=500', /^fraud-detector 3\.2\.0$/);
      await version.click();
      await expect(page).toHaveURL(/\/models\/[0-9a-f-]{36}\/versions\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('3.2.0');

      const system = await entityLinkOf(page, 'action=system.created&actor=sam.okafor&pageSize=500', /^Card fraud detection$/);
      await system.click();
      await expect(page).toHaveURL(/\/systems\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Card fraud detection');

      // A person is named, but only an admin gets a link to the users page; the raw id stays in the details.
      await page.goto('/audit?action=user.created');
      const created = page.getByTestId('audit-event').first();
      await expect(created.getByTestId('entity-link')).toHaveCount(0);
      await created.getByText('Details').click();
      await expect(created.getByTestId('entity-raw')).toHaveText(/^user [0-9a-f-]{36}$/);
    });

    test('holds up at this width, filters by ISO dates and passes axe', async ({ page }) => {
      await signIn(page, ACCOUNTS.auditor);
      await page.goto('/audit');
      await expect(page.getByTestId('audit-event').first()).toBeVisible();
      expect(await scrollsSideways(page)).toBe(false);
      await expect(page.getByTestId('audit-event').first().getByText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/)).toBeVisible();
      // The same table rows either way: a table on a desktop, captioned cards on a phone; screen readers get the
      // table with its headers and no caption read twice.
      const phone = viewport.width < 768;
      const layout = await cardRowLayout(page.getByTestId('audit-event'));
      for (const row of layout) expect(row).toEqual(phone ? { display: 'grid', captions: ['Actor', 'Action', 'Entity'] } : { display: 'table-row', captions: [] });
      expect(await overflowingCells(page.getByTestId('audit-event'))).toEqual([]);
      const forScreenReaders = await tableForScreenReaders(page, 'Audit events');
      expect(forScreenReaders.headers).toEqual(['event', 'actor', 'action', 'entity']);
      expect(forScreenReaders.rows[0]!.join(' | ')).not.toMatch(/^Actor|\| Actor|\| Action|\| Entity/);
      await expectNoSeriousA11yViolations(page);

      const today = new Date().toISOString().slice(0, 10);
      await page.getByLabel('From (UTC)').fill(today);
      await page.getByLabel('To (UTC)').fill(today);
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
      await expect(page.getByLabel('From (UTC)')).toHaveValue(today);
      await expect(page.getByTestId('audit-event').first()).toBeVisible();
      // Today's sign-ins, this one included, can be left out.
      await expect(page.getByTestId('audit-event').filter({ hasText: 'Signed in' }).first()).toBeVisible();
      await page.getByLabel('Sign-ins').selectOption('hidden');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page).toHaveURL(/sessions=hidden/);
      await expect(page.getByTestId('audit-event').first()).toBeVisible();
      await expect(page.getByTestId('audit-event').filter({ hasText: 'Signed in' })).toHaveCount(0);

      await page.goto('/audit/packs');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evidence packs');
      await expect(page.getByLabel('Period from')).toHaveAttribute('placeholder', 'YYYY-MM-DD');
      expect(await scrollsSideways(page)).toBe(false);
      await expectNoSeriousA11yViolations(page);
    });

    test('links a person to the users page for an admin', async ({ page }) => {
      await signIn(page, ACCOUNTS.admin);
      const person = await entityLinkOf(page, 'action=user.created&pageSize=500', /^Rita Chen$/);
      await person.click();
      await expect(page).toHaveURL(/\/admin\/users$/);
      await expect(page.getByRole('cell').getByText('rita.chen@example.com', { exact: true })).toBeVisible();
    });
  });
}

test('a version’s History opens its whole history: its evidence, requests, signatures and findings, kept while filtering', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  const models = (await (await page.request.get('/api/v1/models', { params: { q: 'fraud-detector' } })).json()) as { items: { id: string; name: string }[] };
  const modelId = models.items.find((m) => m.name === 'fraud-detector')!.id;
  const versions = (await (await page.request.get('/api/v1/model-versions', { params: { modelId } })).json()) as { items: { id: string; version: string }[] };
  const version = versions.items.find((v) => v.version === '3.2.0')!;
  await page.goto(`/models/${modelId}/versions/${version.id}`);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?about=${version.id}$`));
  await expect(page.getByRole('note').filter({ hasText: 'The history of fraud-detector 3.2.0' })).toBeVisible();
  const events = page.getByTestId('audit-event');
  await expect(events.filter({ hasText: 'signed an approval of fraud-detector 3.2.0 for production' }).first()).toBeVisible();
  await expect(events.filter({ hasText: 'recorded red team evidence for fraud-detector 3.2.0' }).first()).toBeVisible();
  // Filtering keeps the history: only its signatures now, still of this version.
  await page.getByLabel('Action').selectOption('promotion.signed');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`about=${version.id}`));
  await expect(events).toHaveCount(3);
  await page.getByRole('link', { name: 'Show every event' }).click();
  await expect(page).not.toHaveURL(/about=/);
  await expect(page).toHaveURL(/\/audit\?(.*&)?action=promotion\.signed/);
});
