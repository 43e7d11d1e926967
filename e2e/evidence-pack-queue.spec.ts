import { expect, test } from '@playwright/test';
import { ACCOUNTS, sameOrigin, signIn } from './helpers';

test('a second pack from the same person waits its turn with its queue position shown, then runs', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, ACCOUNTS.admin);
  const request = () => page.request.post('/api/v1/evidence-packs', { data: { scopeType: 'inventory' }, headers: sameOrigin() });
  const first = await (await request()).json();
  const second = await (await request()).json();
  expect(['queued', 'running']).toContain(first.status);
  // One generator per person: while the first is queued or running, the second waits with a position.
  expect(second).toMatchObject({ status: 'queued', queuePosition: expect.any(Number) });
  expect((await (await page.request.get(`/api/v1/evidence-packs/${second.id}`)).json()).queuePosition).toBeGreaterThanOrEqual(1);

  await page.goto('/audit/packs');
  const rows = page.getByTestId('evidence-pack-row');
  const waiting = rows.filter({ has: page.getByText(/in the queue$/) }).first();
  await expect(waiting).toHaveAttribute('data-status', 'queued');
  await expect(waiting).toHaveAttribute('data-queue-position', /^\d+$/);

  for (const id of [first.id, second.id]) {
    await expect.poll(async () => (await (await page.request.get(`/api/v1/evidence-packs/${id}`)).json()).status, { timeout: 200_000, intervals: [1000] }).toBe('done');
  }
});
