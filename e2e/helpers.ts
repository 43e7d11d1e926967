import { execFileSync } from 'node:child_process';
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'provenant-demo-2026';

export const ACCOUNTS = {
  admin: 'alex.morgan@example.com',
  dataScientist: 'dana.whitfield@example.com',
  otherDataScientist: 'sam.okafor@example.com',
  riskOfficer: 'rita.chen@example.com',
  securityReviewer: 'sebastian.kowalski@example.com',
  auditor: 'aude.laurent@example.com',
} as const;

export const dataDir = () => process.env.E2E_DATA_DIR!;

/** The server's base URL as configured for the running project. */
export const baseUrl = () => test.info().project.use.baseURL!;

/** Session-authenticated writes are origin-checked; our own pages send this header. */
export const sameOrigin = () => ({ origin: baseUrl() });

/** Signs in through the real login form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** A second person at a second browser: a fresh context, signed in. Close `context` when done. */
export async function signInNewContext(browser: Browser, email: string, password = DEMO_PASSWORD) {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

/**
 * An admin, signed in on `page`, adds a person in the "Add a user" dialog with a temporary password and one role;
 * answers their row in the users list.
 */
export async function addUserInBrowser(page: Page, person: { name: string; email: string; temporary: string }, role: string) {
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('dialog', { name: 'Add a user' });
  await add.getByLabel('Name').fill(person.name);
  await add.getByLabel('Email').fill(person.email);
  await add.getByLabel('Initial password').fill(person.temporary);
  await add.getByRole('checkbox', { name: role }).check();
  await add.getByRole('button', { name: 'Create user' }).click();
  await expect(add).toBeHidden();
  return page.getByRole('row').filter({ hasText: person.email });
}

/**
 * A person whose account an admin made signs in for the first time with the temporary password, lands on "Choose your
 * password" and chooses `own`; answers their browser, signed in with their roles.
 */
export async function signInFirstTime(browser: Browser, email: string, temporary: string, own: string) {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(temporary);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await page.getByLabel('Temporary password').fill(temporary);
  await page.getByLabel('New password', { exact: true }).fill(own);
  await page.getByLabel('New password again').fill(own);
  await page.getByRole('button', { name: 'Choose password and go on' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  return { context, page };
}

/** A policy as its page names it: 'Limited risk → staging'. */
export const policyName = (tier: string, stage: string) => `${tier.charAt(0).toUpperCase()}${tier.slice(1)} risk → ${stage}`;

/** A risk officer, in a browser of their own, approves the open change to a policy with their password. */
export async function approvePolicyChange(browser: Browser, tier: string, stage: string) {
  const { context, page } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await page.goto('/admin/policies');
  const name = `Decide on the change to ${policyName(tier, stage)}`;
  await page.getByRole('button', { name }).click();
  const dialog = page.getByRole('dialog', { name });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign decision' }).click();
  await expect(dialog).toBeHidden();
  await context.close();
}

/**
 * A policy change as the product takes it: `page` (an admin's) proposes it in the policy's editor with `reason`, and
 * a risk officer approves it; `page` is left on the policies page with the change in force.
 */
export async function changePolicy(page: Page, browser: Browser, tier: string, stage: string, reason: string, edit: (form: Locator) => Promise<void>) {
  await page.goto('/admin/policies');
  const form = page.getByRole('form', { name: `Policy ${tier} to ${stage}` });
  await edit(form);
  await form.getByLabel('Reason for the change').fill(reason);
  await form.getByRole('button', { name: 'Propose this change' }).click();
  // Recorded: the form gives way to the rules in force while the change awaits approval.
  await expect(form).toHaveCount(0);
  await approvePolicyChange(browser, tier, stage);
  await page.goto('/admin/policies');
}

/**
 * Runs the project CLI against the e2e data directory. audit-chain.spec drops an append-only trigger for a moment
 * to tamper on purpose, and the CLI rightly refuses to start then: such a run is tried again, up to three times.
 */
export function cli(args: string[], input?: string): string {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return execFileSync('npx', ['tsx', '--conditions=react-server', 'lib/cli/main.ts', ...args], {
        env: { ...process.env, DATA_DIR: dataDir() },
        input,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      if (attempt >= 3 || !String((error as CliFailure).stderr).includes('append-only triggers missing')) throw error;
      execFileSync('sleep', ['2']);
    }
  }
}

/** What execFileSync throws when the CLI exits non-zero. */
export type CliFailure = Error & { status: number | null; stdout: string; stderr: string };

/** A unique suffix so tests running in parallel never collide on names. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Creates an account of our own (safe to lock or disable) through the CLI. */
export function createUser(roles: string[] = ['data_scientist']) {
  const slug = unique('e2e').replace(' ', '-');
  const user = { email: `${slug}@example.test`, name: `E2E ${slug}`, password: `pw-${slug}-long-enough` };
  cli(['user', 'create', '--email', user.email, '--name', user.name, ...roles.flatMap((r) => ['--role', r]), '--password-stdin'], user.password);
  return user;
}

/** Creates an API token through the CLI and returns its secret (the only line on stdout). */
export function createToken(email: string, scopes: string[]) {
  const out = cli(['token', 'create', '--email', email, '--name', unique('e2e token'), ...scopes.flatMap((s) => ['--scope', s])]);
  return out.trim().split('\n').at(-1)!.trim();
}

export type SystemRecord = { id: string; name: string; purpose: string; riskTier: string; ownerId: string; createdAt: string; [key: string]: unknown };

/** Every part of a system's documentation, which the high tier's production gate asks for. */
export const DOCUMENTED = {
  intendedUse: 'Scoring in an end-to-end test.',
  outOfScopeUses: 'Anything outside the test.',
  humanOversight: 'The test reads every score.',
  limitations: 'Knows only test data.',
  ethicalConsiderations: 'None beyond the test.',
  recommendations: 'Use in tests only.',
};

/** A valid system body with a unique name, documented for its users. */
export const systemBody = (overrides: Record<string, unknown> = {}) => ({
  name: unique('E2E system'),
  purpose: 'Created by an end-to-end test.',
  riskTier: 'minimal',
  ...DOCUMENTED,
  ...overrides,
});

/** Registers a system over the API with the page's session (the signed-in person owns it). */
export async function createSystemAs(page: Page, overrides: Record<string, unknown> = {}): Promise<SystemRecord> {
  const response = await page.request.post('/api/v1/systems', { data: systemBody(overrides), headers: sameOrigin() });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/**
 * A risk officer who does not own the system (the demo's Rita Chen) confirms its tier in her own session: a limited
 * or minimal tier's production gate waits for it.
 */
export async function confirmTier(browser: Browser, system: Pick<SystemRecord, 'id' | 'riskTier'>) {
  const { context, page } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  const response = await page.request.post(`/api/v1/systems/${system.id}/tier-confirmation`, { data: { riskTier: system.riskTier, password: DEMO_PASSWORD }, headers: sameOrigin() });
  expect(response.status(), await response.text()).toBe(200);
  await context.close();
}

/** Reads a system over the API (session or bearer). */
export async function getSystem(request: APIRequestContext, id: string, headers: Record<string, string> = {}): Promise<SystemRecord> {
  const response = await request.get(`/api/v1/systems/${id}`, { headers });
  expect(response.status()).toBe(200);
  return response.json();
}

/** How many systems match a text search: used to prove that a refused write wrote nothing. */
export async function countSystemsMatching(request: APIRequestContext, q: string, headers: Record<string, string> = {}) {
  const response = await request.get('/api/v1/systems', { params: { q }, headers });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

/** Evidence of every kind and environment the default policies ask for. */
export const EVERY_REQUIRED_KIND = [['performance', 'staging'], ['performance', 'production'], ['robustness', 'staging'], ['fairness', 'staging'], ['red_team', 'staging']] as const;

/** A real safetensors file of one F32 tensor; the unique label in its metadata makes each digest new. */
export function safetensorsBytes(label: string) {
  const header = Buffer.from(JSON.stringify({ __metadata__: { label: unique(label) }, weight: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.alloc(4)]);
}

/** Real safetensors bytes, uploaded first so the server scans them (unscanned never passes), then registered as a version. */
export async function scannedVersion(request: APIRequestContext, modelId: string, label: string) {
  const upload = await request.post('/api/v1/artifacts', { multipart: { file: { name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: safetensorsBytes(label) } }, headers: sameOrigin() });
  expect(upload.status()).toBe(201);
  const digest = ((await upload.json()) as { sha256: string }).sha256;
  const response = await request.post('/api/v1/model-versions', { data: { modelId, version: label, artifactSha256: digest, format: 'safetensors' }, headers: sameOrigin() });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; artifactSha256: string; scanStatus: string };
}

/** One passing evaluation of each kind (every kind a gate requires unless told), on the version's artifact. */
export async function recordEvidence(request: APIRequestContext, version: { id: string; artifactSha256: string }, kinds: readonly (readonly [string, string])[] = EVERY_REQUIRED_KIND, producer = 'ci') {
  for (const [kind, environment] of kinds) {
    const response = await request.post('/api/v1/evaluations', { data: { modelVersionId: version.id, kind, environment, artifactSha256: version.artifactSha256, producer, metrics: [{ name: 'auc', value: 0.9 }] }, headers: sameOrigin() });
    expect(response.status()).toBe(201);
  }
}

/**
 * Takes a version to staging the only way there is: its owner (signed in on `page`) requests it, and a risk officer
 * signs in their own browser. The high tier's production gate asks for this first.
 */
export async function promoteToStaging(page: Page, browser: Browser, versionId: string) {
  const response = await page.request.post('/api/v1/promotion-requests', { data: { modelVersionId: versionId, targetStage: 'staging', justification: 'Offline evidence complete: ready to run in staging.' }, headers: sameOrigin() });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const { page: signer, context } = await signInNewContext(browser, ACCOUNTS.riskOfficer);
  await signer.goto(`/approvals/${id}`);
  await signer.getByRole('button', { name: 'Sign', exact: true }).click();
  const dialog = signer.getByRole('dialog', { name: 'Sign this promotion' });
  await dialog.getByLabel('Approve').check();
  await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign approval' }).click();
  await expect(signer.getByTestId('sign-confirmation')).toContainText('the version is now in staging');
  await context.close();
}

/** A high-risk system's model with one scanned version carrying every required evidence kind: its staging gate passes, and its production gate once it is in staging (promoteToStaging). */
export async function versionReadyForPromotion(page: Page, modelLabel: string) {
  const system = await createSystemAs(page, { riskTier: 'high' });
  const model = (await (await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique(modelLabel).replace(' ', '-') }, headers: sameOrigin() })).json()) as { id: string };
  const version = await scannedVersion(page.request, model.id, '1.0.0');
  await recordEvidence(page.request, version);
  return { system, model, version };
}
