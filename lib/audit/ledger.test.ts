import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getConnection, getDb } from '@/db';
import { auditEvents, modelVersions, models, promotionRequests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ZSignRequestInput } from '@/lib/promotion/schemas';
import { signRequest } from '@/lib/promotion/sign-request';
import { seedDemo } from '@/lib/seed/seed-demo';
import { makeActor } from '@/lib/testing';
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

const ledger = (actor: Actor, query: Partial<Parameters<typeof listAuditLedger>[1]> = {}) => listAuditLedger(actor, { ...everything, ...query }).items;
const firstOf = (events: LedgerEvent[], entityType: string) => events.find((e) => e.entityType === entityType && e.entityId)!;

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

  it('shows the kind and a short id for an entity that is gone or has no row', () => {
    expect(ledgerEntity({ entityType: 'model_version', entityId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }, undefined, viewer)).toEqual({ label: 'Model version 0f1e2d3c…', kind: 'Model version', href: null, raw: 'model_version 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', found: false });
    expect(ledgerEntity({ entityType: 'audit_event', entityId: '42' }, undefined, viewer).label).toBe('Audit event 42');
    expect(ledgerEntity({ entityType: 'storage', entityId: null }, undefined, viewer)).toMatchObject({ label: 'Storage', raw: 'storage' });
  });
});

describe('the audit ledger', () => {
  it('names every model, version, request, system, dataset, run and deployment of the demo and links each to its page', () => {
    const events = ledger(auditor);
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
    const row = getDb().select().from(models).where(eq(models.id, model.entityId!)).get()!;
    expect(model.entity).toMatchObject({ label: row.name, href: `/models/${row.id}` });
    const version = firstOf(events, 'model_version');
    const versionRow = getDb().select().from(modelVersions).where(eq(modelVersions.id, version.entityId!)).get()!;
    expect(version.entity.href).toBe(`/models/${versionRow.modelId}/versions/${versionRow.id}`);
    const request = firstOf(events, 'promotion_request');
    expect(request.entity.label).toMatch(/^Promotion of credit-scorecard-gbm 3\.[23]\.0 to production$/);
    expect(request.entity.href).toBe(`/approvals/${request.entityId}`);
    expect(firstOf(events, 'run').entity.href).toBe(`/lineage/runs/${firstOf(events, 'run').entityId}`);
    expect(firstOf(events, 'deployment').entity.href).toMatch(/^\/models\/[^/]+\/versions\/[^/]+$/);
    expect(firstOf(events, 'user').entity.href).toBeNull();
    expect(firstOf(ledger(admin), 'user').entity.href).toBe('/admin/users');
  });

  it('names who acted, by name, and keeps the label stored with the event', () => {
    const signed = ledger(auditor, { action: 'promotion.signed' });
    expect(signed.map((e) => e.actorName).sort()).toEqual(['Rita Chen', 'Sebastian Kowalski']);
    expect(signed[0]!.actorLabel).toMatch(/@example\.com$/);
  });

  it('shows an event of an entity that no longer resolves by its kind and a short id', () => {
    getDb().transaction((tx) => recordAudit(tx, admin, { action: 'model.updated', entityType: 'model', entityId: 'a0b1c2d3-0000-4000-8000-000000000000', after: { note: 'row gone' } }), { behavior: 'immediate' });
    const [gone] = ledger(auditor, { entityId: 'a0b1c2d3-0000-4000-8000-000000000000' });
    expect(gone!.entity).toMatchObject({ label: 'Model a0b1c2d3…', href: null, found: false });
  });

  it('looks names up in one batch whatever the page size', () => {
    const prepare = vi.spyOn(getConnection().sqlite, 'prepare');
    ledger(auditor, { pageSize: 5 });
    const few = prepare.mock.calls.length;
    prepare.mockClear();
    ledger(auditor, { pageSize: 300 });
    const many = prepare.mock.calls.length;
    prepare.mockRestore();
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(3);
  });

  it('files a failed signing attempt under the request it was for, named as that promotion', async () => {
    const open = getDb().select().from(promotionRequests).where(eq(promotionRequests.status, 'open')).get()!;
    await expect(signRequest(riskOfficer, ZSignRequestInput.parse({ requestId: open.id, role: 'risk_officer', decision: 'approve', comment: '', password: 'not my password', snapshotSha256: open.snapshotSha256 }))).rejects.toThrow();
    const failed = getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'promotion.sign_failed'), eq(auditEvents.actorId, riskOfficer.userId!))).orderBy(desc(auditEvents.seq)).get()!;
    const [row] = ledger(auditor, { action: 'promotion.sign_failed', entityId: failed.entityId! });
    expect(row!.entity).toMatchObject({ label: 'Promotion of credit-scorecard-gbm 3.3.0 to production', href: `/approvals/${open.id}`, kind: 'Promotion request' });
  });
});
