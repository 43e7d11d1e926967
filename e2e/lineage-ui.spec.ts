import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { randomUUID } from 'node:crypto';
import { ACCOUNTS, createSystemAs, createToken, sameOrigin, scannedVersion, signIn, unique } from './helpers';

type Box = { x: number; y: number; width: number; height: number };

/** A system of our own with one dataset in two versions and one model version, all with unique names. */
async function inventory(page: Page) {
  const system = await createSystemAs(page);
  const namespace = `s3://${unique('lake').replace(' ', '-')}`;
  const dataset = await page.request.post('/api/v1/datasets', { data: { systemId: system.id, namespace, name: 'applications' }, headers: sameOrigin() });
  expect(dataset.status()).toBe(201);
  const datasetId = ((await dataset.json()) as { id: string }).id;
  for (const version of ['2026-01', '2026-02']) {
    const created = await page.request.post(`/api/v1/datasets/${datasetId}/versions`, { data: { version }, headers: sameOrigin() });
    expect(created.status()).toBe(201);
  }
  const model = await page.request.post('/api/v1/models', { data: { systemId: system.id, name: 'ranker' }, headers: sameOrigin() });
  expect(model.status()).toBe(201);
  await scannedVersion(page.request, ((await model.json()) as { id: string }).id, '2.0.0');
  return { system, namespace };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const union = (boxes: Box[]): Box => {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
};

/**
 * One run that read four tables and wrote three, each with the row count its producer reported: seven labelled
 * edges between the same two columns.
 */
function labelledRunEvent() {
  const namespace = `s3://${unique('stats').replace(' ', '-')}`;
  const statistics = (kind: 'Input' | 'Output', rowCount: number) => ({
    [`${kind.toLowerCase()}Statistics`]: { _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python', _schemaURL: `https://openlineage.io/spec/facets/${kind === 'Input' ? '1-0-0' : '1-0-2'}/${kind}Statistics${kind}DatasetFacet.json#/$defs/${kind}Statistics${kind}DatasetFacet`, rowCount },
  });
  const event = {
    eventType: 'COMPLETE',
    eventTime: new Date().toISOString(),
    run: { runId: randomUUID() },
    job: { namespace: 'warehouse', name: unique('nightly_join').replace(' ', '_') },
    inputs: ['accounts', 'payments', 'merchants', 'devices'].map((name, i) => ({ namespace, name, inputFacets: statistics('Input', 1200 * (i + 1) ** 3) })),
    outputs: ['features', 'labels', 'audit_log'].map((name, i) => ({ namespace, name, outputFacets: statistics('Output', 950 * (i + 2) ** 4) })),
    producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
  return event;
}

for (const [device, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
  test.describe(`at ${device} width`, () => {
    test.use({ viewport });

    test('a run is recorded by searching and picking with the keyboard, and its graph fits and names its nodes', async ({ page }) => {
      await signIn(page, ACCOUNTS.dataScientist);
      const { system, namespace } = await inventory(page);
      const [newer, older] = [`${namespace}/applications @ 2026-02`, `${namespace}/applications @ 2026-01`];
      const output = `${system.name} / ranker @ 2.0.0`;

      await page.goto('/lineage/runs/new');
      const jobName = unique('train_ranker').replace(' ', '_');
      await page.getByLabel('External run id', { exact: true }).fill(unique('run').replace(' ', '-'));
      await page.getByLabel('Job namespace', { exact: true }).fill('ranking');
      await page.getByLabel('Job name', { exact: true }).fill(jobName);

      const inputs = page.getByRole('combobox', { name: 'Input datasets' });
      const listbox = page.getByRole('listbox', { name: 'Input datasets' });
      const chips = page.getByRole('list', { name: 'Chosen: Input datasets' }).getByRole('listitem');
      await inputs.pressSequentially(`${namespace.toUpperCase()} 2026`);
      await expect(listbox.getByRole('option')).toHaveCount(2);
      await expect(inputs).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('status').filter({ hasText: '2 matches' })).toBeAttached();
      await inputs.press('ArrowDown');
      await expect(inputs).toHaveAttribute('aria-activedescendant', (await listbox.getByRole('option').first().getAttribute('id'))!);
      await inputs.press('Enter');
      await inputs.press('ArrowDown');
      await inputs.press('Enter');
      await expect(listbox.getByRole('option', { selected: true })).toHaveCount(2);
      await expect(chips).toHaveText([newer, older].map((label) => new RegExp(escaped(label))));
      await expectNoSeriousA11yViolations(page);

      await inputs.press('Escape');
      await expect(inputs).toHaveAttribute('aria-expanded', 'false');
      await expect(inputs).toHaveValue(/2026/);
      await inputs.press('Escape');
      await expect(inputs).toHaveValue('');
      await inputs.press('Backspace');
      await expect(chips).toHaveCount(1);
      await expect(chips).toContainText(newer);
      await page.getByRole('button', { name: `Remove ${newer}` }).click();
      await expect(chips).toHaveCount(0);
      await expect(inputs).toBeFocused();
      await inputs.pressSequentially(`${namespace} 2026-01`);
      await expect(listbox.getByRole('option')).toHaveCount(1);
      await inputs.press('ArrowDown');
      await inputs.press('Enter');
      await inputs.press('Escape');
      await expect(chips).toHaveCount(1);

      const outputs = page.getByRole('combobox', { name: 'Output model versions' });
      await outputs.pressSequentially(`${system.name} ranker`);
      await expect(page.getByRole('listbox', { name: 'Output model versions' }).getByRole('option')).toHaveText([new RegExp(`^${escaped(output)}`)]);
      await outputs.press('ArrowDown');
      await outputs.press('Enter');
      await outputs.press('Escape');
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);

      // A number past a double's range would be kept as null: refused, with where, and the form kept to correct.
      const parameters = page.getByLabel('Parameters (JSON)');
      await parameters.fill('{"learning_rate": 1e400}');
      await page.getByRole('button', { name: 'Record run' }).click();
      await expect(page.getByRole('textbox', { name: 'Parameters (JSON)' })).toHaveAccessibleDescription(/At learning_rate: The number is too large to hold/);
      await expect(chips).toHaveCount(1);
      await parameters.fill('{"learning_rate": 0.05}');
      await page.getByRole('button', { name: 'Record run' }).click();
      await expect(page.getByRole('heading', { name: jobName })).toBeVisible();
      const edges = page.getByRole('table', { name: 'Lineage edges' });
      await expect(edges).toContainText('applications @ 2026-01');
      await expect(edges).toContainText('ranker @ 2.0.0');
      await expect(edges).not.toContainText('2026-02');

      await page.getByRole('link', { name: 'Open the graph' }).click();
      const graph = page.getByTestId('lineage-graph');
      await expect(graph).toHaveAttribute('data-laid-out', 'true');
      const nodes = graph.locator('.react-flow__node');
      await expect(nodes).toHaveCount(3);
      await expectNoSeriousA11yViolations(page);

      // Fit to content: every node inside the canvas, and the canvas no taller than its content needs (above its minimum).
      const measure = async () => ({ canvas: (await graph.boundingBox())!, content: union(await Promise.all((await nodes.all()).map(async (n) => (await n.boundingBox())!))) });
      const fits = ({ canvas, content }: { canvas: Box; content: Box }) =>
        content.x >= canvas.x && content.y >= canvas.y && content.x + content.width <= canvas.x + canvas.width && content.y + content.height <= canvas.y + canvas.height;
      await expect.poll(async () => fits(await measure())).toBe(true);
      const { canvas, content } = await measure();
      expect(canvas.height).toBeLessThanOrEqual(Math.max(222, content.height + 2 * 24 + 4));
      expect(content.height / canvas.height).toBeGreaterThan(0.35);

      // The full name is the focused node's accessible name, and shows on focus and on hover.
      await page.getByRole('navigation', { name: 'Depth' }).getByRole('link', { name: '6' }).focus();
      await page.keyboard.press('Tab');
      const focused = graph.locator('.react-flow__node:focus');
      await expect(focused).toHaveCount(1);
      const name = (await focused.getAttribute('aria-label'))!;
      expect(name).toMatch(/^(Dataset|Training run|Model version): /);
      const overlay = focused.locator('[data-full-label]');
      await expect(overlay).toBeVisible();
      expect(name).toContain((await overlay.getAttribute('data-full-label'))!);
      const modelNode = nodes.filter({ hasText: 'ranker @ 2.0.0' });
      await modelNode.hover();
      await expect(modelNode.locator('[data-full-label]')).toBeVisible();
      await expect(modelNode).toHaveAttribute('aria-label', /^Model version: ranker @ 2\.0\.0 /);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/(lineage\/runs|datasets|models)\//);
    });

    test('a cycle is drawn along the routes ELK laid out: every edge ends in an arrow, inside the canvas, clear of the nodes it passes', async ({ page }) => {
      await signIn(page, ACCOUNTS.dataScientist);
      const system = await createSystemAs(page);
      const namespace = `s3://${unique('loop').replace(' ', '-')}`;
      const versions: string[] = [];
      for (const name of ['features', 'labels', 'scores']) {
        const dataset = await page.request.post('/api/v1/datasets', { data: { systemId: system.id, namespace, name }, headers: sameOrigin() });
        const datasetId = ((await dataset.json()) as { id: string }).id;
        const version = await page.request.post(`/api/v1/datasets/${datasetId}/versions`, { data: { version: 'v1' }, headers: sameOrigin() });
        versions.push(((await version.json()) as { id: string }).id);
      }
      // features -> step 1 -> labels -> step 2 -> scores -> step 3 -> features: the last edge runs against the flow.
      for (const [step, [from, to]] of [[0, 1], [1, 2], [2, 0]].entries()) {
        const run = { externalRunId: unique(`loop-${step}`).replace(' ', '-'), jobNamespace: 'loop', jobName: `step_${step + 1}`, inputDatasetVersionIds: [versions[from!]], outputDatasetVersionIds: [versions[to!]] };
        expect((await page.request.post('/api/v1/runs', { data: run, headers: sameOrigin() })).status()).toBe(201);
      }
      await page.goto(`/lineage?node=dataset_version:${versions[0]}&depth=3`);
      const graph = page.getByTestId('lineage-graph');
      await expect(graph).toHaveAttribute('data-laid-out', 'true');
      await expect(graph.locator('.react-flow__node')).toHaveCount(6);
      const paths = graph.locator('.react-flow__edge-path');
      await expect(paths).toHaveCount(6);
      await expect.poll(async () => (await paths.evaluateAll((all) => all.map((p) => p.getAttribute('marker-end')))).every((m) => /^url\(['"]?#/.test(m ?? ''))).toBe(true);

      // Points along each edge, on screen: it starts and ends on the borders of the nodes it joins, and between them
      // stays inside the canvas and out of every node. Polled: the view is fitted a frame after the layout lands.
      const offenders = () =>
        graph.evaluate((root) => {
          const canvas = root.getBoundingClientRect();
          const boxes = new Map([...root.querySelectorAll('.react-flow__node')].map((n) => [n.getAttribute('data-id')!, n.getBoundingClientRect()]));
          const onBorder = (p: DOMPoint, box: DOMRect) => p.x >= box.left - 3 && p.x <= box.right + 3 && p.y >= box.top - 3 && p.y <= box.bottom + 3 && !(p.x > box.left + 3 && p.x < box.right - 3 && p.y > box.top + 3 && p.y < box.bottom - 3);
          const problems: string[] = [];
          for (const edge of root.querySelectorAll<SVGGElement>('.react-flow__edge')) {
            const id = edge.dataset.id!;
            const [from, to] = id.split('>');
            const path = edge.querySelector<SVGPathElement>('.react-flow__edge-path')!;
            const matrix = path.getScreenCTM()!;
            const length = path.getTotalLength();
            const at = (distance: number) => new DOMPoint(path.getPointAtLength(distance).x, path.getPointAtLength(distance).y).matrixTransform(matrix);
            if (!onBorder(at(0), boxes.get(from!)!)) problems.push(`${id} does not start on its source`);
            if (!onBorder(at(length), boxes.get(to!)!)) problems.push(`${id} does not end on its target`);
            for (let distance = 0; distance <= length; distance += 4) {
              const point = at(distance);
              if (point.x < canvas.left || point.x > canvas.right || point.y < canvas.top || point.y > canvas.bottom) problems.push(`${id} leaves the canvas`);
              const inside = [...boxes].find(([, box]) => point.x > box.left + 1 && point.x < box.right - 1 && point.y > box.top + 1 && point.y < box.bottom - 1);
              if (inside && distance > 6 && distance < length - 6) problems.push(`${id} crosses ${inside[0]}`);
            }
          }
          return [...new Set(problems)];
        });
      await expect.poll(offenders).toEqual([]);
    });

    test('each edge label of rows read or written gets room of its own: none covers a node or another label', async ({ page, request }) => {
      // One run that read four tables and wrote three, each with the row count its producer reported: seven labels
      // between the same two columns, where labels placed halfway along their edges piled on each other.
      const event = labelledRunEvent();
      const token = createToken(ACCOUNTS.dataScientist, ['lineage:write']);
      const sent = await request.post('/api/v1/lineage', { data: event, headers: { authorization: `Bearer ${token}` } });
      expect(sent.status()).toBe(201);
      await signIn(page, ACCOUNTS.dataScientist);
      await page.goto(`/lineage?node=run:${((await sent.json()) as { id: string }).id}&depth=1`);
      const graph = page.getByTestId('lineage-graph');
      await expect(graph).toHaveAttribute('data-laid-out', 'true');
      await expect(graph.locator('.react-flow__node')).toHaveCount(8);
      await expect(graph.locator('.react-flow__edge-text')).toHaveCount(7);

      // On screen: each label's box (its background) against every node and every other label. Polled: the view is
      // fitted a frame after the layout lands.
      const overlaps = () =>
        graph.evaluate((root) => {
          const labels = [...root.querySelectorAll('.react-flow__edge-textbg')].map((bg) => ({ name: bg.parentElement!.textContent!, box: bg.getBoundingClientRect() }));
          const nodes = [...root.querySelectorAll('.react-flow__node')].map((n) => ({ name: n.getAttribute('data-id')!, box: n.getBoundingClientRect() }));
          const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
          const problems: string[] = [];
          for (const [i, label] of labels.entries()) {
            for (const node of nodes) if (overlap(label.box, node.box)) problems.push(`"${label.name}" covers ${node.name}`);
            for (const other of labels.slice(i + 1)) if (overlap(label.box, other.box)) problems.push(`"${label.name}" covers "${other.name}"`);
          }
          return problems;
        });
      await expect.poll(overlaps).toEqual([]);
      await expect(graph.getByText('1.2K rows', { exact: true })).toBeVisible();
    });
  });
}

test('a labelled graph runs left to right only while ELK lays it out wide enough to read, and turns as the window narrows', async ({ page, request }) => {
  const token = createToken(ACCOUNTS.dataScientist, ['lineage:write']);
  const sent = await request.post('/api/v1/lineage', { data: labelledRunEvent(), headers: { authorization: `Bearer ${token}` } });
  expect(sent.status()).toBe(201);
  const runKey = `run:${((await sent.json()) as { id: string }).id}`;
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto(`/lineage?node=${runKey}&depth=1`);
  const graph = page.getByTestId('lineage-graph');
  // Which way the other nodes lie from the run (sideways: left to right), and the zoom the view was fitted at.
  const drawn = () =>
    graph.evaluate((root, run) => {
      const centre = (el: Element) => { const b = el.getBoundingClientRect(); return { x: b.x + b.width / 2, y: b.y + b.height / 2 }; };
      const nodes = [...root.querySelectorAll('.react-flow__node')];
      // Between two layouts (the window just narrowed) the nodes may be gone for a moment: not drawn yet.
      const runNode = nodes.find((n) => n.getAttribute('data-id') === run);
      if (!runNode) return null;
      const at = centre(runNode);
      const others = nodes.filter((n) => n.getAttribute('data-id') !== run).map(centre);
      const sideways = others.length > 0 && others.every((c) => Math.abs(c.x - at.x) > Math.abs(c.y - at.y));
      const zoom = Number(/scale\(([\d.]+)\)/.exec(root.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform)?.[1] ?? 0);
      return { way: sideways ? 'left to right' : 'top to bottom', readable: zoom >= 0.75 };
    }, runKey);
  await expect(graph).toHaveAttribute('data-laid-out', 'true');
  await expect(graph.locator('.react-flow__node')).toHaveCount(8);
  await expect.poll(drawn).toEqual({ way: 'left to right', readable: true });
  // At this width the labelled layout side by side would need a zoom below 0.75 (without its labels it would fit);
  // top to bottom, its four inputs side by side are fitted as the width allows.
  await page.setViewportSize({ width: 1100, height: 900 });
  await expect.poll(async () => (await drawn())?.way).toBe('top to bottom');
});

test('the candidates API refuses outputs to a role that records no lineage, and bounds its page', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  const refused = await page.request.get('/api/v1/lineage/candidates', { params: { kind: 'model_version', side: 'output', q: '' } });
  expect(refused.status()).toBe(403);
  const tooMany = await page.request.get('/api/v1/lineage/candidates', { params: { kind: 'model_version', pageSize: '500' } });
  expect(tooMany.status()).toBe(400);
  const inputs = await page.request.get('/api/v1/lineage/candidates', { params: { kind: 'dataset_version', q: '' } });
  expect(inputs.status()).toBe(200);
  const body = (await inputs.json()) as { items: { id: string; label: string }[]; total: number };
  expect(body.items.length).toBeLessThanOrEqual(20);
  expect(body.total).toBeGreaterThan(0);
});
