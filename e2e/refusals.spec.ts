import { createHash, randomUUID } from 'node:crypto';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { ACCOUNTS, countSystemsMatching, createSystemAs, getSystem, sameOrigin, signIn, signInNewContext, systemBody, unique } from './helpers';

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

async function expectError(response: APIResponse, status: number, code: string): Promise<ErrorBody> {
  expect(response.status(), await response.text()).toBe(status);
  const body = (await response.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body;
}

async function expectForbiddenPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'You are not allowed to do this' })).toBeVisible();
}

/** The owner of a demo system that belongs to Sam, so that a forged ownerId points at a real person. */
async function otherOwnerId(page: Page) {
  const response = await page.request.get('/api/v1/systems', { params: { q: 'Card fraud detection' } });
  const { items } = (await response.json()) as { items: { ownerId: string }[] };
  expect(items.length).toBeGreaterThan(0);
  return items[0]!.ownerId;
}

/** A system, a model and a version registered by the signed-in data scientist; returns the version's id. */
async function registerVersion(page: Page) {
  const system = await createSystemAs(page);
  const model = await page.request.post('/api/v1/models', { data: { systemId: system.id, name: unique('e2e-model') }, headers: sameOrigin() });
  expect(model.status(), await model.text()).toBe(201);
  const { id: modelId } = (await model.json()) as { id: string };
  const version = await page.request.post('/api/v1/model-versions', {
    data: { modelId, version: '1.0.0', artifactSha256: createHash('sha256').update(unique('artifact')).digest('hex'), format: 'safetensors' },
    headers: sameOrigin(),
  });
  expect(version.status(), await version.text()).toBe(201);
  return ((await version.json()) as { id: string }).id;
}

async function stageOf(page: Page, versionId: string) {
  return ((await (await page.request.get(`/api/v1/model-versions/${versionId}`)).json()) as { stage: string }).stage;
}

test('an auditor is refused the edit page and every API write, and nothing changes', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const system = await createSystemAs(page);

  const auditor = await signInNewContext(browser, ACCOUNTS.auditor);
  await expectForbiddenPage(auditor.page, `/systems/${system.id}/edit`);

  const patch = await auditor.page.request.patch(`/api/v1/systems/${system.id}`, { data: { purpose: 'Changed by the auditor.' }, headers: sameOrigin() });
  await expectError(patch, 403, 'forbidden');
  const created = systemBody();
  const post = await auditor.page.request.post('/api/v1/systems', { data: created, headers: sameOrigin() });
  await expectError(post, 403, 'forbidden');
  await auditor.context.close();

  expect(await getSystem(page.request, system.id)).toMatchObject({ purpose: system.purpose, updatedAt: system.updatedAt });
  expect(await countSystemsMatching(page.request, created.name)).toBe(0);
});

test('a data scientist cannot edit a system someone else owns', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.otherDataScientist);
  const system = await createSystemAs(page);

  const dana = await signInNewContext(browser, ACCOUNTS.dataScientist);
  await dana.page.goto(`/systems/${system.id}`);
  await expect(dana.page.getByRole('heading', { level: 1 })).toContainText(system.name);
  await expect(dana.page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expectForbiddenPage(dana.page, `/systems/${system.id}/edit`);
  const patch = await dana.page.request.patch(`/api/v1/systems/${system.id}`, { data: { purpose: 'Not mine to change.' }, headers: sameOrigin() });
  await expectError(patch, 403, 'forbidden');
  await dana.context.close();

  expect((await getSystem(page.request, system.id)).purpose).toBe(system.purpose);
});

test('a session write from another origin, or with no origin, is refused', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const withoutOrigin = systemBody();
  await expectError(await page.request.post('/api/v1/systems', { data: withoutOrigin }), 403, 'forbidden');
  const crossOrigin = systemBody();
  await expectError(await page.request.post('/api/v1/systems', { data: crossOrigin, headers: { origin: 'https://evil.example' } }), 403, 'forbidden');
  expect(await countSystemsMatching(page.request, withoutOrigin.name)).toBe(0);
  expect(await countSystemsMatching(page.request, crossOrigin.name)).toBe(0);
});

test('bad input gets a 400 with field-level issues', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const post = await page.request.post('/api/v1/systems', { data: { name: '', purpose: 'Bad input.', riskTier: 'extreme' }, headers: sameOrigin() });
  const body = await expectError(post, 400, 'invalid');
  expect(body.error.issues?.map((i) => i.path).sort()).toEqual(['name', 'riskTier']);
  expect(body.error.issues?.every((i) => i.message.length > 0)).toBe(true);

  const system = await createSystemAs(page);
  const patch = await page.request.patch(`/api/v1/systems/${system.id}`, { data: { nextReviewDate: 'next tuesday' }, headers: sameOrigin() });
  expect((await expectError(patch, 400, 'invalid')).error.issues?.map((i) => i.path)).toEqual(['nextReviewDate']);

  const notJson = await page.request.post('/api/v1/systems', { data: '{"name": ', headers: { ...sameOrigin(), 'content-type': 'application/json' } });
  await expectError(notJson, 400, 'invalid');
  expect((await getSystem(page.request, system.id)).nextReviewDate).toBe(system.nextReviewDate);
});

test('the API ignores ownerId, id and audit fields in a request', async ({ page }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const someoneElse = await otherOwnerId(page);
  const forgedId = randomUUID();
  const forged = { id: forgedId, ownerId: someoneElse, createdById: someoneElse, createdAt: '2000-01-01T00:00:00.000Z', updatedAt: '2000-01-01T00:00:00.000Z' };

  const post = await page.request.post('/api/v1/systems', { data: systemBody(forged), headers: sameOrigin() });
  expect(post.status()).toBe(201);
  const created = (await post.json()) as { id: string; ownerId: string; createdById: string; createdAt: string };
  expect(created.id).not.toBe(forgedId);
  expect(created.ownerId).not.toBe(someoneElse);
  expect(created.createdById).toBe(created.ownerId);
  expect(created.createdAt.startsWith('2000')).toBe(false);
  expect((await page.request.get(`/api/v1/systems/${forgedId}`)).status()).toBe(404);

  const purpose = unique('Edited purpose');
  const patch = await page.request.patch(`/api/v1/systems/${created.id}`, { data: { ...forged, purpose }, headers: sameOrigin() });
  expect(patch.status(), await patch.text()).toBe(200);
  expect(await getSystem(page.request, created.id)).toMatchObject({ id: created.id, purpose, ownerId: created.ownerId, createdById: created.ownerId, createdAt: created.createdAt });
});

test('a stage change through the API is refused with 409 and the attempt is audited', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const versionId = await registerVersion(page);

  const patch = await page.request.patch(`/api/v1/model-versions/${versionId}`, { data: { stage: 'production' }, headers: sameOrigin() });
  await expectError(patch, 409, 'conflict');
  expect(await stageOf(page, versionId)).toBe('development');

  const auditor = await signInNewContext(browser, ACCOUNTS.auditor);
  await auditor.page.goto(`/audit?action=model_version.stage_change_refused&entityId=${versionId}`);
  const rows = auditor.page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('model_version.stage_change_refused');
  await expect(rows).toContainText(ACCOUNTS.dataScientist);
  await auditor.context.close();
});

test('an auditor who asks for a stage change is refused as forbidden, before anything else', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.dataScientist);
  const versionId = await registerVersion(page);

  const auditor = await signInNewContext(browser, ACCOUNTS.auditor);
  const patch = await auditor.page.request.patch(`/api/v1/model-versions/${versionId}`, { data: { stage: 'production' }, headers: sameOrigin() });
  const status = patch.status();
  const body = await patch.text();
  await auditor.context.close();
  expect(status, body).toBe(403);
  expect(await stageOf(page, versionId)).toBe('development');
});

test('a lineage address naming no node is the 404 page, never a server error', async ({ page }) => {
  await signIn(page, ACCOUNTS.auditor);
  for (const path of ['/lineage?node=x', '/lineage?node=abc', '/lineage?node=model_version:00000000-0000-4000-8000-000000000000', '/lineage?node=model_version:x&depth=99']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
});
