import type { Locator, Page } from '@playwright/test';

/**
 * How a `<Table cardsBelow>` lays out its rows: each row's CSS display ('table-row' in the table, 'grid' as a card)
 * and the captions its cells show above their values as a card (CSS generated content, which text queries miss).
 */
export function cardRowLayout(rows: Locator) {
  return rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      display: getComputedStyle(tr).display,
      captions: [...tr.querySelectorAll('td[data-label]')].flatMap((td) => {
        const content = getComputedStyle(td, '::before').content;
        return content === 'none' || content === 'normal' ? [] : [/^"([^"]*)"/.exec(content)?.[1] ?? content];
      }),
    })),
  );
}

type AXNode = { nodeId: string; role?: { value: string }; name?: { value: string }; childIds?: string[] };

/** What Chromium gives screen readers for a named table: its column headers and each row's cell names. */
export async function tableForScreenReaders(page: Page, name: string) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const under = (id: string): AXNode[] => [byId.get(id)!, ...(byId.get(id)?.childIds ?? []).filter((c) => byId.has(c)).flatMap(under)];
  const table = nodes.find((n) => n.role?.value === 'table' && n.name?.value === name);
  const inside = table ? under(table.nodeId) : [];
  const withRole = (list: AXNode[], role: string) => list.filter((n) => n.role?.value === role);
  return {
    headers: withRole(inside, 'columnheader').map((n) => n.name?.value.toLowerCase() ?? ''),
    rows: withRole(inside, 'row')
      .map((row) => withRole(under(row.nodeId), 'cell').map((n) => n.name?.value ?? ''))
      .filter((cells) => cells.length > 0),
  };
}

/** Cells of these rows whose content is wider than the cell or pokes out of its row (a long name that did not wrap). */
export function overflowingCells(rows: Locator) {
  return rows.evaluateAll((trs) =>
    trs.flatMap((tr) => {
      const row = tr.getBoundingClientRect();
      return [...tr.querySelectorAll('td')].flatMap((td) => {
        const inner = [...td.querySelectorAll('*')].map((el) => el.getBoundingClientRect());
        const pokesOut = inner.some((box) => box.width > 0 && (box.right > row.right + 1 || box.left < row.left - 1));
        return td.scrollWidth > td.clientWidth + 1 || pokesOut ? [`${td.dataset.label ?? 'first cell'}: ${td.textContent?.slice(0, 60)}`] : [];
      });
    }),
  );
}

/** Keyboard stops inside `root` (itself included) that a sighted user cannot see: 1 px or smaller, as sr-only leaves them. */
export function invisibleTabStops(root: Locator) {
  return root.evaluate((element) =>
    [element, ...element.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => el instanceof HTMLElement && el.tabIndex >= 0 && !(el as HTMLElement).matches(':disabled') && el.getClientRects().length > 0)
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width <= 1 || box.height <= 1;
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}
