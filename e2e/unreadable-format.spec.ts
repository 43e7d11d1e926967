import { expect, test } from '@playwright/test';
import { ACCOUNTS, createSystemAs, sameOrigin, signIn, unique } from './helpers';

test('a version whose bytes are in no format the scanner reads is told to change format, not to upload again', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'minimal' });
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('opaque').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
  // A weights file from a framework the scanner does not parse: bytes that are no pickle, ZIP, NumPy, safetensors, ONNX or GGUF.
  const upload = await page.request.post('/api/v1/artifacts', { multipart: { file: { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(`opaque weights ${unique('w')}`) } }, headers: sameOrigin() });
  expect(upload.status()).toBe(201);
  const { sha256 } = (await upload.json()) as { sha256: string };
  const created = await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.0.0', artifactSha256: sha256, format: 'other' }, headers: sameOrigin() });
  expect(created.status()).toBe(201);
  const version = (await created.json()) as { id: string };

  await page.goto(`/models/${model.id}/versions/${version.id}`);
  await expect(page.getByRole('note').filter({ hasText: 'does not recognise the format' })).toContainText('register the model in a format the scanner reads');
  await expect(page.getByText('Upload this version’s file to scan it')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Gate for staging' })).toContainText('Scanned, but the format was not recognised');
  // The badge names what happened, and the next step is a new version in a format the scanner reads, not an upload.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Scan: format not recognised');
  const gate = page.getByRole('region', { name: 'Gate for staging' });
  await expect(gate.getByRole('link', { name: 'Register a version in safetensors, ONNX or GGUF' })).toHaveAttribute('href', `/models/${model.id}/versions/new`);
  await expect(gate.getByRole('link', { name: 'Upload the artifact' })).toHaveCount(0);
});

// The demo's limited tier allows unscanned artifacts (its assistant ships as configuration): the note says so, not "ask".
test('a version whose tier allows unscanned bytes is told they pass with a warning, and its gate says they were scanned', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  const models = (await (await page.request.get('/api/v1/models', { params: { q: 'assistant-orchestrator' } })).json()) as { items: { id: string; name: string }[] };
  const model = models.items.find((m) => m.name === 'assistant-orchestrator')!;
  const versions = (await (await page.request.get('/api/v1/model-versions', { params: { modelId: model.id } })).json()) as { items: { id: string; version: string; stage: string }[] };
  const staged = versions.items.find((v) => v.version === '2.1.0')!;
  expect(staged.stage).toBe('staging');
  await page.goto(`/models/${model.id}/versions/${staged.id}`);
  await expect(page.getByRole('note').filter({ hasText: 'does not recognise the format' })).toHaveText(/policies allow unscanned artifacts, so its gates pass them with a warning\.$/);
  await expect(page.getByRole('region', { name: 'Gate for production' })).toContainText('Scanned, but the format was not recognised from the bytes: the policy for this tier allows unscanned artifacts');
});
