import { chromium } from 'playwright';
const base = 'http://127.0.0.1:3480';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium-headless-shell', args: ['--no-sandbox'] });
async function signIn(page, email) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('provenant-demo-2026');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
for (const [w, h, name] of [[1280, 800, 'desk'], [390, 844, 'phone']]) {
  const ro = await browser.newPage({ viewport: { width: w, height: h } });
  await signIn(ro, 'rita.chen@example.com');
  await ro.goto(`${base}/inbox`);
  await ro.screenshot({ path: `/tmp/demo1/inbox-${name}.png` });
  await ro.goto(`${base}/admin/policies`);
  await ro.screenshot({ path: `/tmp/demo1/proposal-${name}.png` });
  if (name === 'desk') {
    await ro.getByRole('button', { name: /^Decide on the change/ }).click();
    await ro.screenshot({ path: `/tmp/demo1/decide-${name}.png` });
  }
}
const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await signIn(admin, 'alex.morgan@example.com');
await admin.goto(`${base}/admin/policies`);
await admin.getByRole('form', { name: 'Policy high to production' }).getByRole('button', { name: 'Propose this change' }).scrollIntoViewIfNeeded();
await admin.screenshot({ path: `/tmp/demo1/admin-awaiting.png` });
await browser.close();
