// First: it installs the AsyncLocalStorage that Next's request scope needs before any route module loads.
import { inRequestScope } from '@/lib/http/testing';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as deliveriesRoute from '@/app/api/v1/webhooks/[id]/deliveries/route';
import * as endpointRoute from '@/app/api/v1/webhooks/[id]/route';
import * as testRoute from '@/app/api/v1/webhooks/[id]/test/route';
import * as endpointsRoute from '@/app/api/v1/webhooks/route';
import { API_TOKEN_SCOPES } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { authSecret } from '@/lib/auth/secret';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { makeActor } from '@/lib/testing';
import { createWebhookEndpoint } from './create-webhook-endpoint';

const BASE = 'http://localhost/api/v1/webhooks';
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

let admin: Actor;
let token: string;
let cookie: string;
beforeAll(async () => {
  admin = await makeActor(['admin']);
  token = (await createApiToken(admin, admin.userId, { name: 'every scope', scopes: [...API_TOKEN_SCOPES] })).secret;
  const user = (await signInWithPassword({ email: admin.email, password: 'correct horse battery staple' }, { ip: '10.0.0.1', userAgent: 'vitest' }))!;
  cookie = await encode({ token: { sub: user.id, sid: user.sessionId, email: user.email, name: user.name }, secret: authSecret(), maxAge: 3600 });
});

/** The admin's browser: session cookie and our own Origin. */
function asBrowser<T>(method: string, url: string, run: (request: NextRequest) => Promise<T>, body?: unknown) {
  const request = new NextRequest(url, { method, headers: { cookie: `next-auth.session-token=${cookie}`, origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return inRequestScope(request, () => run(request));
}

const call = (method: string, url: string, body?: unknown) =>
  new NextRequest(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

describe('webhooks API', () => {
  it('refuses an admin’s API token with every scope: managing webhooks takes the admin’s own session', async () => {
    const { id } = await createWebhookEndpoint(admin, { url: 'https://93.184.216.34/h', description: '', eventTypes: ['*'], allowPrivateNetwork: false });
    const input = { url: 'https://93.184.216.34/other', eventTypes: ['*'] };
    const answers = [
      await endpointsRoute.GET(call('GET', BASE), ctx()),
      await endpointsRoute.POST(call('POST', BASE, input), ctx()),
      await endpointRoute.GET(call('GET', `${BASE}/${id}`), ctx({ id })),
      await endpointRoute.PATCH(call('PATCH', `${BASE}/${id}`, input), ctx({ id })),
      await deliveriesRoute.GET(call('GET', `${BASE}/${id}/deliveries`), ctx({ id })),
      await testRoute.POST(call('POST', `${BASE}/${id}/test`), ctx({ id })),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
    for (const answer of answers) expect(JSON.stringify(await answer.json())).not.toMatch(/whsec_/);
  });

  it('lets the admin’s session add (secret once), read, edit, test and read the log; a loopback URL is a 400 on url', async () => {
    const refused = await asBrowser('POST', BASE, (r) => endpointsRoute.POST(r, ctx()), { url: 'http://0x7f.1:9/h', eventTypes: ['*'] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.issues).toEqual([{ path: 'url', message: expect.stringMatching(/127\.0\.0\.1 is a loopback address/) }]);
    const created = await asBrowser('POST', BASE, (r) => endpointsRoute.POST(r, ctx()), { url: 'http://0x7f.1:9/h', eventTypes: ['*'], allowPrivateNetwork: true });
    expect(created.status).toBe(201);
    const endpoint = await created.json();
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/h', secret: expect.stringMatching(/^whsec_/) });
    const id = endpoint.id as string;
    const read = await (await asBrowser('GET', `${BASE}/${id}`, (r) => endpointRoute.GET(r, ctx({ id })))).json();
    expect(read).not.toHaveProperty('secret');
    const patched = await asBrowser('PATCH', `${BASE}/${id}`, (r) => endpointRoute.PATCH(r, ctx({ id })), { url: 'http://127.0.0.1:9/h2', description: 'moved', eventTypes: ['review.due'], allowPrivateNetwork: true });
    expect(await patched.json()).toMatchObject({ url: 'http://127.0.0.1:9/h2', description: 'moved', eventTypes: ['review.due'] });
    expect((await asBrowser('POST', `${BASE}/${id}/test`, (r) => testRoute.POST(r, ctx({ id })))).status).toBe(201);
    const log = await (await asBrowser('GET', `${BASE}/${id}/deliveries?pageSize=5`, (r) => deliveriesRoute.GET(r, ctx({ id })))).json();
    expect(log).toMatchObject({ total: 1, items: [{ eventType: 'webhook.test', status: 'pending', attemptLog: [] }] });
    const list = await (await asBrowser('GET', BASE, (r) => endpointsRoute.GET(r, ctx()))).json();
    expect(list.items.find((e: { id: string }) => e.id === id)).toMatchObject({ lastStatus: 'pending', lastEventType: 'webhook.test' });
    expect(JSON.stringify([read, list, log])).not.toMatch(/whsec_/);
  });
});
