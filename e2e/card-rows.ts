import type { Locator, Page } from '@playwright/test';

/**
 * How a `<Table cards>` lays out its rows: each row's CSS display ('table-row' in the table, 'grid' as a card) and the
 * captions its cells show above their values as a card (CSS generated content, which text queries do not see).
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
