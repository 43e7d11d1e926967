import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, sameOrigin, scannedVersion, signIn, unique } from './helpers';

// A tab's title names the record it shows, so that several open tabs and the browser's history tell them apart.
test('record pages are titled with the record’s name; an unknown id is titled Not found', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { name: unique('Collections triage') });
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('triage-ranker').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string; name: string };
  const version = await scannedVersion(page.request, model.id, '2.1.0');

  const titles: [string, string][] = [
    [`/systems/${system.id}`, `${system.name} · Provenant`],
    [`/systems/${system.id}/card`, `AI Card: ${system.name} · Provenant`],
    [`/systems/${system.id}/reviews`, `Reviews: ${system.name} · Provenant`],
    [`/models/${model.id}`, `${model.name} · Provenant`],
    [`/models/${model.id}/versions/${version.id}`, `${model.name} 2.1.0 · Provenant`],
    [`/models/${model.id}/versions/${version.id}/card`, `AI Card: ${model.name} 2.1.0 · Provenant`],
    [`/systems/00000000-0000-4000-8000-000000000000`, 'Not found · Provenant'],
  ];
  for (const [path, title] of titles) {
    await page.goto(path);
    await expect(page, path).toHaveTitle(title);
  }
});
