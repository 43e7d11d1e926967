import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

// Not import.meta: Playwright would then load this helper as an ES module inside a CommonJS package and fail.
const axeSource = fs.readFileSync(path.join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (through the devtools protocol, so the page's CSP does not apply) and fails on any
 * serious or critical violation, listing each with the elements it names.
 */
export async function expectNoSeriousA11yViolations(page: Page, { soft = false } = {}) {
  // Next streams the page's metadata: after a router.refresh() the old <title> goes before the new one arrives, and a
  // page judged in between has none. A page that never gets one still fails below.
  await page.waitForFunction(() => document.title !== '', null, { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(axeSource);
  let serious = await seriousViolations(page);
  // Colours measured mid-transition are neither state's: a button whose `disabled` goes while axe runs (the audit
  // chain's "Verify again" once its check ends) fades its text in after the wait above. Only contrast is judged again,
  // once, at rest; a real contrast fault fails both times.
  if (serious.length > 0 && serious.every((v) => v.includes(' color-contrast: '))) {
    await page.waitForTimeout(500);
    serious = await seriousViolations(page);
  }
  (soft ? expect.soft : expect)(serious, `axe-core on ${page.url()}`).toEqual([]);
}

/** axe-core's serious and critical violations once finite animations and transitions have ended, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined))));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5).join(', ')})`);
}

export const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** The page at desktop and phone width: no sideways scroll and no serious axe violation; it ends at desktop width. */
export async function holdsUpAtDesktopAndPhone(page: Page) {
  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await expect(page.locator('main')).toBeVisible();
    expect(await scrollsSideways(page), `sideways scroll at ${size.width} px on ${page.url()}`).toBe(false);
    await expectNoSeriousA11yViolations(page);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
