import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, createSystemAs, sameOrigin, signIn, unique } from './helpers';

// Trivy's own SARIF for its alpine-3.10 test image (source in lib/evidence/reports/fixtures/README.md): two CVEs in
// two packages, all medium, so four computed medium vulnerabilities and no finding.
const TRIVY = path.join(__dirname, '..', 'lib', 'evidence', 'reports', 'fixtures', 'trivy-alpine-310.sarif');

test("a data scientist attaches Trivy's SARIF in the browser: the server computes the metrics (in its worker, on the production build), a cut-off copy is refused with its reason, and typed figures read self-reported", async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);
  const model = await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('scanned').replace(' ', '-') }, headers: sameOrigin() })).json();
  const version = await (await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.0.0', artifactSha256: 'f'.repeat(64), format: 'onnx' }, headers: sameOrigin() })).json();
  const typed = { modelVersionId: version.id, kind: 'security_scan', environment: 'staging', artifactSha256: 'f'.repeat(64), metrics: [{ name: 'critical_vulnerabilities', value: 0 }] };
  expect((await page.request.post('/api/v1/evaluations', { data: typed, headers: sameOrigin() })).status()).toBe(201);

  await page.goto(`/models/${model.id}/versions/${version.id}/evidence/new`);
  const upload = page.getByRole('form', { name: 'Attach a tool report' });
  const cut = fs.readFileSync(TRIVY).subarray(0, 2000);
  await upload.getByLabel('Report file').setInputFiles({ name: 'trivy-cut.sarif', mimeType: 'application/json', buffer: cut });
  await upload.getByRole('button', { name: 'Attach report' }).click();
  await expect(upload.getByRole('alert')).toBeVisible();
  await expect(upload.getByRole('alert')).toBeFocused();
  await holdsUpAtDesktopAndPhone(page);
  const evidence = async () => (await (await page.request.get('/api/v1/evaluations', { params: { modelVersionId: version.id } })).json()).items.length;
  expect(await evidence()).toBe(1);

  await upload.getByLabel('Report file').setInputFiles(TRIVY);
  await upload.getByLabel('Format').selectOption('sarif');
  await upload.getByRole('button', { name: 'Attach report' }).click();
  const recorded = page.getByTestId('report-recorded');
  await expect(recorded).toContainText('Security scan evidence recorded, computed from trivy-alpine-310.sarif (Trivy');
  await expect(recorded.getByRole('list', { name: 'Computed metrics' })).toContainText('medium_vulnerabilities 4');
  await expect(recorded).toContainText('No finding raised');
  expect(await evidence()).toBe(2);

  await recorded.getByRole('link', { name: "See it in the version's evidence" }).click();
  const table = page.getByRole('table', { name: 'Evaluation evidence' });
  const report = table.getByTestId('computed-from');
  await expect(report).toContainText('Computed from trivy-alpine-310.sarif (Trivy');
  const download = await page.request.get((await report.getByRole('link', { name: 'trivy-alpine-310.sarif' }).getAttribute('href'))!);
  expect(Buffer.from(await download.body()).equals(fs.readFileSync(TRIVY))).toBe(true);
  const typedRow = table.locator('li', { hasText: 'critical_vulnerabilities 0' });
  await expect(typedRow.filter({ hasText: 'Self-reported' })).toHaveCount(1);
  await expect(page.getByTestId('self-reported-legend')).toContainText('the server did not compute it');
  await expect(table.locator('li', { hasText: 'medium_vulnerabilities 4' }).filter({ hasText: 'Self-reported' })).toHaveCount(0);
  await holdsUpAtDesktopAndPhone(page);
});
