import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, createToken, sameOrigin, scannedVersion, signIn, unique } from './helpers';

test('the full deployments list finds endpoints by words, environment and integrity, in pages, linked from the overview', async ({ page, request }) => {
  const tag = unique('lists').replace(' ', '-');
  const token = createToken(ACCOUNTS.dataScientist, ['deploy:report']);
  // Bytes no version has (random, so no other test's version shares them): each is flagged as an untracked model.
  const report = async (environment: string, name: string) =>
    expect((await request.post('/api/v1/deployments', { headers: { authorization: `Bearer ${token}` }, data: { environment, endpoint: `https://${tag}.internal/${name}`, reportedSha256: randomBytes(32).toString('hex') } })).status()).toBe(201);
  await report('production', 'alpha');
  await report('staging', 'beta');
  await report('production', 'gamma');

  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/lineage');
  await expect(page.getByTestId('flagged-deployments')).toContainText(/endpoints? runs? bytes that are not the registered version/);
  await page.getByRole('link', { name: 'All deployments →' }).click();
  await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();

  await page.getByLabel('Endpoint').fill(`${tag} internal`);
  await page.getByLabel('Environment').selectOption('production');
  await page.getByRole('button', { name: 'Apply' }).click();
  const table = page.getByRole('table', { name: 'Deployments: 2 matches' });
  await expect(table.getByRole('link', { name: /internal\/(alpha|gamma)$/ })).toHaveCount(2);
  await expect(table.getByText('Untracked model')).toHaveCount(2);

  await page.getByLabel('Integrity').selectOption('matches');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('No deployments match these filters')).toBeVisible();

  await page.goto(`/lineage/deployments?q=${encodeURIComponent(tag)}&pageSize=2`);
  await expect(page.getByRole('navigation', { name: 'Pagination' })).toContainText('Showing 1–2 of 3');
  // Most recently reported first: the last report leads the first page, the first report is alone on the second.
  await expect(page.getByRole('table').getByRole('link', { name: /\/gamma$/ })).toBeVisible();
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.getByRole('table').getByRole('link', { name: /\/alpha$/ })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
});

test('the full training runs list finds runs by job words and state', async ({ page }) => {
  const job = unique('nightly_credit').replace(' ', '_');
  await signIn(page, ACCOUNTS.dataScientist);
  for (const [suffix, state] of [['1', 'COMPLETE'], ['2', 'FAIL']] as const) {
    const response = await page.request.post('/api/v1/runs', { headers: { origin: new URL(page.url()).origin }, data: { externalRunId: `${job}-${suffix}`, jobNamespace: 'airflow://prod', jobName: job, state } });
    expect(response.status()).toBe(201);
  }
  await page.goto('/lineage/runs');
  await page.getByLabel('Job or run id').fill(job);
  await page.getByLabel('State').selectOption({ label: 'Fail' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/state=FAIL/);
  const table = page.getByRole('table', { name: 'Training runs' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText(`${job}-2`);
  await table.getByRole('link', { name: job }).click();
  await expect(page.getByRole('heading', { name: job, level: 1 })).toBeVisible();
});

test('an endpoint running the registered bytes of a version never approved for its environment is called out, and found by the approval filter', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('unapproved').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
  const version = await scannedVersion(page.request, model.id, '0.9.0');
  const endpoint = `https://${unique('shadow').replace(' ', '-')}.internal/score`;
  const reported = await page.request.post('/api/v1/deployments', { data: { environment: 'production', endpoint, reportedSha256: version.artifactSha256, modelVersionId: version.id }, headers: sameOrigin() });
  expect(reported.status()).toBe(201);

  await page.goto('/lineage');
  await expect(page.getByTestId('unapproved-deployments')).toContainText(/not approved for (its|their) environment/);
  // The dashboard calls it out beside the integrity flags, newest first.
  await page.goto('/');
  const called = page.getByTestId('dashboard-unapproved-deployments').getByRole('listitem').filter({ hasText: endpoint });
  await expect(called).toContainText('In development: not approved for production');
  await page.goto('/lineage/deployments');
  await page.getByLabel('Endpoint').fill(endpoint);
  await page.getByLabel('Approval').selectOption('unapproved');
  await page.getByRole('button', { name: 'Apply' }).click();
  const row = page.getByRole('table', { name: 'Deployments: 1 match' }).getByRole('row').filter({ hasText: endpoint });
  // The bytes are the version's, and still the version never went to production.
  await expect(row).toContainText('Matches');
  await expect(row.getByTestId('deployment-stage-problem')).toHaveText('In development: not approved for production');
});
