import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { cardRowLayout, overflowingCells, tableForScreenReaders } from './card-rows';
import { ACCOUNTS, DEMO_PASSWORD, createToken, createUser, sameOrigin, promoteToStaging, signIn, signInNewContext, versionReadyForPromotion } from './helpers';

// Detail pages' tables are cards below 768 px: a signer, an owner or an auditor on a phone reads every column.
test.describe.configure({ timeout: 120_000 });

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const NARROWEST = { width: 320, height: 640 };

/** How far the document scrolls sideways. */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Whether the element lies within the screen's width as laid out, not merely reachable by scrolling a region sideways. */
async function withinWidth(locator: Locator) {
  const box = (await locator.boundingBox())!;
  const width = locator.page().viewportSize()!.width;
  return box.width > 1 && box.x >= 0 && box.x + box.width <= width;
}

/**
 * A version whose gates pass, with two more records (one of two metrics against thresholds, one of none), taken to
 * staging and requested for production: its evidence as submitted has a continuation row and a row without metrics.
 */
async function requestedVersion(page: Page, browser: Browser) {
  const { system, model, version } = await versionReadyForPromotion(page, 'detail-cards');
  await promoteToStaging(page, browser, version.id);
  const more = [
    { kind: 'performance', metrics: [{ name: 'auc', value: 0.91, threshold: 0.8, comparator: 'gte' }, { name: 'false_positive_rate_at_operating_point', value: 0.042, threshold: 0.05, comparator: 'lte' }] },
    { kind: 'red_team', metrics: [] },
  ];
  for (const record of more) {
    const response = await page.request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, environment: 'staging', artifactSha256: version.artifactSha256, producer: 'ci', ...record }, headers: sameOrigin() });
    expect(response.status(), await response.text()).toBe(201);
  }
  const response = await page.request.post('/api/v1/promotion-requests', { data: { modelVersionId: version.id, targetStage: 'production', justification: 'Every required evaluation is recorded on these bytes.' }, headers: sameOrigin() });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { approvalPath: `/approvals/${id}`, versionPath: `/models/${model.id}/versions/${version.id}`, systemPath: `/systems/${system.id}` };
}

test('a system’s page lists its versions’ open promotion requests and who they wait on, at desktop and phone widths', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const { approvalPath, systemPath } = await requestedVersion(page, browser);
  for (const size of [{ width: 1280, height: 900 }, PHONE]) {
    await page.setViewportSize(size);
    await page.goto(systemPath);
    const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Awaiting sign-off (1)' }) });
    const row = card.getByRole('row').filter({ has: page.locator(`a[href="${approvalPath}"]`) });
    await expect(row).toContainText(/detail-cards.* 1\.0\.0/);
    await expect(row).toContainText('Production');
    await expect(row).toContainText('Waiting on Risk officer and Security reviewer');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  }
});

test('a signer on a phone reads each metric’s value, threshold and result of the evidence as submitted; a desktop keeps the table', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const { approvalPath } = await requestedVersion(page, browser);
  await page.setViewportSize(PHONE);
  await page.goto(approvalPath);
  const table = page.getByRole('table', { name: 'Evidence as submitted' });
  const rows = table.locator('tbody tr');
  // Five records of one metric, one of two (two rows), one of none.
  const layout = await cardRowLayout(rows);
  expect(layout).toHaveLength(8);
  const metricCaptions = ['Metric', 'Value', 'Stated threshold', 'Result'];
  expect(layout.filter((row) => row.display === 'grid' && row.captions.join() === metricCaptions.join())).toHaveLength(7);
  expect(layout.filter((row) => row.display === 'grid' && row.captions.length === 0)).toHaveLength(1);
  expect(await overflowingCells(rows)).toEqual([]);
  expect(await sideways(page)).toBeLessThanOrEqual(0);

  // The second metric of a record is a card of its own, titled as the record's continuation, its figures on screen.
  const continued = rows.filter({ hasText: 'false_positive_rate_at_operating_point' });
  await expect(continued.locator('td').first()).toHaveText('Performance, continued');
  expect(await withinWidth(continued.locator('td').first().locator('span'))).toBe(true);
  const cells = continued.locator('td');
  await expect(cells.nth(2)).toHaveText('0.042');
  await expect(cells.nth(3)).toHaveText('≤ 0.05');
  await expect(cells.nth(4)).toHaveText('pass');
  for (const n of [1, 2, 3, 4]) expect(await withinWidth(cells.nth(n)), `cell ${n} at 390 px`).toBe(true);
  // A record without metrics says so across its card.
  const bare = rows.filter({ hasText: 'No metrics' });
  await expect(bare.locator('td').first()).toContainText('Red team');
  expect(await withinWidth(bare.locator('td').nth(1))).toBe(true);
  // Screen readers still get the table and its headers.
  expect((await tableForScreenReaders(page, 'Evidence as submitted')).headers).toEqual(['record', 'metric', 'value', 'stated threshold', 'result']);
  // The card a gate's "decided by" link leads to stands out, as its row does in the table.
  const linked = (await bare.getAttribute('id'))!;
  await page.goto(`${approvalPath}#${linked}`);
  const background = (row: Locator) => row.evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(await background(bare)).not.toBe(await background(continued));

  await page.setViewportSize(DESKTOP);
  for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'table-row', captions: [] });
  // In the table, a continuation row's first cell is for screen readers only.
  expect((await continued.locator('td').first().locator('span').boundingBox())!.width).toBeLessThanOrEqual(1);
});

test('once someone has signed, the approval and version pages fit a 320 px screen, the evidence as cards', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const { approvalPath, versionPath } = await requestedVersion(page, browser);
  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await rita.page.goto(approvalPath);
  await rita.page.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = rita.page.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(rita.page.getByRole('status').filter({ hasText: 'Signature recorded' })).toBeVisible();
  await rita.context.close();

  await page.setViewportSize(NARROWEST);
  for (const path of [approvalPath, versionPath]) {
    await page.goto(path);
    const signed = page.getByTestId('approval-progress').locator('li[data-role="risk_officer"]');
    await expect(signed).toContainText('Rita Chen');
    expect(await sideways(page), `${path} at 320 px`).toBeLessThanOrEqual(0);
    expect(await withinWidth(signed.getByText('Approved', { exact: true })), `${path}: the Approved badge`).toBe(true);
    expect(await withinWidth(signed.locator('time')), `${path}: the signing time`).toBe(true);
  }

  // The version page's evidence, as its owner sees it (a Retract button on each record, no caption of its own).
  const rows = page.getByRole('table', { name: 'Evaluation evidence' }).locator('tbody tr');
  for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'grid', captions: ['Run on', 'Metrics', 'Producer', 'Attachments'] });
  expect(await overflowingCells(rows)).toEqual([]);
  const retract = rows.first().getByRole('button', { name: /^Retract / });
  expect(await withinWidth(retract)).toBe(true);
});

test('on a phone each API token is a card whose Revoke button is on the screen and works; a desktop keeps the table', async ({ page }) => {
  const user = createUser(['data_scientist']);
  createToken(user.email, ['read']);
  await signIn(page, user.email, user.password);
  await page.goto('/tokens');
  const rows = page.getByRole('table', { name: 'Your API tokens' }).locator('tbody tr');
  const revoke = rows.first().getByRole('button', { name: /^Revoke / });

  await page.setViewportSize(DESKTOP);
  for (const row of await cardRowLayout(rows)) expect(row).toEqual({ display: 'table-row', captions: [] });

  await page.setViewportSize(PHONE);
  expect(await cardRowLayout(rows)).toEqual([{ display: 'grid', captions: ['Scopes', 'Created', 'Expires', 'Last used', 'Status'] }]);
  expect(await overflowingCells(rows)).toEqual([]);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await expect(revoke).toBeVisible();
  expect(await withinWidth(revoke)).toBe(true);
  await revoke.click();
  await page.getByRole('dialog', { name: /^Revoke the token/ }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(rows.first()).toContainText('Revoked');
  await expect(revoke).toHaveCount(0);
});
