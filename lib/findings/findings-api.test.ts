import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as findingRoute from '@/app/api/v1/findings/[id]/route';
import * as findingsRoute from '@/app/api/v1/findings/route';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { ensureDefaultPolicies } from '@/lib/promotion/update-policy';
import { makeActor, makeSystem } from '@/lib/testing';

let ds: Actor;
let systemId: string;
let tokens: { read: string; write: string };

beforeAll(async () => {
  await ensureDefaultPolicies(systemActor('test'));
  ds = await makeActor(['data_scientist']);
  systemId = (await makeSystem(ds, { riskTier: 'minimal' })).id;
  tokens = {
    read: (await createApiToken(ds, ds.userId, { name: 'reader', scopes: ['read'] })).secret,
    write: (await createApiToken(ds, ds.userId, { name: 'pipeline', scopes: ['read', 'findings:write'] })).secret,
  };
});

const call = (method: string, url: string, token: string, body?: unknown) =>
  new NextRequest(`http://localhost${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const params = (id?: string) => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });
const raiseBody = { type: 'limitation', severity: 'low', title: 'Only English', description: 'No evaluation in other languages.', subjectType: 'system', subjectId: '' };

describe('the findings API', () => {
  it('raises with findings:write (201) and refuses a read-only token (403) and ill-formed input (400 by field)', async () => {
    const body = { ...raiseBody, subjectId: systemId };
    expect((await findingsRoute.POST(call('POST', '/api/v1/findings', tokens.read, body), params())).status).toBe(403);
    const bad = await findingsRoute.POST(call('POST', '/api/v1/findings', tokens.write, { ...body, severity: 'urgent', title: '' }), params());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['severity', 'title']);
    const created = await findingsRoute.POST(call('POST', '/api/v1/findings', tokens.write, body), params());
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: expect.any(String), ownerId: ds.userId, source: 'manual', status: 'open' });
  });

  it('lists with filters and pages for a read token, and answers one finding with waivers and timeline', async () => {
    const listed = await findingsRoute.GET(call('GET', `/api/v1/findings?systemId=${systemId}&severity=low&pageSize=1`, tokens.read), params());
    expect(listed.status).toBe(200);
    const body = await listed.json();
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 1, items: [{ severity: 'low', subject: { label: 'Credit scoring', href: `/systems/${systemId}` } }] });
    const one = await findingRoute.GET(call('GET', `/api/v1/findings/${body.items[0].id}`, tokens.read), params(body.items[0].id));
    expect(await one.json()).toMatchObject({ waivers: [], timeline: [{ action: 'finding.raised' }] });
    expect((await findingsRoute.GET(call('GET', '/api/v1/findings?status=late&overdue=maybe', tokens.read), params())).status).toBe(400);
    expect((await findingRoute.GET(call('GET', '/api/v1/findings/nope', tokens.read), params('nope'))).status).toBe(404);
  });

  it('moves work with PATCH, and refuses closing or accepting from any token (403)', async () => {
    const [{ id }] = (await (await findingsRoute.GET(call('GET', `/api/v1/findings?systemId=${systemId}`, tokens.read), params())).json()).items;
    const moved = await findingRoute.PATCH(call('PATCH', `/api/v1/findings/${id}`, tokens.write, { status: 'in_remediation', remediationPlan: 'Evaluate in French and German.' }), params(id));
    expect(await moved.json()).toMatchObject({ status: 'in_remediation', remediationPlan: 'Evaluate in French and German.' });
    const unchanged = await findingRoute.PATCH(call('PATCH', `/api/v1/findings/${id}`, tokens.write, { status: 'in_remediation' }), params(id));
    expect(unchanged.status).toBe(200);
    const back = await findingRoute.PATCH(call('PATCH', `/api/v1/findings/${id}`, tokens.write, { status: 'open' }), params(id));
    expect(back.status).toBe(400);
    for (const patch of [{ status: 'closed', closureEvidence: 'Done.' }, { status: 'accepted', justification: 'x', compensatingControls: 'y', expiresOn: '2099-01-01', password: 'p' }]) {
      expect((await findingRoute.PATCH(call('PATCH', `/api/v1/findings/${id}`, tokens.write, patch), params(id))).status).toBe(403);
    }
  });
});
