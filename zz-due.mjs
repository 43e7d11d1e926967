import { chromium } from 'playwright';
const base = 'http://127.0.0.1:3480';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium-headless-shell', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill('rita.chen@example.com');
await page.getByLabel('Password').fill('provenant-demo-2026');
await page.getByRole('button', { name: /sign in/i }).click();
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
await page.goto(`${base}/reviews`);
const links = await page.locator('a[href*="/reviews"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => /systems\/.*\/reviews/.test(h)));
for (const l of links.slice(0, 8)) {
  await page.goto(base + l);
  const h1 = await page.locator('h1').innerHTML();
  if (/Due/.test(h1)) { console.log(l, h1); await page.locator('h1').screenshot({ path: '/tmp/demo1/due.png' }); break; }
}
await browser.close();
