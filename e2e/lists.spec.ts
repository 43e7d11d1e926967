import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readCsvRecords } from '../lib/exports/testing';
import { expectNoSeriousA11yViolations } from './axe';
import { cardRowLayout, invisibleTabStops, overflowingCells, tableForScreenReaders } from './card-rows';
import { ACCOUNTS, createSystemAs, sameOrigin, signIn, unique, versionReadyForPromotion } from './helpers';

const WIDTHS = [1440, 1024, 390] as const;
const viewport = (width: number) => ({ width, height: width <= 390 ? 844 : 900 });

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
  await expect(link).toHaveAccessibleDescription('Exports the 4 systems listed: a row for each of their models');
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
  await signIn(page, ACCOUNTS.auditor);
  await page.setViewportSize(viewport(390));
  // Lists are cards on a phone now (the policy versions and signing keys too); a matrix of counts keeps its table.
  await page.goto('/admin/signing-keys');
  expect(await page.getByRole('region', { name: "Provenant's signing keys" }).evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await page.goto('/');
  const region = page.getByRole('region', { name: 'Findings by severity and status' });
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
  // A long unbroken name and a long vendor must wrap inside their card, never widen it.
  const long = await createSystemAs(page, {
    name: `${tag} zz-${'Unbroken'.repeat(20)}`,
    purpose: `Listed (${tag}).`,
    businessOwner: 'Head of '.repeat(20).trim(),
    thirdParty: true,
    vendorName: `Vendor${'Corporation'.repeat(12)}`,
  });
  const listPath = `/systems?q=${encodeURIComponent(tag)}`;
  const ascending = [`${tag} Alpha`, `${tag} alpha two`, `${tag} beta`, `${tag} Delta`, `${tag} gamma`, long.name];
  const region = page.getByRole('region', { name: 'AI systems' });
  const rows = page.getByRole('table', { name: 'AI systems' }).locator('tbody tr');
  const sortHeader = (name: string) => page.getByRole('columnheader', { name });
  for (const width of [1440, 1280]) {
    await page.setViewportSize(viewport(width));
    await page.goto('/systems');
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth), `the table is wider than its region at ${width} px`).toBeLessThanOrEqual(0);
    await expect(sortHeader('Updated')).toBeInViewport();
    await expect(region, 'a table that fits is no keyboard stop').not.toHaveAttribute('tabindex');
    for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'table-row', captions: [] });
  }

  // One markup at every width: below 1280 px the same table rows are laid out as captioned cards.
  for (const width of [1024, 390, 320]) {
    await page.setViewportSize(viewport(width));
    await page.goto(listPath);
    await expect.poll(() => rowNames(page)).toEqual(ascending);
    for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'grid', captions: ['Risk tier', 'Status', 'Owners', 'Models', 'Next review', 'Updated'] });
    expect(await overflowingCells(rows), `at ${width} px`).toEqual([]);
    expect(await sideways(page), `at ${width} px`).toBeLessThanOrEqual(0);
    // The sortable headers are the visible "Sort by" bar; the others are for screen readers only, and no keyboard stop
    // is invisible (the region around cards is none, as it does not scroll).
    await expect(sortHeader('Name').getByRole('link')).toBeInViewport();
    expect(await sortHeader('Owners').evaluate((th) => th.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    await expect(region).not.toHaveAttribute('tabindex');
    expect(await invisibleTabStops(region)).toEqual([]);
    // Screen readers still get a table with its headers, each cell read once, its parts apart.
    const forScreenReaders = await tableForScreenReaders(page, 'AI systems');
    expect(forScreenReaders.headers).toEqual(['name', 'risk tier', 'status', 'owners', 'models', 'next review', 'updated']);
    expect(forScreenReaders.rows).toHaveLength(ascending.length);
    expect(forScreenReaders.rows[0]).toEqual([`${tag} Alpha Listed (${tag}).`, 'High', 'Planned', expect.stringMatching(/^Dana Whitfield/), expect.stringMatching(/^0 models ?, 0 versions$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2}$|^—$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
  }

  await expect(sortHeader('Name')).toHaveAttribute('aria-sort', 'ascending');
  await sortHeader('Name').getByRole('link').click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect.poll(() => rowNames(page)).toEqual([...ascending].reverse());
  await expect(sortHeader('Name')).toHaveAttribute('aria-sort', 'descending');
  await expectNoSeriousA11yViolations(page);
});

/** A fresh open promotion request, so the approvals queue has a row of this test's own whatever other tests sign. */
async function openRequest(page: Page) {
  const { version } = await versionReadyForPromotion(page, 'carded');
  const request = await page.request.post('/api/v1/promotion-requests', { data: { modelVersionId: version.id, targetStage: 'staging', justification: 'Every required check is recorded for staging.' }, headers: sameOrigin() });
  expect(request.status(), await request.text()).toBe(201);
}

test('the daily lists (approvals, reviews, findings, datasets) are tables on a desktop and captioned cards on a phone', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ACCOUNTS.dataScientist);
  await openRequest(page);
  const lists = [
    { path: '/approvals', table: 'Open promotion requests', headers: ['version', 'target', 'risk tier', 'requested', 'signatures'] },
    { path: '/reviews', table: 'Systems to review', headers: ['system', 'state', 'due by', 'last review', 'owner'] },
    { path: '/findings?status=all', table: /^Findings: /, headers: ['finding', 'severity', 'status', 'subject', 'owner', 'due'] },
    { path: '/datasets', table: 'Datasets', headers: ['dataset', 'license', 'personal data'] },
  ];
  for (const width of [1440, 390]) {
    await page.setViewportSize(viewport(width));
    for (const list of lists) {
      await page.goto(list.path);
      const table = page.getByRole('table', { name: list.table });
      const layout = await cardRowLayout(table.locator('tbody tr'));
      expect(layout.length, `${list.path} has rows`).toBeGreaterThan(0);
      const captions = list.headers.slice(1).map((h) => h[0]!.toUpperCase() + h.slice(1));
      for (const row of layout) expect(row, `${list.path} at ${width} px`).toEqual(width === 390 ? { display: 'grid', captions } : { display: 'table-row', captions: [] });
      const name = (await table.locator('caption').textContent())!;
      expect((await tableForScreenReaders(page, name)).headers, `${list.path}: what screen readers get`).toEqual(list.headers);
      expect(await sideways(page), `${list.path} at ${width} px`).toBeLessThanOrEqual(0);
    }
  }
});
