import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, createSystemAs, createUser, promoteToStaging, recordEvidence, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

// One request walked through three people's homes in several browser contexts, with scrypt re-authentication.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const PHONE = { width: 390, height: 844 };

/** A dashboard card, found by its heading. */
const card = (page: Page, heading: RegExp) => page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading }) });
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

test('each role’s home: the requester sees what blocks and who is awaited, reviewers see what waits for them, the trail names things', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('home-scorer').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string; name: string };
  const bare = await scannedVersion(page.request, model.id, '0.1.0');
  const ready = await scannedVersion(page.request, model.id, '1.0.0');
  await recordEvidence(page.request, ready);

  await page.goto('/');
  const atGate = card(page, /Your versions at the gate/);
  const bareRow = atGate.getByRole('listitem').filter({ has: page.getByRole('link', { name: `${model.name} 0.1.0` }) });
  await expect(bareRow).toContainText('Blocked for staging');
  await expect(bareRow.getByRole('link', { name: 'Record performance evidence' })).toHaveAttribute('href', `/models/${model.id}/versions/${bare.id}/evidence/new?kind=performance`);
  await expect(atGate.getByRole('listitem').filter({ has: page.getByRole('link', { name: `${model.name} 1.0.0` }) })).toContainText('ready to request promotion');
  await expectNoSeriousA11yViolations(page);

  // The high tier's production gate takes a version only from staging.
  await promoteToStaging(page, browser, ready.id);
  await page.goto(`/models/${model.id}/versions/${ready.id}`);
  const gate = page.getByRole('region', { name: 'Gate for production' });
  await gate.getByLabel('Justification for production').fill('All required evidence is recorded and within tolerance.');
  await gate.getByRole('button', { name: 'Request promotion to production' }).click();
  await expect(page).toHaveURL(/\/approvals\//);
  const requestUrl = new URL(page.url()).pathname;

  await page.goto('/');
  const mine = card(page, /Your open requests/).getByRole('listitem').filter({ has: page.getByRole('link', { name: `${model.name} 1.0.0 → production` }) });
  await expect(mine).toContainText('Waiting on Risk officer and Security reviewer');
  await expect(mine).toContainText('opened today');

  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const awaiting = card(rita.page, /Awaiting your signature/);
  const item = awaiting.getByRole('link', { name: `${model.name} 1.0.0 → production` });
  await expect(item).toHaveAttribute('href', requestUrl);
  await expect(awaiting.getByRole('listitem').filter({ has: rita.page.getByRole('link', { name: `${model.name} 1.0.0 → production` }) })).toContainText('opened today');
  await expectNoSeriousA11yViolations(rita.page);
  await item.click();
  await rita.page.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = rita.page.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(rita.page.getByTestId('signatures')).toContainText('Rita Chen');

  await rita.page.goto('/');
  await expect(card(rita.page, /Awaiting your signature/).getByRole('link', { name: `${model.name} 1.0.0 → production` })).toHaveCount(0);
  // The inbox's other decisions are on the home too: the demo's policy change awaiting a risk officer's approval.
  await expect(card(rita.page, /Also waiting on you/).getByRole('link', { name: 'Decide on the change to the High risk → production policy' })).toBeVisible();
  await expect(card(rita.page, /Signed by you recently/).getByRole('listitem').filter({ hasText: `${model.name} 1.0.0 → production` })).toContainText('You approved');
  await expect(rita.page.getByTestId('recent-activity')).toContainText(`Rita Chen signed an approval of ${model.name} 1.0.0 for production as risk officer; other signatures are awaited`);
  await expect(rita.page.getByTestId('recent-activity')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  await rita.context.close();

  await page.reload();
  const waiting = card(page, /Your open requests/).getByRole('listitem').filter({ has: page.getByRole('link', { name: `${model.name} 1.0.0 → production` }) });
  await expect(waiting).toContainText('Waiting on Security reviewer');
  await expect(waiting).toContainText('signed by Rita Chen');

  const sebastian = await signInNewContext(browser, ACCOUNTS.securityReviewer);
  await sebastian.page.setViewportSize(PHONE);
  await sebastian.page.reload();
  await expect(card(sebastian.page, /Awaiting your signature/).getByRole('link', { name: `${model.name} 1.0.0 → production` })).toBeVisible();
  expect(await scrollsSideways(sebastian.page)).toBe(false);
  await expectNoSeriousA11yViolations(sebastian.page);
  await sebastian.context.close();
});

test('an auditor’s home shows the chain state, packs and exports; an admin’s shows users, tokens and policy changes', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.auditor);
  // Other specs break and acknowledge the chain on purpose while this runs: the home reports whichever state it finds.
  await expect(page.getByTestId('chain-status')).toContainText(/Intact|Broken at sequence \d+/);
  await expect(page.getByTestId('head-seq')).toHaveText(/^\d+$/);
  await expect(card(page, /Recent evidence packs/)).toBeVisible();
  await expect(card(page, /Exports/).getByRole('link', { name: 'Audit events' })).toHaveAttribute('href', '/api/v1/exports/audit-events.csv');
  await expect(card(page, /Awaiting your signature/)).toHaveCount(0);
  await expect(card(page, /Your versions at the gate/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(page.getByTestId('chain-status')).toContainText(/Intact|Broken at sequence \d+/);
  expect(await scrollsSideways(page)).toBe(false);
  await expectNoSeriousA11yViolations(page);

  const alex = await signInNewContext(browser, ACCOUNTS.admin);
  await expect(card(alex.page, /^Users$/)).toContainText('Active accounts');
  await expect(card(alex.page, /API tokens expiring within 30 days/)).toBeVisible();
  await expect(card(alex.page, /Recent policy changes/).getByRole('listitem').first()).toContainText(/→ (staging|production), version \d+/);
  await expect(card(alex.page, /Awaiting your signature/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(alex.page);
  await alex.context.close();
});

test('a person with several roles sees the sections of each role, and none of the roles they lack', async ({ page, browser }) => {
  const both = createUser(['data_scientist', 'risk_officer']);
  await signIn(page, both.email, both.password);
  await expect(card(page, /Awaiting your signature/)).toBeVisible();
  await expect(card(page, /Your versions at the gate/)).toBeVisible();
  await expect(card(page, /Your open requests/)).toBeVisible();
  await expect(card(page, /^Users$/)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Inventory' })).toBeVisible();

  const auditorAdmin = createUser(['auditor', 'admin']);
  const other = await signInNewContext(browser, auditorAdmin.email, auditorAdmin.password);
  await expect(other.page.getByTestId('chain-status')).toBeVisible();
  await expect(card(other.page, /^Users$/)).toBeVisible();
  await expect(card(other.page, /Awaiting your signature/)).toHaveCount(0);
  await other.context.close();
});
