import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, createToken, signIn } from './helpers';

const EVENTS = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'openlineage', 'events');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(EVENTS, name), 'utf8'));

test('pipelines send OpenLineage events; valid ones show up as runs, invalid ones get a 400 naming the schema error', async ({ request, page }) => {
  const token = createToken(ACCOUNTS.otherDataScientist, ['lineage:write']);
  const headers = { authorization: `Bearer ${token}` };
  const full = fixture('example_full_event.json');
  expect((await request.post('/api/v1/lineage', { data: full, headers })).status()).toBe(201);
  const invalid = await request.post('/api/v1/lineage', { data: fixture('event_invalid_run_facet.json'), headers });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.issues[0].path).toBe('run.facets.parent.run');
  expect((await request.post('/api/v1/lineage', { data: '{"eventType": ', headers: { ...headers, 'content-type': 'application/json' } })).status()).toBe(400);

  await signIn(page, ACCOUNTS.auditor);
  await page.goto(`/lineage/runs?q=${full.run.runId}`);
  // The event's parent is a run of the same job, recorded in the same instant: pick the row by its run id.
  await page.getByRole('row').filter({ hasText: full.run.runId }).getByRole('link', { name: full.job.name }).click();
  await expect(page.getByText(full.run.runId)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'OpenLineage facets' })).toBeVisible();
});
