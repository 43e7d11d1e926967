import { expect, test } from '@playwright/test';

test('robots.txt, the favicon, app icons and the web manifest are served without a session', async ({ request }) => {
  const robots = await request.get('/robots.txt', { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toBe('User-agent: *\nDisallow: /\n');
  for (const [url, type] of [['/favicon.ico', /icon/], ['/icons/icon-192.png', /^image\/png/], ['/icons/icon-512.png', /^image\/png/], ['/apple-touch-icon.png', /^image\/png/], ['/manifest.webmanifest', /manifest\+json|json/]] as const) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type'], url).toMatch(type);
  }
  expect((await request.get('/systems', { maxRedirects: 0 })).status()).toBe(307);
});

test('the sign-in page links the web manifest and an icon', async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon|favicon/);
});
