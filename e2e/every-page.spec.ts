import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, signIn } from './helpers';

// Every page under app/ is reached by following links from the home page, then checked with axe-core and for
// sideways scrolling at desktop, tablet and phone widths: a new page is covered the day it lands.
const APP_DIR = path.join(process.cwd(), 'app');
const NOT_LINKED = new Set(['/login', '/status', '/[...missing]']);
const WIDTHS = [1440, 1024, 390] as const;
const START = ['/', '/systems', '/models', '/datasets', '/lineage', '/approvals', '/audit', '/audit/packs', '/admin/users', '/admin/policies', '/tokens'];
const MAX_VISITS = 80;

function pageFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pageFiles(full);
    return /^page\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `/models/[id]/versions/new` from app/(app)/models/[id]/versions/new/page.tsx. */
function routeOf(file: string) {
  const segments = path.relative(APP_DIR, path.dirname(file)).split(path.sep).filter((s) => s !== '' && !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

const routes = pageFiles(APP_DIR).map(routeOf).filter((r) => !NOT_LINKED.has(r));
// More fixed segments first, so /models/new is not taken for /models/[id].
const matchers = routes
  .map((route) => ({ route, fixed: route.split('/').filter((s) => s && !s.startsWith('[')).length, regex: new RegExp(`^${route.replace(/\[[^\]]+\]/g, '[^/]+')}$`) }))
  .sort((a, b) => b.fixed - a.fixed);

const routeFor = (pathname: string) => matchers.find((m) => m.regex.test(pathname))?.route;

/** One real URL per page route, found breadth-first from the navigation's entry points. */
async function discover(page: Page) {
  const found = new Map<string, string>();
  const queue = [...START];
  const seen = new Set(queue);
  for (let visits = 0; queue.length > 0 && visits < MAX_VISITS && found.size < routes.length; visits += 1) {
    const url = queue.shift()!;
    const route = routeFor(url);
    const isNew = route !== undefined && !found.has(route);
    if (route !== undefined && !isNew && !START.includes(url)) continue;
    await page.goto(url);
    if (route !== undefined && isNew) found.set(route, url);
    const hrefs = await page.locator('a[href^="/"]:not([download])').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    for (const href of hrefs) {
      const target = routeFor(href);
      if (seen.has(href) || href.startsWith('/api/') || target === undefined || found.has(target)) continue;
      seen.add(href);
      queue.push(href);
    }
  }
  return found;
}

test('every page passes axe-core and stays within the screen at 1440, 1024 and 390 px', async ({ page }) => {
  test.setTimeout(420_000);
  await signIn(page, ACCOUNTS.admin);
  const found = await discover(page);
  expect([...routes].filter((r) => !found.has(r)), 'pages no link leads to').toEqual([]);

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const [route, url] of found) {
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 }), `${route} at ${width}px`).toBeVisible();
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect.soft(sideways, `${url} (${route}) scrolls sideways by ${sideways}px at ${width}px`).toBeLessThanOrEqual(0);
      await expectNoSeriousA11yViolations(page, { soft: true });
    }
  }
});
