import { expect, test } from '@playwright/test';
import { completeEvent, readFixture, runIdFor } from '../lib/lineage/openlineage/fixtures/expected-event';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, createToken, signIn, unique } from './helpers';

/** Real events of dbt and Spark (lib/lineage/openlineage/fixtures/README.md) posted by a pipeline token. */
test('a pipeline posts dbt and Spark events; the graph shows the dbt model under its run, and the rows Spark reported', async ({ request, page }) => {
  // A 72-event batch, two graph layouts and four axe passes: more than the default budget on a busy machine.
  test.slow();
  const headers = { authorization: `Bearer ${createToken(ACCOUNTS.dataScientist, ['lineage:write'])}` };
  const salt = unique('e2e');
  const dbt = (readFixture('dbt-postgres-run.json') as Record<string, unknown>[]).map((e, index) => completeEvent(e, { salt, index }));
  const batch = await request.post('/api/v1/lineage', { data: dbt, headers });
  expect(batch.status()).toBe(200);
  const { items, accepted } = (await batch.json()) as { items: { runId: string; id: string }[]; accepted: number };
  expect(accepted).toBe(72);
  const model = items.find((i) => i.runId === runIdFor(salt, { namespace: 'dbt-test-namespace', name: 'model.jaffle_shop.stg_customers' }))!;

  const spark = completeEvent(readFixture('spark-serde-event.json'), { salt });
  spark.run.facets.parent.run = { runId: runIdFor(`${salt}-parent`, spark.run.facets.parent.job) };
  const sparkAnswer = await request.post('/api/v1/lineage', { data: spark, headers });
  expect(sparkAnswer.status()).toBe(201);
  const wrong = { ...spark, run: { ...spark.run, runId: runIdFor(`${salt}-wrong`, spark.job) }, outputs: [{ ...spark.outputs[0], outputFacets: { outputStatistics: { rowCount: 'wrong' } } }] };
  const refused = await request.post('/api/v1/lineage', { data: wrong, headers });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.issues[0].path).toBe('outputs.0.outputFacets.outputStatistics.rowCount');

  await signIn(page, ACCOUNTS.auditor);
  await page.goto(`/lineage?node=run:${model.id}&depth=1`);
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-laid-out', 'true');
  await expect(graph.getByText('dbt model', { exact: true })).toBeVisible();
  const table = page.getByRole('table', { name: 'Lineage edges' });
  // The model's own parent is the dbt run; its six SQL statements name the model as theirs.
  const parentRow = table.getByRole('row').filter({ hasText: 'parent →' }).filter({ has: page.getByRole('link', { name: 'dbt-run-jaffle_shop' }) });
  await expect(parentRow).toContainText('dbt job');
  await expect(table.getByRole('row').filter({ hasText: 'dbt SQL' })).toHaveCount(6);
  await holdsUpAtDesktopAndPhone(page);

  await page.goto(`/lineage/runs/${(await sparkAnswer.json()).id}`);
  await expect(page.getByRole('link', { name: 'jobName' }).first()).toBeVisible();
  const edges = page.getByRole('table', { name: 'Lineage edges' });
  await expect(edges.getByRole('row').filter({ hasText: 'input →' })).toContainText('10 rows · 20 B · 5 files');
  await expect(edges.getByRole('row').filter({ hasText: 'output →' })).toContainText('10 rows · 20 B · 5 files');
  await holdsUpAtDesktopAndPhone(page);
});
