import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, createSystemAs, dataDir, sameOrigin, signIn, unique } from './helpers';

/** Protocol 0 pickle that would run os.system on load: only ever scanned, never loaded. */
const OS_SYSTEM_PICKLE = Buffer.from("cos\nsystem\n(S'echo pwned'\ntR.", 'latin1');

/** A benign protocol-2 pickle of a unique string, so no other test shares (or tampers with) its blob. */
function uniquePickle() {
  const text = Buffer.from(unique('weights'));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(text.length);
  return Buffer.concat([Buffer.from([0x80, 0x02, 0x58]), length, text, Buffer.from('q\x00.', 'latin1')]);
}

async function newModel(page: Page) {
  const system = await createSystemAs(page);
  const response = await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('model').replace(' ', '-') }, headers: sameOrigin() });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string };
}

async function uploadVersion(page: Page, modelId: string, bytes: Buffer) {
  await page.goto(`/models/${modelId}/versions/new`);
  await page.getByRole('textbox', { name: 'Version', exact: true }).fill('1.0.0');
  await page.getByLabel('Artifact file', { exact: true }).setInputFiles({ name: 'model.pkl', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.getByTestId('upload-result')).toBeVisible();
}

test('an unsafe pickle shows its finding at upload and on the version', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const model = await newModel(page);
  await uploadVersion(page, model.id, OS_SYSTEM_PICKLE);
  await expect(page.getByTestId('upload-result')).toContainText('scan: unsafe');
  await expect(page.getByTestId('upload-result')).toContainText('os.system');
  await expect(page.getByTestId('upload-result')).not.toContainText('unsafe_serialization');
  await expect(page.getByTestId('detected-format')).toHaveText('Format, read from the bytes: pickle');
  await expect(page.getByLabel('Format')).toHaveCount(0);
  await page.getByRole('button', { name: 'Register version' }).click();
  // The heading's badge; the integrity section repeats it once it has streamed in.
  await expect(page.getByRole('heading', { level: 1 }).getByText('Scan: unsafe')).toBeVisible();
  await expect(page.getByTestId('scan-findings')).toContainText('os.system');
  await page.goto(`/models/${model.id}`);
  await expect(page.getByRole('row', { name: /1\.0\.0/ })).toContainText('pickle');
});

test('a byte flipped in the blob store fails verification and raises an integrity flag', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const model = await newModel(page);
  await uploadVersion(page, model.id, uniquePickle());
  await expect(page.getByTestId('upload-result')).toContainText('scan: clean');
  const sha = await page.getByLabel('Artifact SHA-256').inputValue();
  await page.getByRole('button', { name: 'Register version' }).click();
  await page.getByRole('button', { name: 'Verify stored bytes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Verified' })).toBeVisible();

  const file = path.join(dataDir(), 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha);
  const stored = fs.readFileSync(file);
  stored[stored.length - 2] = stored[stored.length - 2]! ^ 0x01;
  fs.writeFileSync(file, stored);

  await page.getByRole('button', { name: 'Verify stored bytes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Failed' })).toContainText('no longer hash');
  await expect(page.getByText('Verification failed')).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('integrity-flags')).toContainText('Stored bytes altered');
});
