import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, signIn, unique } from './helpers';

/** CycloneDX/bom-examples MLBOM/Model-Card-With-Dataset/bom.json (see lib/cards/fixtures/README.md), made unique per run. */
function vendorBom() {
  const bom = JSON.parse(readFileSync('lib/cards/fixtures/bom-examples-model-card-with-dataset.json', 'utf8'));
  const tag = unique('e2e').replace(' ', '-');
  bom.metadata.component.name = `support-triage-service ${tag}`;
  bom.components[0]['bom-ref'] = `component-support-ticket-classifier-${tag}`;
  bom.dependencies[1].ref = bom.components[0]['bom-ref'];
  bom.dependencies[0].dependsOn = [bom.components[0]['bom-ref']];
  return { bom, system: bom.metadata.component.name as string };
}

test("a data scientist imports a vendor's ML-BOM in the browser and its CycloneDX card gives the model parameters back", async ({ page }) => {
  const { bom, system } = vendorBom();
  await signIn(page, ACCOUNTS.dataScientist);
  await page.goto('/models');
  await page.getByRole('link', { name: "Import a vendor's ML-BOM" }).click();
  await expect(page.getByRole('heading', { name: "Import a vendor's CycloneDX ML-BOM" })).toBeVisible();
  await holdsUpAtDesktopAndPhone(page);

  await page.getByLabel('BOM file').setInputFiles({ name: 'bom.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bom, null, 2)) });
  await expect(page.getByLabel('CycloneDX ML-BOM (JSON)')).toHaveValue(/support-ticket-classifier/);
  await page.getByLabel("Risk tier of the vendor's system").selectOption('limited');
  // The vendor's BOM gives no SHA-256 for the model: refused, saying so, nothing registered.
  await page.getByRole('button', { name: 'Import ML-BOM' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('No digest');
  await expect(page.getByText('Give the SHA-256 of the model file: the BOM has none.', { exact: true })).toBeVisible();

  await page.getByLabel('SHA-256 of the model file').fill('ab'.repeat(32));
  await page.getByRole('button', { name: 'Import ML-BOM' }).click();
  await expect(page).toHaveURL(/\/models\/[^/]+\/versions\/[^/]+$/);
  await expect(page.getByRole('link', { name: system }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'support-ticket-classifier', exact: true }).first()).toBeVisible();
  await expect(page.getByText('ab'.repeat(32)).first()).toBeVisible();
  await holdsUpAtDesktopAndPhone(page);

  const versionId = page.url().split('/').at(-1)!;
  const cdx = await (await page.request.get(`/api/v1/model-versions/${versionId}/card?format=cyclonedx`)).json();
  const params = cdx.components[0].modelCard.modelParameters;
  expect(params).toMatchObject({
    approach: { type: 'supervised' }, task: 'text-classification', architectureFamily: 'transformer', modelArchitecture: 'encoder-only transformer',
    inputs: [{ format: 'text/plain' }], outputs: [{ format: 'application/json' }],
  });
  expect(params.datasets).toHaveLength(2);
  const md = await (await page.request.get(`/api/v1/model-versions/${versionId}/card?format=md`)).text();
  expect(md).toMatch(/^---\n[\s\S]*pipeline_tag: text-classification\n/);

  await page.getByRole('link', { name: system }).first().click();
  await expect(page.getByRole('heading', { name: system })).toBeVisible();
  await expect(page.getByText('Example ML Team').first()).toBeVisible();
});
