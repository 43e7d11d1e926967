import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import yauzl from 'yauzl';
import { cardRowLayout, overflowingCells } from './card-rows';
import { ACCOUNTS, sameOrigin, signIn } from './helpers';

/** Unpacks a ZIP with yauzl (not the code that wrote it) into `dir`. */
function unzip(file: string, dir: string): Promise<string[]> {
  const names: string[] = [];
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = path.join(dir, entry.fileName);
        if (!target.startsWith(dir + path.sep)) return reject(new Error(`Entry escapes the folder: ${entry.fileName}`));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          stream.pipe(fs.createWriteStream(target)).on('finish', () => {
            names.push(entry.fileName);
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

test('an auditor generates an evidence pack, watches its progress and downloads a PDF and a ZIP that verifies', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.auditor);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evidence packs' }).click();
  await expect(page.getByRole('heading', { name: 'Evidence packs', level: 1 })).toBeVisible();

  const form = page.getByRole('form', { name: 'Generate an evidence pack' });
  await form.getByLabel('Scope').selectOption('system');
  await form.getByLabel('AI system').selectOption({ label: 'Retail credit scoring' });
  await form.getByLabel('Period from').fill('2020-01-01');
  await form.getByRole('button', { name: 'Generate pack' }).click();

  const row = page.getByTestId('evidence-pack-row').filter({ hasText: 'AI system: Retail credit scoring' }).first();
  await expect(row.getByRole('progressbar')).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(row.getByRole('progressbar')).toHaveCount(0);
  await expect(row.getByRole('link', { name: /^PDF \(\d+ pages/ })).toBeVisible();

  const pdfDownload = page.waitForEvent('download');
  await row.getByRole('link', { name: /^PDF/ }).click();
  const pdfFile = await (await pdfDownload).path();
  expect(fs.readFileSync(pdfFile).subarray(0, 4).toString()).toBe('%PDF');

  const zipDownload = page.waitForEvent('download');
  await row.getByRole('link', { name: /^ZIP/ }).click();
  const zipFile = await (await zipDownload).path();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pack-'));
  const names = await unzip(zipFile, dir);
  expect(names).toEqual(expect.arrayContaining(['pack.pdf', 'SHA256SUMS', 'records/audit-events.json', 'records/promotion-requests.json', 'attestation.sigstore.json', 'provenant-signing-key.pub', 'VERIFY.md']));
  const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
  // Every file but SHA256SUMS itself and the attestation that signs it (and every file) is listed.
  expect(checked.trim().split('\n')).toHaveLength(names.length - 2);
  expect(checked).not.toMatch(/FAILED/);
  fs.rmSync(dir, { recursive: true, force: true });

  // On a phone the same row is a captioned card, its digests and links wrapped inside it.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(async () => (await cardRowLayout(row))[0]).toEqual({ display: 'grid', captions: ['Scope and period', 'Status', 'Files'] });
  expect(await overflowingCells(page.getByTestId('evidence-pack-row'))).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test('a bad period is refused field by field and queues nothing', async ({ page }) => {
  await signIn(page, ACCOUNTS.riskOfficer);
  await page.goto('/audit/packs');
  const rows = page.getByTestId('evidence-pack-row');
  const before = await rows.count();
  const form = page.getByRole('form', { name: 'Generate an evidence pack' });
  await form.getByLabel('Period from').fill('2026-03-01');
  await form.getByLabel('Period to').fill('2026-02-01');
  await form.getByRole('button', { name: 'Generate pack' }).click();
  await expect(form.getByText('The period must end on or after its start.', { exact: true })).toBeVisible();
  await expect(rows).toHaveCount(before);
});

test('a data scientist sees no form and is refused by the API', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evidence packs' })).toHaveCount(0);
  await page.goto('/audit/packs');
  await expect(page.getByText('Evidence packs are for risk officers, auditors and admins')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Generate an evidence pack' })).toHaveCount(0);
  const refused = await page.request.post('/api/v1/evidence-packs', { data: { scopeType: 'inventory' }, headers: sameOrigin() });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe('forbidden');
  expect((await page.request.get('/api/v1/evidence-packs')).status()).toBe(403);
});
