import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readCsvRecords } from '../lib/exports/testing';
import { expectNoSeriousA11yViolations } from './axe';
import { cardRowLayout, tableForScreenReaders } from './card-rows';
import { ACCOUNTS, createSystemAs, signIn, unique } from './helpers';

const WIDTHS = [1440, 1024, 390] as const;
const viewport = (width: number) => ({ width, height: width === 390 ? 844 : 900 });

/** How far the document scrolls sideways (a wide table inside its own scroll region does not count). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Four systems whose names differ in case only where binary order and reading order disagree. */
async function casedSystems(page: Page) {
  const tag = unique('lists').replace(' ', '-').toLowerCase();
  const names = [`${tag} beta`, `${tag} Alpha`, `${tag} gamma`, `${tag} alpha two`, `${tag} Delta`];
  for (const [i, name] of names.entries()) await createSystemAs(page, { name, purpose: `Listed (${tag}).`, riskTier: i === 4 ? 'minimal' : 'high' });
  return { tag, names };
}

const rowNames = (page: Page) => page.getByRole('table', { name: 'AI systems' }).locator('tbody tr td:first-child a').allTextContents();

test('a page past the end of a list says so and leads back to its last page, keeping the filters', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  for (const path of ['/systems', '/datasets', '/models']) {
    await page.goto(`${path}?page=99`);
    const paging = page.getByRole('navigation', { name: 'Pagination' });
    await expect(paging).toContainText('Page 99 is past the end of this list');
    await expect(paging).not.toContainText('Showing');
    await expect(paging).not.toContainText('Page 99 of');
    await paging.getByRole('link', { name: /Go to the (first|last) page/ }).click();
    await expect(page).toHaveURL(new RegExp(`${path}(\\?page=\\d+)?$`));
    await expect(paging).toContainText(/Showing [\d,]+–[\d,]+ of [\d,]+/);
  }

  await page.goto('/systems?riskTier=high&pageSize=1&page=500');
  const paging = page.getByRole('navigation', { name: 'Pagination' });
  const last = paging.getByRole('link', { name: /Go to the last page \(\d+\)/ });
  const pages = Number((await last.textContent())!.match(/\((\d+)\)/)![1]);
  await last.click();
  await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ riskTier: 'high', pageSize: '1', page: String(pages) });
  await expect(paging).toContainText(`Page ${pages} of ${pages}`);
  await expect(page.getByRole('table', { name: 'AI systems' }).locator('tbody tr')).not.toHaveCount(0);
});

test('names sort as people read them, ignoring case, both ways', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const { tag } = await casedSystems(page);
  await page.goto(`/systems?q=${encodeURIComponent(tag)}`);
  const ascending = [`${tag} Alpha`, `${tag} alpha two`, `${tag} beta`, `${tag} Delta`, `${tag} gamma`];
  await expect.poll(() => rowNames(page)).toEqual(ascending);
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('link').click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => rowNames(page)).toEqual([...ascending].reverse());
});

test('the inventory CSV carries the list’s filters and sort and holds exactly the systems listed', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const { tag } = await casedSystems(page);
  await page.goto('/systems?sort=name&dir=desc');
  const search = page.getByRole('search');
  await search.getByLabel('Search').fill(tag);
  await search.getByLabel('Risk tier').selectOption('high');
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/riskTier=high/);
  await expect(page).toHaveURL(/dir=desc/);
  const listed = await rowNames(page);
  expect(listed).toEqual([`${tag} gamma`, `${tag} beta`, `${tag} alpha two`, `${tag} Alpha`]);

  const link = page.getByRole('link', { name: 'Download inventory CSV' });
  await expect(link).toHaveAccessibleDescription('Exports the 4 systems listed, one row per model');
  const href = new URL((await link.getAttribute('href'))!, 'http://x');
  expect(Object.fromEntries(href.searchParams)).toEqual({ q: tag, riskTier: 'high', sort: 'name', dir: 'desc' });

  await link.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const { records } = readCsvRecords(fs.readFileSync((await download.path())!, 'utf8'));
  expect(records.map((r) => r.System)).toEqual(listed);
  expect(new Set(records.map((r) => r['Risk tier']))).toEqual(new Set(['high']));
});

test('the 403 page on a read-only page says what the roles allow, inside the shell, and leads home', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const response = await page.goto('/audit');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are not allowed to do this');
  await expect(page.getByRole('main')).not.toContainText('Nothing was changed');
  await expect(page.getByTestId('forbidden-roles')).toContainText('Dana Whitfield (Data scientist)');
  await expect(page.getByTestId('forbidden-roles')).toContainText('request promotions of your own versions');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('the lists and a system’s page stay within the screen and pass axe at 1440, 1024 and 390 px', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/systems?q=Retail+credit+scoring');
  const systemPath = await page.getByRole('link', { name: 'Retail credit scoring', exact: true }).getAttribute('href');
  for (const width of WIDTHS) {
    await page.setViewportSize(viewport(width));
    for (const path of ['/systems', '/datasets', systemPath!]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await sideways(page), `${path} at ${width}px`).toBeLessThanOrEqual(0);
      if (width !== 1024) await expectNoSeriousA11yViolations(page);
    }
  }
});

test('a table wider than a phone scrolls in its own labelled region, by keyboard too', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/systems?q=Retail+credit+scoring');
  const systemPath = await page.getByRole('link', { name: 'Retail credit scoring', exact: true }).first().getAttribute('href');
  await page.setViewportSize(viewport(390));
  await page.goto(systemPath!);
  const region = page.getByRole('region', { name: 'Datasets of this system' });
  expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
  await region.focus();
  await expect(region).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
});

test('the inventory is a table with every column from 1280 px and the same rows as cards below, sortable either way', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const { tag } = await casedSystems(page);
  const listPath = `/systems?q=${encodeURIComponent(tag)}`;
  const ascending = [`${tag} Alpha`, `${tag} alpha two`, `${tag} beta`, `${tag} Delta`, `${tag} gamma`];
  const region = page.getByRole('region', { name: 'AI systems' });
  const rows = page.getByRole('table', { name: 'AI systems' }).locator('tbody tr');
  for (const width of [1440, 1280]) {
    await page.setViewportSize(viewport(width));
    await page.goto('/systems');
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth), `the table is wider than its region at ${width} px`).toBeLessThanOrEqual(0);
    await expect(page.getByRole('columnheader', { name: 'Updated' })).toBeInViewport();
    await expect(page.getByRole('navigation', { name: 'Sort' })).toBeHidden();
    for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'table-row', captions: [] });
  }

  // One markup at every width: below 1280 px the same table rows are laid out as captioned cards.
  for (const width of [1024, 390]) {
    await page.setViewportSize(viewport(width));
    await page.goto(listPath);
    await expect.poll(() => rowNames(page)).toEqual(ascending);
    for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'grid', captions: ['Risk tier', 'Status', 'Owner', 'Models', 'Next review', 'Updated'] });
    expect(await page.locator('thead').evaluate((el) => el.getBoundingClientRect().height), 'the column headers are visually hidden').toBeLessThanOrEqual(1);
    const cards = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect()));
    expect(cards[0]!.width, 'a card is narrower than the screen').toBeLessThan(width);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    // Screen readers still get a table with its headers; the cards' captions are not read a second time.
    const forScreenReaders = await tableForScreenReaders(page, 'AI systems');
    expect(forScreenReaders.headers).toEqual(['name', 'risk tier', 'status', 'owner', 'models', 'next review', 'updated']);
    expect(forScreenReaders.rows).toHaveLength(ascending.length);
    expect(forScreenReaders.rows[0]).toHaveLength(7);
    expect(forScreenReaders.rows[0]!.join(' | ')).not.toMatch(/Risk tier|Next review|Owner|·/);
  }

  const sort = page.getByRole('navigation', { name: 'Sort' });
  await expect(sort.getByRole('link', { name: 'Name, sorted ascending' })).toHaveAttribute('aria-current', 'true');
  await sort.getByRole('link', { name: 'Name, sorted ascending' }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect.poll(() => rowNames(page)).toEqual([...ascending].reverse());
  await expect(sort.getByRole('link', { name: 'Name, sorted descending' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
