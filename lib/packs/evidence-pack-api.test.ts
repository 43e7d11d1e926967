import { asc, count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as itemRoute from '@/app/api/v1/evidence-packs/[id]/route';
import * as fileRoute from '@/app/api/v1/evidence-packs/[id]/[file]/route';
import * as listRoute from '@/app/api/v1/evidence-packs/route';
import { first, getDb, unguardedWriter } from '@/db';
import { auditEvents, evidencePacks } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { makeActor, makeSystem } from '@/lib/testing';
import { readPdfPages } from './testing';
import { requestEvidencePack } from './request-evidence-pack';
import { mapInOrder } from '@/lib/map-in-order';

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const call = (route: (r: NextRequest, c: ReturnType<typeof ctx>) => Promise<Response>, token: string, url: string, params: Record<string, string> = {}, body?: unknown) =>
  route(new NextRequest(`http://localhost${url}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }), ctx(params));
const packCount = async () => first(await getDb().select({ n: count() }).from(evidencePacks).limit(1))!.n;
const eventCount = async () => first(await getDb().select({ n: count() }).from(auditEvents).limit(1))!.n;

let auditor: Actor;
let ds: Actor;
let auditorToken: string;
let dsToken: string;
let systemId: string;

beforeAll(async () => {
  [auditor, ds] = await Promise.all([makeActor(['auditor']), makeActor(['data_scientist'])]);
  auditorToken = (await createApiToken(systemActor('test'), auditor.userId, { name: 'audit', scopes: ['read'] })).secret;
  dsToken = (await createApiToken(ds, ds.userId, { name: 'ci', scopes: ['read', 'register'] })).secret;
  systemId = (await makeSystem(ds, { name: 'Scoped system' })).id;
});

describe('requesting an evidence pack', () => {
  it('refuses a data scientist in the verb and over the API, writing nothing', async () => {
    const before = [await packCount(), await eventCount()];
    await expect(async () => await requestEvidencePack(ds, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null })).rejects.toThrow(/pack.generate/);
    const response = await call(listRoute.POST, dsToken, '/api/v1/evidence-packs', {}, { scopeType: 'inventory' });
    expect(response.status).toBe(403);
    expect((await call(listRoute.GET, dsToken, '/api/v1/evidence-packs')).status).toBe(403);
    expect([await packCount(), await eventCount()]).toEqual(before);
  });

  it('answers bad scope and period with field-level issues, writing nothing', async () => {
    const before = [await packCount(), await eventCount()];
    const cases: [unknown, string][] = [
      [{ scopeType: 'system' }, 'scopeId'],
      [{ scopeType: 'system', scopeId: 'no-such-system' }, 'scopeId'],
      [{ scopeType: 'model_version', scopeId: systemId }, 'scopeId'],
      [{ scopeType: 'inventory', periodFrom: '2026-03-01', periodTo: '2026-02-01' }, 'periodTo'],
      [{ scopeType: 'inventory', periodFrom: '01/02/2026' }, 'periodFrom'],
      [{ scopeType: 'everything' }, 'scopeType'],
    ];
    for (const [body, field] of cases) {
      const response = await call(listRoute.POST, auditorToken, '/api/v1/evidence-packs', {}, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error.issues.map((issue: { path: string }) => issue.path), JSON.stringify(body)).toContain(field);
    }
    expect([await packCount(), await eventCount()]).toEqual(before);
  });

  it('answers 201 with the queued pack, generates it in a child process, and serves its files as attachments', async () => {
    const response = await call(listRoute.POST, auditorToken, '/api/v1/evidence-packs', {}, { scopeType: 'system', scopeId: systemId, periodFrom: '2020-01-01', periodTo: '2099-12-31' });
    expect(response.status).toBe(201);
    const queued = await response.json();
    // A free slot starts the generator at once: the answer is the pack as it stands then.
    expect(queued).toMatchObject({ status: 'running', queuePosition: null, scopeType: 'system', scopeLabel: 'AI system: Scoped system', downloads: null });
    expect((await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, queued.id)).orderBy(asc(auditEvents.seq))).map((e) => e.action)).toEqual(['evidence_pack.requested']);
    let pack = queued;
    for (let i = 0; i < 240 && (pack.status === 'queued' || pack.status === 'running'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      pack = await (await call(itemRoute.GET, auditorToken, `/api/v1/evidence-packs/${queued.id}`, { id: queued.id })).json();
    }
    expect(pack).toMatchObject({ status: 'done', progress: 100, downloads: { pdf: `/api/v1/evidence-packs/${queued.id}/pdf` } });
    const pdf = await call(fileRoute.GET, auditorToken, pack.downloads.pdf, { id: queued.id, file: 'pdf' });
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="evidence-pack-.*\.pdf"$/);
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    const pages = await readPdfPages(Buffer.from(await pdf.arrayBuffer()));
    expect(pages[0]).toContain('AI system: Scoped system');
    expect((await call(fileRoute.GET, auditorToken, `/api/v1/evidence-packs/${queued.id}/exe`, { id: queued.id, file: 'exe' })).status).toBe(404);
    const list = await (await call(listRoute.GET, auditorToken, '/api/v1/evidence-packs')).json();
    expect(list.items[0].id).toBe(queued.id);
    expect((await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, queued.id)).orderBy(asc(auditEvents.seq))).map((e) => e.action)).toEqual(['evidence_pack.requested', 'evidence_pack.generated']);
  }, 150_000);

  it('runs real generators one per user and never more than the limit at once; queued packs start as slots free and all finish', async () => {
    const riskOfficer = await makeActor(['risk_officer']);
    const riskToken = (await createApiToken(systemActor('test'), riskOfficer.userId, { name: 'risk', scopes: ['read'] })).secret;
    const body = { scopeType: 'system', scopeId: systemId };
    const answers = [];
    for (const token of [auditorToken, auditorToken, riskToken]) answers.push(await (await call(listRoute.POST, token, '/api/v1/evidence-packs', {}, body)).json());
    expect(answers.map((pack) => [pack.status, pack.queuePosition])).toEqual([['running', null], ['queued', 1], ['running', null]]);
    const ids = answers.map((pack) => pack.id as string);
    const statuses = async () => await mapInOrder(ids, async (id) => first(await getDb().select().from(evidencePacks).where(eq(evidencePacks.id, id)).limit(1))!.status);
    let mostRunning = 0;
    for (let i = 0; i < 1200 && (await statuses()).some((status) => status === 'queued' || status === 'running'); i += 1) {
      mostRunning = Math.max(mostRunning, first(await getDb().select({ n: count() }).from(evidencePacks).where(eq(evidencePacks.status, 'running')).limit(1))!.n);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await statuses()).toEqual(['done', 'done', 'done']);
    expect(mostRunning).toBe(2);
  }, 150_000);

  it('fails packs an earlier server process left running, with an audit event', async () => {
    const orphan = await requestEvidencePack(auditor, { scopeType: 'inventory', scopeId: null, periodFrom: null, periodTo: null });
    // Its last heartbeat is older than the lease (on PostgreSQL another replica's live pack would be left alone).
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await unguardedWriter().update(evidencePacks).set({ runnerId: 'a-process-that-died', status: 'running', startedAt: longAgo, heartbeatAt: longAgo }).where(eq(evidencePacks.id, orphan.id));
    (globalThis as { provenantPacksRecovered?: boolean }).provenantPacksRecovered = undefined;
    const pack = await (await call(itemRoute.GET, auditorToken, `/api/v1/evidence-packs/${orphan.id}`, { id: orphan.id })).json();
    expect(pack).toMatchObject({ status: 'failed', error: expect.stringMatching(/server running its generator stopped/) });
    expect((await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, orphan.id)).orderBy(asc(auditEvents.seq))).map((e) => e.action)).toEqual(['evidence_pack.requested', 'evidence_pack.failed']);
  });
});
