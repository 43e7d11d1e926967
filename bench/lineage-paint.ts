/**
 * Time to lay out and first paint the 500-node lineage graph in Chromium, against the bare /status page: from
 * navigation start to the moment the ready marker appears, plus the next animation frame (the frame that
 * shows it). An init script watches the DOM, so no polling from Playwright adds to the figure.
 */
import { chromium, type BrowserContext } from 'playwright';
import { BASE } from './next-server';
import { median, ms, percentile, printTable } from './report';

const ROUNDS = Number(process.env.BENCH_PAINT_ROUNDS ?? 10);
const WARMUP = 2;
const TARGET_MS = 3000;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Target = { label: string; path: string; ready: string };

/**
 * Runs in the page before any of its scripts: records performance.now() (ms since navigation start) when ready.
 * A string, not a function: tsx adds `__name` helpers to functions, which do not exist in the page.
 */
const watchReady = (selector: string) => `(() => {
  const check = () => {
    if (window.__readyAt !== undefined || !document.querySelector(${JSON.stringify(selector)})) return;
    window.__readyAt = -1;
    requestAnimationFrame(() => { window.__readyAt = performance.now(); });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-laid-out'] });
  document.addEventListener('DOMContentLoaded', check);
  // Splits the figure: when the page starts its layout worker, and when the worker first answers.
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      window.__workerStart ??= performance.now();
      this.addEventListener('message', () => { window.__workerDone ??= performance.now(); });
    }
  };
})();`;

async function timeOnce(context: BrowserContext, target: Target) {
  const page = await context.newPage();
  await page.addInitScript({ content: watchReady(target.ready) });
  await page.goto(BASE + target.path, { waitUntil: 'commit' });
  await page.waitForFunction('(window.__readyAt ?? -1) > 0', undefined, { timeout: 60_000, polling: 100 });
  const timing = (await page.evaluate(`({
    readyAt: window.__readyAt,
    html: performance.getEntriesByType('navigation')[0].responseEnd,
    workerStart: window.__workerStart ?? NaN,
    workerDone: window.__workerDone ?? NaN,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    nodes: document.querySelectorAll('.react-flow__node').length,
    url: location.pathname,
  })`)) as { readyAt: number; html: number; workerStart: number; workerDone: number; fcp: number; nodes: number; url: string };
  await page.close();
  if (!timing.url.startsWith(target.path.split('?')[0]!)) throw new Error(`${target.label}: ended on ${timing.url} (not signed in?)`);
  return timing;
}

export async function measurePaint(cookie: string, graph: { root: string; depth: number }) {
  const targets: Target[] = [
    { label: 'bare page /status', path: '/status', ready: 'main p' },
    { label: `/lineage graph, 500 nodes`, path: `/lineage?node=${graph.root}&depth=${graph.depth}`, ready: '[data-testid="lineage-graph"][data-laid-out="true"]' },
  ];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell', args: ARGS });
  try {
    // The pages' nonce-based CSP forbids eval, which Playwright's waitForFunction needs; the timings are the same either way.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const host = new URL(BASE).hostname;
    await context.addCookies(cookie.split('; ').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), domain: host, path: '/' })));
    const ready = targets.map((): number[] => []);
    const fcp = targets.map((): number[] => []);
    const phases = { html: [] as number[], hydrated: [] as number[], layout: [] as number[], render: [] as number[] };
    let drawn = 0;
    for (let round = -WARMUP; round < ROUNDS; round++) {
      for (let k = 0; k < targets.length; k++) {
        const t = (k + round + WARMUP) % targets.length; // alternate which page goes first
        const timing = await timeOnce(context, targets[t]!);
        if (t === 1) drawn = timing.nodes;
        if (round < 0) continue;
        ready[t]!.push(timing.readyAt);
        fcp[t]!.push(timing.fcp);
        if (t !== 1) continue;
        phases.html.push(timing.html);
        phases.hydrated.push(timing.workerStart);
        phases.layout.push(timing.workerDone - timing.workerStart);
        phases.render.push(timing.readyAt - timing.workerDone);
      }
    }
    if (drawn !== 500) throw new Error(`The lineage graph drew ${drawn} nodes, expected 500.`);
    console.log(`\nLineage graph in Chromium: navigation start to ready marker + next animation frame, ${ROUNDS} rounds after ${WARMUP} warm-up, new tab each, 1440x900 (ms)`);
    printTable(
      ['page', 'ready marker', 'n', 'median', 'p95', 'max', 'first contentful paint (median)', 'median/bare', `target: < ${TARGET_MS} ms`],
      targets.map((target, t) => {
        const s = ready[t]!;
        const verdict = t === 0 ? 'baseline' : median(s) < TARGET_MS && percentile(s, 95) < TARGET_MS ? 'met' : 'MISSED';
        return [target.label, target.ready.replace(/\[data-testid="lineage-graph"\]/, 'graph '), s.length, ms(median(s)), ms(percentile(s, 95)), ms(Math.max(...s)), ms(median(fcp[t]!)), `${(median(s) / median(ready[0]!)).toFixed(1)}x`, verdict];
      }),
    );
    console.log(`The graph drew ${drawn} nodes (React Flow node elements in the page). Where its time goes (medians):`);
    printTable(
      ['HTML received (server)', 'layout worker started (hydrated)', 'ELK layout in the worker', 'React Flow render to ready + frame'],
      [[ms(median(phases.html)), ms(median(phases.hydrated)), ms(median(phases.layout)), ms(median(phases.render))]],
    );
  } finally {
    await browser.close();
  }
}
