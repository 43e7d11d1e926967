import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { canonicalJson } from '../lib/canonical-json';
import { ACCOUNTS, sameOrigin, signIn } from './helpers';

// One signed card in the demo data is changed by the second test, so the two run in order.
test.describe.configure({ mode: 'serial' });

type ListedVersion = { id: string; modelId: string; version: string; artifactSha256: string };

/** The demo's credit scorecard 3.2.0: promoted to production by a request Rita Chen and Sebastian Kowalski signed. */
async function signedDemoVersion(page: import('@playwright/test').Page) {
  const models = await (await page.request.get('/api/v1/models', { params: { q: 'credit-scorecard-gbm' } })).json();
  const modelId = (models.items as { id: string; name: string }[]).find((m) => m.name === 'credit-scorecard-gbm')!.id;
  const versions = await (await page.request.get('/api/v1/model-versions', { params: { modelId } })).json();
  return (versions.items as ListedVersion[]).find((v) => v.version === '3.2.0')!;
}

test('a risk officer reads the signed AI Card, with its signatures, and every export carries the same digest', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  const version = await signedDemoVersion(page);
  await page.goto(`/models/${version.modelId}/versions/${version.id}`);
  await page.getByRole('link', { name: 'AI Card' }).click();
  await expect(page.getByRole('heading', { name: 'AI Card: credit-scorecard-gbm 3.2.0' })).toBeVisible();
  for (const section of ['Model details', 'Intended use', 'Risk classification', 'Training data (1)', 'Lineage summary', 'Limitations, ethical considerations and recommendations', 'Integrity flags (0)', 'EU AI Act Annex IV coverage']) {
    await expect(page.getByRole('heading', { name: section, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('card-source')).toContainText('identical to the one signed');
  await expect(page.getByTestId('signatures')).toContainText('Rita Chen');
  await expect(page.getByTestId('signatures')).toContainText('Sebastian Kowalski');

  await page.getByRole('link', { name: 'view the signed card' }).click();
  await expect(page.getByTestId('card-source')).toContainText('Rendered from the snapshot frozen');
  const digest = (await page.getByTestId('card-digest').textContent())!.trim();
  expect(digest).toMatch(/^[0-9a-f]{64}$/);

  const json = await page.request.get(`/api/v1/model-versions/${version.id}/card?format=json&view=signed`);
  expect(json.headers()['content-disposition']).toMatch(/attachment; filename="credit-scorecard-gbm-3\.2\.0-ai-card-[0-9a-f]{8}\.json"/);
  const exported = await json.json();
  expect(createHash('sha256').update(canonicalJson(exported.card)).digest('hex')).toBe(digest);
  expect(exported.request.signatures.map((s: { printedName: string }) => s.printedName).sort()).toEqual(['Rita Chen', 'Sebastian Kowalski']);

  const download = page.waitForEvent('download');
  await page.getByRole('navigation', { name: 'Export the card' }).getByRole('link', { name: 'PDF' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`credit-scorecard-gbm-3.2.0-ai-card-${digest.slice(0, 8)}.pdf`);
  const cdx = await (await page.request.get(`/api/v1/model-versions/${version.id}/card?format=cyclonedx&view=signed`)).json();
  expect(cdx.specVersion).toBe('1.6');
  expect(JSON.stringify(cdx)).toContain(digest);
  expect(await (await page.request.get(`/api/v1/model-versions/${version.id}/card?format=md&view=signed`)).text()).toMatch(/^---\n[\s\S]*model-index:/);
});

test('after new evidence the current card says it differs, while the signed card still shows what was signed', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const version = await signedDemoVersion(page);
  const signedBefore = await (await page.request.get(`/api/v1/model-versions/${version.id}/card?format=json&view=signed`)).json();
  const added = await page.request.post('/api/v1/evaluations', {
    data: { modelVersionId: version.id, kind: 'privacy', environment: 'production', artifactSha256: version.artifactSha256, producer: 'e2e', metrics: [{ name: 'membership_inference_auc', value: 0.512 }] },
    headers: sameOrigin(),
  });
  expect(added.status()).toBe(201);

  await page.goto(`/models/${version.modelId}/versions/${version.id}/card`);
  await expect(page.getByTestId('card-source')).toContainText(/differs from the last signed one in .*the evidence.*: the record changed since .+’s request for (staging|production) of \d{4}-\d{2}-\d{2} was signed/);
  await expect(page.getByText('membership_inference_auc')).toBeVisible();
  await page.getByRole('link', { name: 'view the signed card' }).click();
  await expect(page.getByTestId('card-digest')).toHaveText(signedBefore.digest.value);
  await expect(page.getByText('membership_inference_auc')).toHaveCount(0);

  const signedAfter = await (await page.request.get(`/api/v1/model-versions/${version.id}/card?format=json&view=signed`)).json();
  expect(signedAfter.card).toEqual(signedBefore.card);
  const current = await (await page.request.get(`/api/v1/model-versions/${version.id}/card?format=json`)).json();
  expect(current.differsFromLastSigned).toBe(true);
  expect(current.digest.value).not.toBe(signedBefore.digest.value);
});

test('an auditor exports cards too, and bad card requests get clear errors', async ({ page, request }) => {
  await signIn(page, ACCOUNTS.auditor);
  const version = await signedDemoVersion(page);
  const pdf = await page.request.get(`/api/v1/model-versions/${version.id}/card?format=pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const bad = await page.request.get(`/api/v1/model-versions/${version.id}/card?format=docx`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.issues[0].path).toBe('format');
  expect((await page.request.get('/api/v1/model-versions/nope/card')).status()).toBe(404);
  expect((await request.get(`/api/v1/model-versions/${version.id}/card`)).status()).toBe(401);
  await page.goto('/systems');
  await page.getByRole('link', { name: 'Retail credit scoring' }).click();
  await page.getByRole('link', { name: 'AI Card' }).click();
  await expect(page.getByRole('table', { name: 'Model versions and their cards' })).toContainText('3.2.0');
  await expect(page.getByRole('table', { name: 'Model versions and their cards' })).toContainText('changed since');
  // The system card exports as one document: its links download what the API answers.
  const exports = page.getByRole('navigation', { name: 'Export the system card' });
  const [download] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^retail-credit-scoring-system-ai-card-\d{4}-\d{2}-\d{2}\.pdf$/);
  const systemCard = await (await page.request.get(`${new URL(page.url()).pathname.replace('/systems/', '/api/v1/systems/')}?format=json`)).json();
  expect(systemCard.schema).toBe('provenant.system-ai-card-export/v1');
  expect(systemCard.versions.find((v: { version: string }) => v.version === '3.2.0')).toMatchObject({ stage: 'production', differsFromLastSigned: true });
  await expect(exports.getByRole('link', { name: 'Markdown' })).toHaveAttribute('href', /format=md$/);
});
