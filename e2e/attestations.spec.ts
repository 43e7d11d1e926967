import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { opensslVerifies, sigstoreVerify, statementOf } from '../lib/signing/attest/testing';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, signIn, signInNewContext } from './helpers';

type ListedKey = { keyId: string; publicKeyPem: string; active: boolean; retiredAt: string | null };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The demo's credit scorecard 3.2.0, promoted to production: its signed card is fixed by its snapshot. */
async function signedDemoVersion(page: Page) {
  const models = await (await page.request.get('/api/v1/models', { params: { q: 'credit-scorecard-gbm' } })).json();
  const modelId = (models.items as { id: string; name: string }[]).find((m) => m.name === 'credit-scorecard-gbm')!.id;
  const versions = await (await page.request.get('/api/v1/model-versions', { params: { modelId } })).json();
  return (versions.items as { id: string; modelId: string; version: string }[]).find((v) => v.version === '3.2.0')!;
}

async function downloadFrom(page: Page, navigation: string, link: string) {
  const download = page.waitForEvent('download');
  await page.getByRole('navigation', { name: navigation }).getByRole('link', { name: link, exact: true }).click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

const listedKeys = async (page: Page) => (await (await page.request.get('/api/v1/signing-keys')).json()).items as ListedKey[];

test('an auditor downloads a signed card and its attestation and verifies them outside Provenant; an admin rotates the key and the old attestation still verifies', async ({ page, browser }) => {
  // Two PDF renders (the card and its attestation) and axe at two widths on two pages, on a machine shared by two workers.
  test.setTimeout(180_000);
  await signIn(page, ACCOUNTS.auditor);
  const version = await signedDemoVersion(page);
  await page.goto(`/models/${version.modelId}/versions/${version.id}/card?view=signed`);
  const card = await downloadFrom(page, 'Export the card', 'PDF');
  const attestation = await downloadFrom(page, 'Download the signed attestation of an export', 'Attestation of the PDF export');
  expect(attestation.name).toBe(`${card.name}.sigstore.json`);
  const bundle = JSON.parse(attestation.bytes.toString());
  expect(statementOf(bundle).subject).toEqual([{ name: card.name, digest: { sha256: sha256(card.bytes) } }]);
  await holdsUpAtDesktopAndPhone(page);

  await page.getByRole('link', { name: 'Signing keys' }).first().click();
  await expect(page.getByRole('heading', { name: 'Signing keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rotate key' })).toHaveCount(0);
  const signer = (await listedKeys(page)).find((k) => k.keyId === bundle.verificationMaterial.publicKey.hint)!;
  await expect(page.getByRole('table', { name: "Provenant's signing keys" })).toContainText(signer.keyId);
  expect(opensslVerifies(bundle, signer.publicKeyPem)).toBe(true);
  expect(() => sigstoreVerify(bundle, signer.publicKeyPem)).not.toThrow();
  const forged = { ...bundle, dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from(JSON.stringify({ ...statementOf(bundle), subject: [{ name: card.name, digest: { sha256: '0'.repeat(64) } }] })).toString('base64') } };
  expect(opensslVerifies(forged, signer.publicKeyPem)).toBe(false);
  await holdsUpAtDesktopAndPhone(page);

  const admin = await signInNewContext(browser, ACCOUNTS.admin);
  await admin.page.goto('/admin/signing-keys');
  await admin.page.getByRole('button', { name: 'Rotate key' }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Rotate key' }).click();
  await expect(admin.page.getByText('Signing key rotated.').first()).toBeVisible();
  await expect(admin.page.getByRole('table', { name: "Provenant's signing keys" }).getByRole('row').filter({ hasText: signer.keyId })).toContainText('Retired');
  await admin.context.close();

  const retired = (await listedKeys(page)).find((k) => k.keyId === signer.keyId)!;
  expect(retired).toMatchObject({ active: false, retiredAt: expect.any(String), publicKeyPem: signer.publicKeyPem });
  expect(opensslVerifies(bundle, retired.publicKeyPem)).toBe(true);
  const fresh = JSON.parse(await (await page.request.get(`/api/v1/model-versions/${version.id}/card/attestation?format=json&view=signed`)).text());
  expect(fresh.verificationMaterial.publicKey.hint).not.toBe(signer.keyId);
});
