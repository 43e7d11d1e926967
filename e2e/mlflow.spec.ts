import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, signIn, unique } from './helpers';

const WEBHOOK = '/api/v1/integrations/mlflow/webhook';

/** Signed here as mlflow/webhooks/delivery.py does, independently of the server: v1, + base64 HMAC-SHA256 of id.timestamp.body. */
function mlflowHeaders(secret: string, body: string, id = crypto.randomUUID()) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'x-mlflow-delivery-id': id, 'x-mlflow-timestamp': timestamp, 'x-mlflow-signature': `v1,${signature}` };
}

test('an admin sets the MLflow secret, a signed delivery shows on the page, a wrongly signed one is refused', async ({ page, request }) => {
  test.setTimeout(90_000);
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/admin/integrations');
  await expect(page.getByRole('heading', { name: 'You are not allowed to do this' })).toBeVisible();
  await page.context().clearCookies();

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/integrations');
  await expect(page.getByRole('heading', { name: 'MLflow integration' })).toBeVisible();
  await page.getByRole('button', { name: /^(Create|Replace) secret$/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^(Create|Replace) secret$/ }).click();
  const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret.length).toBeGreaterThanOrEqual(40);

  const name = unique('churn-model').replaceAll(' ', '-');
  const body = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: new Date().toISOString(), data: { name, version: '7', source: 'models:/m-7', run_id: 'e2e-run-7', tags: {}, description: null } });
  const refused = await request.post(WEBHOOK, { data: body, headers: mlflowHeaders('not-the-secret', body) });
  expect(refused.status()).toBe(401);
  const accepted = await request.post(WEBHOOK, { data: body, headers: mlflowHeaders(secret, body) });
  expect(accepted.status()).toBe(200);
  expect(await accepted.json()).toMatchObject({ event: 'model_version.created', outcome: 'awaiting_digest' });

  await page.reload();
  const row = page.getByRole('row').filter({ hasText: `${name} version 7 waits for its provenant.sha256 tag.` });
  await expect(row.getByText('Awaiting digest')).toBeVisible();
  await expect(page.getByText(`${name} version 7`, { exact: true }).first()).toBeVisible();
  await holdsUpAtDesktopAndPhone(page);
});
