import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, createSystemAs, EVERY_REQUIRED_KIND, promoteToStaging, recordEvidence, safetensorsBytes, sameOrigin, scannedVersion, signIn, signInNewContext, unique } from './helpers';

// One request walked by three people at desktop and phone widths, with scrypt re-authentication and axe runs.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const ISO_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** axe and no sideways page scroll, at both widths. */
async function holdsUp(page: Page) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await expect(page.locator('main')).toBeVisible();
    expect(await scrollsSideways(page), `sideways scroll at ${size.width} px on ${page.url()}`).toBe(false);
    await expectNoSeriousA11yViolations(page);
  }
  await page.setViewportSize(DESKTOP);
}

async function openSignDialog(page: Page, password: string) {
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(password);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  return dialog;
}

test('a promotion day: blocked with the way forward, requested, awaited, signed with confirmation, and named in the audit trail', async ({ page, browser }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('day-scorer').replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string; name: string };

  // Morning: a version without robustness evidence, and one whose bytes were never uploaded.
  const partial = await scannedVersion(page.request, model.id, '0.9.0');
  await recordEvidence(page.request, partial, EVERY_REQUIRED_KIND.filter(([kind]) => kind !== 'robustness'), 'ci-pipeline');
  await page.goto(`/models/${model.id}/versions/${partial.id}`);
  const gate = page.getByRole('region', { name: 'Gate for production' });
  await expect(gate).toContainText('Gate does not pass');
  const request = gate.getByRole('button', { name: 'Request promotion to production' });
  await expect(request).toHaveAttribute('aria-disabled', 'true');
  await expect(request).toHaveAccessibleDescription(/Record robustness evidence/);
  await expect(gate.getByRole('link', { name: 'Record robustness evidence' })).toHaveAttribute('href', `/models/${model.id}/versions/${partial.id}/evidence/new?kind=robustness`);
  await request.focus();
  await expect(request).toBeFocused();
  // Each met evidence requirement names the record that decided it, linked to its row.
  const decided = gate.locator('[data-state="met"]').filter({ hasText: 'fairness evidence' }).getByRole('link', { name: /Fairness evaluation by ci-pipeline \(staging\)/ });
  await expect(decided).toHaveAttribute('href', /^#evaluation-/);
  await holdsUp(page);
  // The step opens the evidence form on the kind it asks for.
  await gate.getByRole('link', { name: 'Record robustness evidence' }).click();
  await expect(page.getByLabel('Kind')).toHaveValue('robustness');
  await page.goBack();

  // A version whose digest was declared but whose bytes never reached the server: nothing was scanned.
  const bytes = safetensorsBytes('declared');
  const declared = await page.request.post('/api/v1/model-versions', { data: { modelId: model.id, version: '0.9.1', artifactSha256: createHash('sha256').update(bytes).digest('hex') }, headers: sameOrigin() });
  expect(declared.status()).toBe(201);
  const unscanned = (await declared.json()) as { id: string };
  await page.goto(`/models/${model.id}/versions/${unscanned.id}`);
  const scan = page.getByRole('region', { name: 'Gate for staging' }).locator('li[data-state]').filter({ hasText: 'Artifact scanned and safe' });
  await expect(scan).toHaveAttribute('data-state', 'failed');
  await expect(scan).not.toContainText('✓');
  await page.getByRole('region', { name: 'Gate for staging' }).getByRole('link', { name: 'Upload the artifact' }).click();
  await expect(page).toHaveURL(/#artifact$/);
  await expect(page.locator('#artifact')).toContainText('Nothing was scanned');
  await page.locator('#artifact').getByLabel('Upload this version’s file to scan it').setInputFiles({ name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(scan).toHaveAttribute('data-state', 'met');
  await expect(page.locator('#artifact')).not.toContainText('Nothing was scanned');

  // A version whose gate passes: requested, and the request says who it waits on.
  const ready = await scannedVersion(page.request, model.id, '1.0.0');
  await recordEvidence(page.request, ready, EVERY_REQUIRED_KIND, 'ci-pipeline');
  await promoteToStaging(page, browser, ready.id);
  await page.goto(`/models/${model.id}/versions/${ready.id}`);
  const readyGate = page.getByRole('region', { name: 'Gate for production' });
  await expect(readyGate).toContainText('Gate passes');
  await readyGate.getByLabel('Justification for production').fill('Every required evaluation is recorded on these bytes.');
  await readyGate.getByRole('button', { name: 'Request promotion to production' }).click();
  await expect(page).toHaveURL(/\/approvals\/[^/?]+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Promotion to production requested.' })).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  const requestId = requestPath.split('/').at(-1)!;
  await expect(page.getByTestId('awaiting')).toHaveText('Awaiting: Risk officer and Security reviewer');
  await expect(page.getByRole('table', { name: 'Evidence as submitted' })).toContainText('ci-pipeline');
  await holdsUp(page);

  await page.goto(`/models/${model.id}/versions/${ready.id}`);
  const pending = page.getByRole('region', { name: 'Gate for production' });
  await expect(pending).toContainText('Request pending');
  await expect(pending.getByTestId('awaiting')).toHaveText('Awaiting: Risk officer and Security reviewer');
  await expect(pending.getByRole('link', { name: 'Request to production' })).toHaveAttribute('href', requestPath);
  await expect(pending.getByTestId('pending-request')).toContainText(/under policy v\d+: the version its signers hold it to/);

  // The risk officer mistypes, then signs at the desk: a confirmation is announced and the page shows the new state.
  const rita = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await rita.page.setViewportSize(DESKTOP);
  await rita.page.goto(requestPath);
  const wrong = await openSignDialog(rita.page, 'not my password');
  await expect(wrong.getByText('Wrong password.').first()).toBeVisible();
  await wrong.getByLabel('Your password').fill(DEMO_PASSWORD);
  await wrong.getByRole('button', { name: 'Sign approval' }).click();
  await expect(rita.page.getByRole('status').filter({ hasText: 'Signature recorded' })).toBeVisible();
  const ritaNote = rita.page.getByTestId('sign-confirmation');
  await expect(ritaNote).toContainText(`You approved ${model.name} 1.0.0 for production as Risk officer on `);
  await expect(ritaNote).toContainText(ISO_TIME);
  await expect(ritaNote).toContainText('Awaiting: Security reviewer.');
  await expect(ritaNote).toBeFocused();
  // The way on to her next piece of work: the demo's other request awaiting a risk officer (or, if others signed it, the list).
  const onward = ritaNote.getByRole('link', { name: /^(Next awaiting you: .+ → (staging|production) →|Nothing else awaits your signature: back to approvals)$/ });
  await expect(onward).toHaveAttribute('href', /^\/approvals(\/[0-9a-f-]{36})?$/);
  expect(await onward.getAttribute('href')).not.toBe(requestPath);
  await expect(rita.page.getByTestId('awaiting')).toHaveText('Awaiting: Security reviewer');
  const officerRow = rita.page.getByTestId('approval-progress').locator('li[data-role="risk_officer"]');
  await expect(officerRow).toContainText('Approved');
  await expect(officerRow).toContainText('Rita Chen');
  await expect(officerRow).toContainText(ISO_TIME);
  await expect(rita.page.getByRole('button', { name: 'Sign', exact: true })).toHaveCount(0);
  await holdsUp(rita.page);
  await rita.context.close();

  // The security reviewer signs on a phone: the last signature moves the version.
  const sebastian = await signInNewContext(browser, ACCOUNTS.securityReviewer);
  await sebastian.page.setViewportSize(PHONE);
  await sebastian.page.goto(requestPath);
  await openSignDialog(sebastian.page, DEMO_PASSWORD);
  await expect(sebastian.page.getByRole('status').filter({ hasText: 'Signature recorded: the promotion is approved.' })).toBeVisible();
  await expect(sebastian.page.getByTestId('sign-confirmation')).toContainText('Every required role has signed: the version is now in production.');
  await expect(sebastian.page.getByRole('heading', { level: 1 })).toContainText('Approved');
  await expect(sebastian.page.getByTestId('awaiting')).toHaveText('Approved: every required role signed.');
  expect(await scrollsSideways(sebastian.page)).toBe(false);
  await expectNoSeriousA11yViolations(sebastian.page);
  await sebastian.context.close();

  await page.goto(`/models/${model.id}/versions/${ready.id}`);
  await expect(page.getByTestId('promotion-history')).toContainText('Rita Chen (approved), Sebastian Kowalski (approved)');
  await expect(page.getByText('This version is in production')).toBeVisible();

  // The audit trail files the failed attempt and both signatures under the request, with the signers' names.
  const aude = await signInNewContext(browser, ACCOUNTS.auditor);
  await aude.page.goto(`/audit?entityId=${requestId}`);
  const rows = aude.page.getByRole('row');
  await expect(rows.filter({ hasText: 'Rita Chen' }).filter({ hasText: /sign.?failed|failed/i })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Rita Chen' }).filter({ hasNotText: /failed/i }).first()).toContainText(new RegExp(`${model.name}|${requestId.slice(0, 8)}|request`, 'i'));
  await expect(rows.filter({ hasText: 'Sebastian Kowalski' }).first()).toBeVisible();
  await aude.context.close();
});
