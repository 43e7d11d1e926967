// First: it installs the AsyncLocalStorage that Next's request scope needs before any route module loads.
import { inRequestScope } from '@/lib/http/testing';
import fs from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as signaturesRoute from '@/app/api/v1/model-versions/[id]/signatures/route';
import * as trustRoute from '@/app/api/v1/trust-config/route';
import { API_TOKEN_SCOPES } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { authSecret } from '@/lib/auth/secret';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { uploadBytes } from '@/lib/promotion/test-artifacts';
import { makeActor, makeSystem } from '@/lib/testing';

// Bundles made by openssl, independently of this code (fixtures/README.md).
const fixture = (p: string) => fs.readFileSync(path.join(__dirname, 'fixtures', p));
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const TRUST = 'http://localhost/api/v1/trust-config';
const bearer = (token: string, method: string, url: string, body?: Buffer | string) => new NextRequest(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: new Uint8Array(Buffer.from(body)) } : {}) });

let admin: Actor;
let ds: Actor;
let adminCookie: string;
let versionId: string;
beforeAll(async () => {
  [admin, ds] = await Promise.all([makeActor(['admin']), makeActor(['data_scientist'])]);
  const user = (await signInWithPassword({ email: admin.email, password: 'correct horse battery staple' }, { ip: '10.0.0.1', userAgent: 'vitest' }))!;
  adminCookie = await encode({ token: { sub: user.id, sid: user.sessionId, email: user.email, name: user.name }, secret: authSecret(), maxAge: 3600 });
  const modelId = (await createModel(ds, { systemId: (await makeSystem(ds, { riskTier: 'minimal' })).id, name: 'api-signed' })).id;
  const { sha256 } = await uploadBytes(ds, fixture('openssl/model.bin'), 'model.bin');
  versionId = (await createModelVersion(ds, { modelId, version: 'v1', artifactSha256: sha256, format: 'other' })).id;
});

function asAdminBrowser(method: string, body?: unknown) {
  const request = new NextRequest(TRUST, { method, headers: { cookie: `next-auth.session-token=${adminCookie}`, origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return inRequestScope(request, () => (method === 'PUT' ? trustRoute.PUT(request, ctx()) : trustRoute.GET(request, ctx())));
}

describe('trust configuration API', () => {
  it("refuses an admin's API token with every scope: trust is set in the admin's own session", async () => {
    const token = (await createApiToken(admin, admin.userId, { name: 'every scope', scopes: [...API_TOKEN_SCOPES] })).secret;
    expect((await trustRoute.GET(bearer(token, 'GET', TRUST), ctx())).status).toBe(403);
    expect((await trustRoute.PUT(bearer(token, 'PUT', TRUST, JSON.stringify({ keys: [] })), ctx())).status).toBe(403);
  });

  it('lets the admin session replace it (400 with the field for a bad PEM) and read it back with its history', async () => {
    const bad = await asAdminBrowser('PUT', { keys: [{ publicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', identity: 'x' }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues).toEqual([expect.objectContaining({ path: 'keys.0.publicKeyPem' })]);
    const saved = await asAdminBrowser('PUT', { keys: [{ publicKeyPem: fixture('openssl/signer.pub.pem').toString('utf8'), identity: 'api-release-bot' }] });
    expect(saved.status).toBe(200);
    const read = await (await asAdminBrowser('GET')).json();
    expect(read).toMatchObject({ version: expect.any(Number), config: { keys: [expect.objectContaining({ identity: 'api-release-bot' })] }, history: expect.arrayContaining([expect.objectContaining({ version: read.version })]) });
  });
});

describe('model signatures API', () => {
  const url = () => `http://localhost/api/v1/model-versions/${versionId}/signatures`;

  it('takes the bundle as the JSON body from a register token (201), and lists it for a read token', async () => {
    const register = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['register'] })).secret;
    const attached = await signaturesRoute.POST(bearer(register, 'POST', url(), fixture('openssl/model.sig')), ctx({ id: versionId }));
    expect(attached.status).toBe(201);
    expect(await attached.json()).toMatchObject({ status: 'verified', signerIdentity: 'api-release-bot' });
    const read = (await createApiToken(ds, ds.userId, { name: 'reader', scopes: ['read'] })).secret;
    expect((await signaturesRoute.POST(bearer(read, 'POST', url(), fixture('openssl/model.sig')), ctx({ id: versionId }))).status).toBe(403);
    const list = await (await signaturesRoute.GET(bearer(read, 'GET', url()), ctx({ id: versionId }))).json();
    expect(list).toMatchObject({ total: 1, items: [{ status: 'verified', signedFiles: [{ name: 'model.bin' }] }] });
    expect((await signaturesRoute.GET(bearer(read, 'GET', 'http://localhost/api/v1/model-versions/nope/signatures'), ctx({ id: 'nope' }))).status).toBe(404);
  });
});
