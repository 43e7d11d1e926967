import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, signIn } from './helpers';

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A receiver on 127.0.0.1 that the server's background ticker posts to (the e2e server is another process). */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/${Date.now().toString(36)}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

function signatureVerifies(secret: string, { headers, body }: Received) {
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  const given = Buffer.from(String(headers['webhook-signature']).replace(/^v1,/, ''), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test('an admin adds an endpoint, sends a test event and sees it delivered, signed, in the log', async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, ACCOUNTS.admin);
    await page.goto('/admin/webhooks');
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add endpoint' }) });

    // Refused first: loopback without the admin's permission, named on the URL field.
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('review.signed').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(form.getByText(/127\.0\.0\.1 is a loopback address/).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await form.getByLabel('Allow private network').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    await page.getByRole('link', { name: receiver.url }).click();
    await expect(page.getByRole('heading', { name: receiver.url })).toBeVisible();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    // The ticker runs every 15 s: reload the log until the delivery shows as delivered (bounded).
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('list', { name: 'Deliveries' }).getByText('Delivered')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await expect(page.getByText('HTTP 204')).toBeVisible();

    expect(receiver.received).toHaveLength(1);
    const [message] = receiver.received;
    expect(JSON.parse(message!.body)).toMatchObject({ type: 'webhook.test' });
    expect(signatureVerifies(secret, message!)).toBe(true);

    await expectNoSeriousA11yViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSeriousA11yViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.goto('/admin/webhooks');
    await expectNoSeriousA11yViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  } finally {
    await receiver.close();
  }
});

test('someone who is not an admin gets no webhooks page', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  const response = await page.goto('/admin/webhooks');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('button', { name: 'Add endpoint' })).toHaveCount(0);
});
