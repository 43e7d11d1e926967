import path from 'node:path';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { holdsUpAtDesktopAndPhone } from './axe';
import { ACCOUNTS, changePolicy, createSystemAs, sameOrigin, signIn, signInNewContext, unique } from './helpers';

// An admin trusts a key; a data scientist attaches a bundle that key signed (made by openssl, independently of the
// server: lib/signing/model/fixtures/README.md); the version page says who signed it; a policy that requires another
// signer fails the gate and says why. The limited -> staging policy is used because no other spec gates that tier.
test.describe.configure({ timeout: 180_000 });

const FIXTURES = path.join(__dirname, '..', 'lib', 'signing', 'model', 'fixtures', 'openssl');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

test('a signature by a trusted key is verified on the version page, and a policy requiring someone else fails the gate', async ({ page, browser }) => {
  const signer = unique('release-bot').replace(' ', '-');
  const required = unique('security-team').replace(' ', '-');
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/trust');
  const addKey = page.getByRole('form', { name: 'Add a trusted public key' });
  await addKey.getByLabel('Identity').fill(signer);
  await addKey.getByLabel('Public key (PEM)').fill('not a key');
  await addKey.getByRole('button', { name: 'Add key' }).click();
  await expect(addKey.getByText('Not a public key in PEM: No "BEGIN PUBLIC KEY" block.', { exact: true })).toBeVisible();
  await addKey.getByLabel('Public key (PEM)').fill(fixture('signer.pub.pem').toString('utf8'));
  await addKey.getByRole('button', { name: 'Add key' }).click();
  await expect(addKey.getByRole('status')).toContainText(/Saved as version \d+/);
  await expect(page.getByRole('table', { name: 'Trusted public keys' })).toContainText(signer);
  await holdsUpAtDesktopAndPhone(page);

  const setSigners = async (value: string) =>
    await changePolicy(page, browser, 'limited', 'staging', value ? `Models must be signed by ${value}.` : 'No model signature is needed again.', async (policy) => {
      await policy.getByLabel('Required model signers').fill(value);
    });
  await setSigners(required);
  try {
    const { context, page: ds } = await signInNewContext(browser, ACCOUNTS.dataScientist);
    const system = await createSystemAs(ds, { riskTier: 'limited' });
    const model = (await (await ds.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('signed').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
    const upload = await ds.request.post('/api/v1/artifacts', { multipart: { file: { name: 'model.bin', mimeType: 'application/octet-stream', buffer: fixture('model.bin') } }, headers: sameOrigin() });
    expect(upload.ok()).toBe(true);
    const { sha256 } = (await upload.json()) as { sha256: string };
    const created = await ds.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '1.0.0', artifactSha256: sha256, format: 'other' }, headers: sameOrigin() });
    expect(created.status()).toBe(201);
    const version = (await created.json()) as { id: string };

    await ds.goto(`/models/${model.id}/versions/${version.id}`);
    const attach = ds.getByLabel('Attach a model signature (model.sig)');
    await attach.setInputFiles({ name: 'provenance.sig', mimeType: 'application/json', buffer: fixture('other-predicate.sig') });
    await expect(ds.getByText(/Not an OpenSSF model signature; nothing was kept/)).toBeVisible();
    await attach.setInputFiles({ name: 'model.sig', mimeType: 'application/json', buffer: fixture('model.sig') });
    await expect(ds.getByText(`Latest: signed by ${signer}, verified now against the current trust configuration`)).toBeVisible();
    await expect(ds.getByRole('table', { name: 'Model signatures, newest first' })).toContainText('model.bin');

    const gate = ds.getByRole('region', { name: 'Gate for staging' });
    await expect(gate.locator('[data-state="failed"]').filter({ hasText: `Model signed by ${required}` })).toContainText(`Signed by ${signer}, not one of ${required}.`);
    await holdsUpAtDesktopAndPhone(ds);
    await context.close();
  } finally {
    await setSigners('');
  }
});
