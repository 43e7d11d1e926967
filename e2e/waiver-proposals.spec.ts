import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, createToken, createUser, DEMO_PASSWORD, signIn, signInNewContext, systemBody, unique } from './helpers';

// A critical finding's risk is accepted by two risk officers: Rita proposes the terms, a second risk officer approves them.
test.describe.configure({ timeout: 150_000 });

const DAY = 86_400_000;

test('accepting a critical finding’s risk takes a proposal and a second risk officer’s approval', async ({ page, browser, request }) => {
  const headers = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['register', 'findings:write', 'read'])}` };
  const system = await (await request.post('/api/v1/systems', { headers, data: systemBody({ name: unique('Four eyes') }) })).json();
  const title = unique('Scorer loads an unsafe pickle');
  const raised = await request.post('/api/v1/findings', { headers, data: { type: 'vulnerability', severity: 'critical', title, description: 'GLOBAL os.system in the artifact.', subjectType: 'system', subjectId: system.id } });
  expect(raised.status(), await raised.text()).toBe(201);
  const finding = (await raised.json()) as { id: string; number: number };
  const until = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);

  // Rita proposes: her signature does not accept the risk on its own.
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto(`/findings/${finding.id}`);
  await page.getByRole('button', { name: 'Propose accepting the risk' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Justification').fill('The scorer runs in a sandbox without a shell.');
  await dialog.getByLabel('Compensating controls').fill('Seccomp profile; a rescan every week.');
  await dialog.getByLabel('Expires on').fill(until);
  await expect(dialog.getByTestId('waiver-meaning')).toContainText(`I propose accepting the risk of F-${finding.number}`);
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign and propose' }).click();
  const proposal = page.locator('#waiver-proposal');
  await expect(proposal).toContainText('awaits a second risk officer');
  await expect(proposal).toContainText(`until ${until}`);
  await expect(page.getByText('Open', { exact: true }).first()).toBeVisible();
  await expect(proposal.getByRole('button', { name: /^Withdraw/ })).toBeVisible();
  await expect(proposal.getByRole('button', { name: /^Decide/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Propose accepting the risk' })).toHaveCount(0);

  // A second risk officer finds it in their inbox and approves it, signing the waiver.
  const second = createUser(['risk_officer']);
  const other = await signInNewContext(browser, second.email, second.password);
  await other.page.goto('/inbox');
  await other.page.getByRole('link', { name: new RegExp(`Decide on accepting the risk of F-${finding.number}\\b`) }).click();
  await expect(other.page).toHaveURL(new RegExp(`/findings/${finding.id}#waiver-proposal$`));
  await expectNoSeriousA11yViolations(other.page);
  await other.page.getByRole('button', { name: `Decide on accepting the risk of F-${finding.number}` }).click();
  const decide = other.page.getByRole('dialog');
  await expect(decide.getByTestId('approval-meaning')).toContainText('on the terms Rita Chen proposed');
  await decide.getByLabel('Approve').check();
  await decide.getByLabel('Your password').fill(second.password);
  await decide.getByRole('button', { name: 'Sign decision' }).click();
  const accepted = other.page.locator('section').filter({ has: other.page.getByRole('heading', { name: 'Accepted risk' }) });
  await expect(accepted).toContainText('Proposed and signed by Rita Chen');
  await expect(accepted).toContainText(`Approved and signed by ${second.name}`);
  await expect(other.page.locator('#waiver-proposal')).toHaveCount(0);
  await other.page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => other.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await other.context.close();

  const stored = await (await request.get(`/api/v1/findings/${finding.id}`, { headers })).json();
  expect(stored).toMatchObject({ status: 'accepted', waiverProposal: null, waivers: [{ printedName: second.name, proposal: { printedName: 'Rita Chen', status: 'approved' } }] });
});
