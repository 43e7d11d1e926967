import { and, desc, eq } from 'drizzle-orm';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { first, getConnection, getDb, only, unguardedWriter, withTransaction } from '@/db';
import { aiSystems, auditEvents, incidents, modelVersions, models, monitoringBatches, promotionRequests, reviews, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { seedDemo } from '@/lib/seed/seed-demo';
import { raiseFindingInTx } from '@/lib/findings/raise-finding';
import { makeActor } from '@/lib/testing';
import { onPostgres } from '@/lib/testing-sql';
import { ledgerEntity } from './ledger-entity';
import { listAuditLedger, type LedgerEvent } from './queries';
import { recordAudit } from './record-event';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;
const everything = { page: 1, pageSize: 500 };
let auditor: Actor;
let admin: Actor;
let riskOfficer: Actor;

beforeAll(async () => {
  await seedDemo();
  [auditor, admin, riskOfficer] = await Promise.all([makeActor(['auditor']), makeActor(['admin']), makeActor(['risk_officer'])]);
}, 60_000);

const ledger = async (actor: Actor, query: Partial<Parameters<typeof listAuditLedger>[1]> = {}) => (await listAuditLedger(actor, { ...everything, ...query })).items;
const firstOf = (events: LedgerEvent[], entityType: string) => events.find((e) => e.entityType === entityType && e.entityId)!;

/**
 * How many statements reach the database while `run` runs: on SQLite each is prepared on one of the two connections
 * (reads outside a transaction go to the read-only one), on PostgreSQL each is one query on the pool.
 */
async function statementsDuring(run: () => Promise<unknown>): Promise<number> {
  type Spy = { mock: { calls: unknown[] }; mockRestore: () => void };
  const spies: Spy[] = [];
  if (onPostgres) spies.push(vi.spyOn(pg.Pool.prototype, 'query'));
  else {
    const { sqlite, readerSqlite } = getConnection();
    spies.push(vi.spyOn(sqlite, 'prepare'), vi.spyOn(readerSqlite, 'prepare'));
  }
  try {
    await run();
    return spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('naming an entity for the ledger', () => {
  const name = (label: string, href: string | null = null, detail: string | null = null) => ({ label, href, detail });
  const viewer = { mayManageUsers: false };

  it('reads a promotion request as the promotion it asks for, and keeps the raw id for auditors', () => {
    const entity = ledgerEntity({ entityType: 'promotion_request', entityId: 'r-1' }, name('credit-scorecard 3.2.0', '/approvals/r-1', 'production'), viewer);
    expect(entity).toEqual({ label: 'Promotion of credit-scorecard 3.2.0 to production', kind: 'Promotion request', href: '/approvals/r-1', raw: 'promotion_request r-1', found: true });
  });

  it('links a person to the users page only for those who manage users', () => {
    const event = { entityType: 'user', entityId: 'u-1' };
    expect(ledgerEntity(event, name('Rita Chen'), viewer)).toMatchObject({ label: 'Rita Chen', href: null });
    expect(ledgerEntity(event, name('Rita Chen'), { mayManageUsers: true })).toMatchObject({ label: 'Rita Chen', href: '/admin/users' });
  });

  it('names tokens with their owner and deployments with their environment', () => {
    expect(ledgerEntity({ entityType: 'api_token', entityId: 't' }, name('ci', null, 'Dana Whitfield'), viewer).label).toBe('ci (Dana Whitfield)');
    expect(ledgerEntity({ entityType: 'deployment', entityId: 'd' }, name('https://fraud.internal/score', '/models/m/versions/v', 'production'), viewer)).toMatchObject({ label: 'Production at https://fraud.internal/score', href: '/models/m/versions/v' });
  });

  it('names the oversight records: reviews, monitoring reports and webhook deliveries read as what they are', () => {
    expect(ledgerEntity({ entityType: 'review', entityId: 'r' }, name('Fraud', '/systems/s/reviews', '2026-12-01'), viewer)).toMatchObject({ label: 'Review of Fraud signed 2026-12-01', kind: 'Review', href: '/systems/s/reviews' });
    expect(ledgerEntity({ entityType: 'monitoring_batch', entityId: 'b' }, name('fraud-gbm 2.0.0', '/models/m/versions/v/monitoring', '2026-12-01'), viewer)).toMatchObject({ label: 'Monitoring of fraud-gbm 2.0.0, window ending 2026-12-01', kind: 'Monitoring report' });
    expect(ledgerEntity({ entityType: 'webhook_delivery', entityId: 'd' }, name('https://hooks.example/x', '/admin/webhooks/e', 'finding.raised'), viewer).label).toBe('finding.raised to https://hooks.example/x');
  });

  it('links a review event on a system to its reviews, and webhooks only for those who manage them', () => {
    const system = name('Fraud', '/systems/s');
    expect(ledgerEntity({ entityType: 'ai_system', entityId: 's', action: 'review.signed' }, system, viewer).href).toBe('/systems/s/reviews');
    expect(ledgerEntity({ entityType: 'ai_system', entityId: 's', action: 'system.updated' }, system, viewer).href).toBe('/systems/s');
    const hook = name('https://hooks.example/x', '/admin/webhooks/e');
    expect(ledgerEntity({ entityType: 'webhook_endpoint', entityId: 'e' }, hook, viewer).href).toBeNull();
    expect(ledgerEntity({ entityType: 'webhook_endpoint', entityId: 'e' }, hook, { mayManageUsers: true, mayManageWebhooks: true }).href).toBe('/admin/webhooks/e');
  });

  it('shows the kind and a short id for an entity that is gone or has no row', () => {
    expect(ledgerEntity({ entityType: 'model_version', entityId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }, undefined, viewer)).toEqual({ label: 'Model version 0f1e2d3c…', kind: 'Model version', href: null, raw: 'model_version 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', found: false });
    expect(ledgerEntity({ entityType: 'audit_event', entityId: '42' }, undefined, viewer).label).toBe('Audit event 42');
    expect(ledgerEntity({ entityType: 'storage', entityId: null }, undefined, viewer)).toMatchObject({ label: 'Storage', raw: 'storage' });
  });
});

describe('the audit ledger', () => {
  it('names every model, version, request, system, dataset, run and deployment of the demo and links each to its page', async () => {
    const events = await ledger(auditor);
    const named = ['model', 'model_version', 'promotion_request', 'ai_system', 'dataset', 'dataset_version', 'run', 'deployment', 'evaluation', 'user'];
    for (const type of named) {
      const of = events.filter((e) => e.entityType === type && e.entityId);
      expect(of.length, type).toBeGreaterThan(0);
      for (const e of of) {
        expect(e.entity, `${type} ${e.entityId}`).toMatchObject({ found: true, raw: `${type} ${e.entityId}` });
        expect(e.entity.label).not.toMatch(UUID);
      }
    }
    const model = firstOf(events, 'model');
    const row = first(await getDb().select().from(models).where(eq(models.id, model.entityId!)).limit(1))!;
    expect(model.entity).toMatchObject({ label: row.name, href: `/models/${row.id}` });
    const version = firstOf(events, 'model_version');
    const versionRow = first(await getDb().select().from(modelVersions).where(eq(modelVersions.id, version.entityId!)).limit(1))!;
    expect(version.entity.href).toBe(`/models/${versionRow.modelId}/versions/${versionRow.id}`);
    const request = firstOf(events, 'promotion_request');
    expect(request.entity.label).toMatch(/^Promotion of credit-scorecard-gbm 3\.[23]\.0 to production$/);
    expect(request.entity.href).toBe(`/approvals/${request.entityId}`);
    expect(firstOf(events, 'run').entity.href).toBe(`/lineage/runs/${firstOf(events, 'run').entityId}`);
    expect(firstOf(events, 'deployment').entity.href).toMatch(/^\/models\/[^/]+\/versions\/[^/]+$/);
    expect(firstOf(events, 'user').entity.href).toBeNull();
    expect(firstOf(await ledger(admin), 'user').entity.href).toBe('/admin/users');
  });

  it('names who acted, by name, and keeps the label stored with the event', async () => {
    const signed = await ledger(auditor, { action: 'promotion.signed' });
    // The demo's signed promotions: every one by the risk officer, the four to production of the high tier by the security reviewer too.
    const names = signed.map((e) => e.actorName);
    expect(new Set(names)).toEqual(new Set(['Rita Chen', 'Sebastian Kowalski']));
    expect(names.filter((name) => name === 'Sebastian Kowalski')).toHaveLength(4);
    // The high tier's two models running at onboarding went through staging first, each signed by the risk officer alone.
    expect(names.filter((name) => name === 'Rita Chen')).toHaveLength(17);
    expect(signed[0]!.actorLabel).toMatch(/@example\.com$/);
    // In words too, as the dashboard says it: who, what, on which record.
    expect(signed.map((e) => e.summary)).toContain('Sebastian Kowalski signed an approval of credit-scorecard-gbm 3.2.0 for production as security reviewer, the last required: approved');
  });

  it('leaves out sign-ins and sign-outs when asked, and keeps refused sign-ins', async () => {
    await withTransaction(async (tx) => {
      for (const action of ['auth.signed_in', 'auth.signed_out', 'auth.sign_in_failed'] as const) await recordAudit(tx, admin, { action, entityType: 'user', entityId: admin.userId });
    });
    const actions = async (query: Parameters<typeof ledger>[1]) => new Set((await ledger(auditor, { ...query, entityId: admin.userId })).map((e) => e.action).filter((action) => action.startsWith('auth.')));
    expect(await actions({})).toEqual(new Set(['auth.signed_in', 'auth.signed_out', 'auth.sign_in_failed']));
    expect(await actions({ sessions: 'hidden' })).toEqual(new Set(['auth.sign_in_failed']));
  });

  it('shows an event of an entity that no longer resolves by its kind and a short id', async () => {
    await withTransaction(async (tx) => await recordAudit(tx, admin, { action: 'model.updated', entityType: 'model', entityId: 'a0b1c2d3-0000-4000-8000-000000000000', after: { note: 'row gone' } }));
    const [gone] = await ledger(auditor, { entityId: 'a0b1c2d3-0000-4000-8000-000000000000' });
    expect(gone!.entity).toMatchObject({ label: 'Model a0b1c2d3…', href: null, found: false });
  });

  it('looks names up in one batch whatever the page size', async () => {
    const few = await statementsDuring(() => ledger(auditor, { pageSize: 5 }));
    const many = await statementsDuring(() => ledger(auditor, { pageSize: 300 }));
    expect(many).toBe(few);
    // The page, its total and one lookup of every name on it.
    expect(many).toBeGreaterThan(0);
    expect(many).toBeLessThanOrEqual(3);
  });

  it('files a failed signing attempt under the request it was for, named as that promotion', async () => {
    const open = first(await getDb().select().from(promotionRequests).where(eq(promotionRequests.status, 'open')).limit(1))!;
    await expect(signRequest(riskOfficer, ZSignRequestInput.parse({ requestId: open.id, role: 'risk_officer', decision: 'approve', comment: '', password: 'not my password', snapshotSha256: open.snapshotSha256 }))).rejects.toThrow();
    const failed = first(await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'promotion.sign_failed'), eq(auditEvents.actorId, riskOfficer.userId!))).orderBy(desc(auditEvents.seq)).limit(1))!;
    const [row] = await ledger(auditor, { action: 'promotion.sign_failed', entityId: failed.entityId! });
    expect(row!.entity).toMatchObject({ label: 'Promotion of credit-scorecard-gbm 3.3.0 to production', href: `/approvals/${open.id}`, kind: 'Promotion request' });
  });
});

describe('the ledger’s oversight entities', () => {
  it('names findings, incidents, reviews, monitoring reports and webhooks of real rows and links each, in the one batched lookup', async () => {
    const db = unguardedWriter();
    const version = first(await db.select({ id: modelVersions.id, modelId: modelVersions.modelId, version: modelVersions.version, modelName: models.name, systemId: models.systemId }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).limit(1))!;
    const system = first(await db.select().from(aiSystems).where(eq(aiSystems.id, version.systemId)).limit(1))!;
    const finding = (await withTransaction(async (tx) => await raiseFindingInTx(tx, riskOfficer, { type: 'monitoring_breach', severity: 'high', title: 'Drift on amount', description: '', subjectType: 'model_version', subjectId: version.id, source: 'manual' }))).finding;
    const incident = only(await db.insert(incidents).values({ number: 7001, title: 'Wrong refusals', description: 'Test.', severity: 'high', serious: false, awareAt: new Date().toISOString(), ownerId: riskOfficer.userId, createdById: riskOfficer.userId }).returning());
    const review = only(await db.insert(reviews).values({ systemId: system.id, kind: 'periodic', outcome: 'continue', snapshotSha256: 'a'.repeat(64), nextReviewDate: '2027-12-01', signerId: riskOfficer.userId, printedName: 'Rita', role: 'risk_officer', meaning: 'I attest.', signedAt: '2026-12-01T10:00:00.000Z' }).returning());
    const batch = only(await db.insert(monitoringBatches).values({ modelVersionId: version.id, windowStart: '2026-11-30T00:00:00.000Z', windowEnd: '2026-12-01T00:00:00.000Z', source: 'json', pointCount: 1, bodySha256: 'b'.repeat(64) }).returning());
    const endpoint = only(await db.insert(webhookEndpoints).values({ url: 'https://hooks.example/provenant', secret: 'whsec_test', eventTypes: ['*'], createdById: admin.userId }).returning());
    const delivery = only(await db.insert(webhookDeliveries).values({ id: 'msg_ledgertest', endpointId: endpoint.id, eventType: 'finding.raised', payload: '{}', nextAttemptAt: new Date().toISOString() }).returning());
    const record = async (action: Parameters<typeof recordAudit>[2]['action'], entityType: string, entityId: string) => await withTransaction(async (tx) => await recordAudit(tx, admin, { action, entityType, entityId, after: {} }));
    await record('incident.updated', 'incident', incident.id);
    await record('review.signed', 'ai_system', system.id);
    await record('review.signed', 'review', review.id);
    await record('monitoring.reported', 'monitoring_batch', batch.id);
    await record('webhook.created', 'webhook_endpoint', endpoint.id);
    await record('webhook.redelivered', 'webhook_delivery', delivery.id);

    let events: LedgerEvent[] = [];
    const statements = await statementsDuring(async () => (events = await ledger(admin, { pageSize: 20 })));
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(3);
    const entityOf = (type: string, id: string) => events.find((e) => e.entityType === type && e.entityId === id)!.entity;
    expect(entityOf('finding', finding.id)).toMatchObject({ label: `F-${finding.number} Drift on amount`, kind: 'Finding', href: `/findings/${finding.id}` });
    expect(entityOf('incident', incident.id)).toMatchObject({ label: 'INC-7001 Wrong refusals', kind: 'Incident', href: `/incidents/${incident.id}` });
    expect(entityOf('ai_system', system.id)).toMatchObject({ label: system.name, href: `/systems/${system.id}/reviews` });
    expect(entityOf('review', review.id)).toMatchObject({ label: `Review of ${system.name} signed 2026-12-01`, href: `/systems/${system.id}/reviews` });
    expect(entityOf('monitoring_batch', batch.id)).toMatchObject({ label: `Monitoring of ${version.modelName} ${version.version}, window ending 2026-12-01`, href: `/models/${version.modelId}/versions/${version.id}/monitoring` });
    expect(entityOf('webhook_endpoint', endpoint.id)).toMatchObject({ label: 'https://hooks.example/provenant', kind: 'Webhook endpoint', href: `/admin/webhooks/${endpoint.id}` });
    expect(entityOf('webhook_delivery', delivery.id)).toMatchObject({ label: 'finding.raised to https://hooks.example/provenant', href: `/admin/webhooks/${endpoint.id}` });
    // An auditor sees the webhook named but not linked to the admin-only page.
    expect((await ledger(auditor, { entityId: endpoint.id }))[0]!.entity).toMatchObject({ found: true, href: null });
  });
});

describe('a record’s history', () => {
  const fraudVersion = async () => first(await getDb().select({ id: modelVersions.id, systemId: models.systemId }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(and(eq(models.name, 'fraud-detector'), eq(modelVersions.version, '3.2.0'))).limit(1))!;

  it('of a version holds its own events and those of its artifact, evidence, requests, deployments, monitoring and findings, and no other version’s', async () => {
    const version = await fraudVersion();
    const events = await ledger(auditor, { about: version.id });
    const actions = new Set(events.map((e) => e.action));
    for (const action of ['model_version.created', 'artifact.uploaded', 'evaluation.recorded', 'promotion.requested', 'promotion.signed', 'deployment.reported', 'monitoring.reported', 'finding.raised']) expect(actions, action).toContain(action);
    const own = new Set(events.flatMap((e) => (e.entityType === 'model_version' ? [e.entityId] : [])));
    expect([...own]).toEqual([version.id]);
    expect(events.map((e) => e.summary)).toContain('Sam Okafor registered fraud-detector 3.2.0');
  });

  it('of a system also holds its models, every version’s history, its reviews and incidents', async () => {
    const { systemId, id } = await fraudVersion();
    const events = await ledger(auditor, { about: systemId });
    const actions = new Set(events.map((e) => e.action));
    for (const action of ['system.created', 'model.created', 'model_version.created', 'promotion.signed', 'incident.recorded', 'review.triggered']) expect(actions, action).toContain(action);
    const ofVersion = await ledger(auditor, { about: id });
    expect(ofVersion.every((e) => events.some((s) => s.seq === e.seq))).toBe(true);
    expect(events.filter((e) => e.entityType === 'ai_system').every((e) => e.entityId === systemId)).toBe(true);
  });
});
