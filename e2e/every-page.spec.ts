import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, baseUrl, signIn } from './helpers';

// Every page under app/ is reached by following links from the home page and checked where it is found, with axe-core
// and for sideways scrolling at desktop, tablet and phone widths (axe at desktop and phone), resizing the loaded page
// rather than loading it three times: a new page is covered the day it lands.
const APP_DIR = path.join(process.cwd(), 'app');
const NOT_LINKED = new Set(['/login', '/status', '/[...missing]', '/choose-password']);
const WIDTHS = [1440, 1024, 390] as const;
// /admin/integrations/waiting is linked from its page only while more versions wait than that page shows.
const START = ['/', '/systems', '/models?owner=me', '/models', '/datasets', '/lineage', '/approvals', '/audit', '/audit/packs', '/admin/users', '/admin/policies', '/admin/integrations/waiting', '/tokens'];
const MAX_VISITS = 120;
const LINKS_PER_ROUTE = 4;
const STALE_VISITS = 40;

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

const heightOf = (width: number) => (width === 390 ? 844 : 900);

/** The loaded page at each width: a heading, no sideways scroll, and (at desktop and phone) no serious axe finding. */
async function checkAtEveryWidth(page: Page, route: string, url: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: heightOf(width) });
    await expect(page.getByRole('heading', { level: 1 }), `${route} at ${width}px`).toBeVisible();
    // Charts and other observers of their own size lay out again a frame or two after a resize: a page is judged
    // once it has settled, and a sideways scroll that stays fails it.
    await expect
      .configure({ soft: true })
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { message: `${url} (${route}) scrolls sideways at ${width}px`, timeout: 3_000 })
      .toBeLessThanOrEqual(0);
    if (width !== 1024) await expectNoSeriousA11yViolations(page, { soft: true });
  }
  await page.setViewportSize({ width: WIDTHS[0], height: heightOf(WIDTHS[0]) });
}

/** One real URL per page route, found breadth-first from the navigation's entry points (a few pages per route are read for links, since some links show only on records the walker owns). */
async function discover(page: Page, known: Set<string>) {
  const found = new Map<string, string>();
  // Links taken per route: other specs add records as this one runs, and a list of hundreds must not fill the walk.
  const takenPerRoute = new Map<string, number>();
  const queue = [...START];
  const seen = new Set(queue);
  const complete = () => routes.every((r) => found.has(r) || known.has(r));
  // A walker that has found no new page in STALE_VISITS visits has found what its role can reach.
  for (let visits = 0, lastNew = 0; queue.length > 0 && visits < MAX_VISITS && visits - lastNew < STALE_VISITS && !complete(); visits += 1) {
    const url = queue.shift()!;
    const pathname = new URL(url, 'http://start').pathname;
    const route = routeFor(pathname) ?? url;
    await page.goto(url);
    if (!found.has(route) && !known.has(route) && routeFor(pathname) !== undefined) {
      found.set(route, url);
      lastNew = visits;
      await checkAtEveryWidth(page, route, url);
    }
    const hrefs = await page.locator('a[href^="/"]:not([download])').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    for (const href of hrefs) {
      const target = routeFor(href);
      if (seen.has(href) || href.startsWith('/api/') || target === undefined || (takenPerRoute.get(target) ?? 0) >= LINKS_PER_ROUTE) continue;
      seen.add(href);
      takenPerRoute.set(target, (takenPerRoute.get(target) ?? 0) + 1);
      queue.push(href);
    }
  }
  return found;
}

// Who walks: a data scientist reaches the forms that create records, an admin the administration pages.
const WALKERS = [ACCOUNTS.dataScientist, ACCOUNTS.admin] as const;

test('every page passes axe-core and stays within the screen at 1440, 1024 and 390 px', async ({ browser }) => {
  test.setTimeout(600_000);
  const walks: { page: Page; found: Map<string, string> }[] = [];
  for (const email of WALKERS) {
    const page = await (await browser.newContext({ baseURL: baseUrl(), viewport: { width: WIDTHS[0], height: heightOf(WIDTHS[0]) } })).newPage();
    await signIn(page, email);
    walks.push({ page, found: await discover(page, new Set(walks.flatMap((w) => [...w.found.keys()]))) });
  }
  const reached = new Set(walks.flatMap((w) => [...w.found.keys()]));
  expect.soft(routes.filter((r) => !reached.has(r)), 'pages no link leads to').toEqual([]);
  for (const { page } of walks) await page.context().close();
});
