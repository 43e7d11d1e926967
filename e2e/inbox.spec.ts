import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, createSystemAs, createUser, sameOrigin, signIn, signInNewContext, unique } from './helpers';

// A fresh data scientist, so findings other specs raise meanwhile never change the counts this one reads.
test.describe.configure({ timeout: 120_000 });

const PHONE = { width: 390, height: 844 };
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const news = (page: Page) => page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: /^News/ }) });

test('a finding raised for a data scientist reaches their inbox and the navigation count; opening it marks it read, and no one else can', async ({ page, browser }) => {
  const dana = createUser(['data_scientist']);
  await signIn(page, dana.email, dana.password);
  const system = await createSystemAs(page, { riskTier: 'high' });
  await expect(page.getByRole('link', { name: 'Inbox', exact: true })).toBeVisible();

  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const raise = async (title: string) => {
    const response = await rita.page.request.post('/api/v1/findings', { data: { type: 'validation_issue', severity: 'high', title, description: 'Calibration drifts for the youngest applicants.', subjectType: 'system', subjectId: system.id }, headers: sameOrigin() });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: string };
  };
  const first = unique('Calibration gap');
  const second = unique('Missing fairness slice');
  const finding = await raise(first);
  await raise(second);

  await page.goto('/');
  const inboxLink = page.getByRole('link', { name: 'Inbox, 2 unread' });
  await expect(inboxLink).toBeVisible();
  await inboxLink.click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(news(page).getByRole('heading', { name: 'News (2 unread)' })).toBeVisible();
  const item = news(page).getByRole('link', { name: new RegExp(`^Unread: F-\\d+ ${first}`) });
  await expect(item).toHaveAttribute('href', `/findings/${finding.id}`);
  await expectNoSeriousA11yViolations(page);

  // Someone else's notification id is not found, and stays unread.
  const mine = (await (await page.request.get('/api/v1/inbox')).json()) as { items: { id: string; title: string }[] };
  const id = mine.items.find((n) => n.title.includes(first))!.id;
  const refused = await rita.page.request.post('/api/v1/inbox/read', { data: { ids: [id] }, headers: sameOrigin() });
  expect(refused.status()).toBe(404);
  await rita.context.close();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Inbox, 2 unread' })).toBeVisible();

  await news(page).getByRole('link', { name: new RegExp(`^Unread: F-\\d+ ${first}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/findings/${finding.id}$`));
  await expect(page.getByRole('link', { name: 'Inbox, 1 unread' })).toBeVisible();

  await page.goto('/inbox');
  await expect(news(page).getByRole('link', { name: new RegExp(`^F-\\d+ ${first}`) })).toBeVisible();
  await news(page).getByRole('button', { name: 'Mark all as read' }).click();
  await expect(news(page).getByRole('heading', { name: 'News (0 unread)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Inbox', exact: true })).toBeVisible();

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(news(page).getByRole('link', { name: new RegExp(`^F-\\d+ ${second}`) })).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox', exact: true })).toHaveAttribute('aria-current', 'page');
});

test('the Inbox badge counts what needs the person, red once one is overdue, and a dot for unread news', async ({ page, browser }) => {
  const lee = createUser(['data_scientist']);
  await signIn(page, lee.email, lee.password);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const raised = await rita.page.request.post('/api/v1/findings', { data: { type: 'vulnerability', severity: 'critical', title: unique('Prompt injection'), description: 'The assistant follows instructions in uploaded files.', subjectType: 'system', subjectId: system.id }, headers: sameOrigin() });
  expect(raised.status(), await raised.text()).toBe(201);
  await rita.context.close();

  await page.goto('/systems');
  // A critical finding is due within a week: one thing to act on; it and the review it triggered are news.
  const summary = (await (await page.request.get('/api/v1/inbox/summary')).json()) as { actions: number; more: boolean; overdue: number; unread: number };
  expect(summary).toEqual({ actions: 1, more: false, overdue: 0, unread: 2 });
  const inbox = page.getByRole('link', { name: 'Inbox, 1 to act on, 2 unread' });
  await expect(inbox).toBeVisible();
  await expect(inbox.getByTestId('inbox-counts')).toHaveText('1');
  // On a phone, where the navigation is folded away, the menu button says so.
  await page.setViewportSize(PHONE);
  await expect(page.getByRole('button', { name: 'Menu, inbox: 1 to act on' })).toBeVisible();
  await expect(page.getByTestId('menu-inbox-dot')).toBeVisible();
  await page.getByRole('button', { name: /^Menu/ }).click();
  // The badge follows the records: read everything, and only the action is left.
  await inbox.click();
  await news(page).getByRole('button', { name: 'Mark all as read' }).click();
  await expect(news(page).getByRole('heading', { name: 'News (0 unread)' })).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByRole('link', { name: 'Inbox, 1 to act on' })).toBeVisible();
});

test('news that asked for a signature says what became of the request, so it never reads as still waiting', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/inbox?pageSize=100');
  // Settled news that was read recedes under a fold after the rest, closed until asked for.
  const fold = news(page).locator('details').filter({ has: page.locator('summary', { hasText: /^Settled( on this page)? \(\d+\)/ }) });
  const asked = fold.getByRole('listitem').filter({ hasText: 'credit-scorecard-gbm 3.2.0 → production awaits your signature' });
  await expect(asked).toBeHidden();
  await fold.locator('summary').click();
  await expect(asked).toContainText('Settled since: approved');
});

test('on a phone a title of one long unbroken word wraps inside the screen, in the actions and in the news', async ({ page, browser }) => {
  const dana = createUser(['data_scientist']);
  await signIn(page, dana.email, dana.password);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const tag = unique('Overflow').replace(' ', '');
  const raised = await rita.page.request.post('/api/v1/findings', { data: { type: 'vulnerability', severity: 'critical', title: `${'W'.repeat(150)}${tag}`, description: 'A title with no place to break.', subjectType: 'system', subjectId: system.id }, headers: sameOrigin() });
  expect(raised.status(), await raised.text()).toBe(201);
  await rita.context.close();

  await page.setViewportSize(PHONE);
  await page.goto('/inbox');
  const actions = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: /^Needs your action/ }) });
  await expect(actions.getByRole('link', { name: new RegExp(tag) })).toBeVisible();
  await expect(news(page).getByRole('link', { name: new RegExp(tag) }).first()).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
});
