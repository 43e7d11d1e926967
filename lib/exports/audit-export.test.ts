import { beforeAll, describe, expect, it } from 'vitest';
import * as route from '@/app/api/v1/exports/audit-events.csv/route';
import { listAuditEvents } from '@/lib/audit/queries';
import { ZListAuditQuery } from '@/lib/audit/schemas';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { Forbidden } from '@/lib/errors';
import { updateSystem } from '@/lib/inventory/update-system';
import { makeActor, makeSystem } from '@/lib/testing';
import { AUDIT_EVENT_COLUMNS, exportAuditEvents } from './export-audit-events';
import { downloadCsv, getWithToken } from './test-request';
import { readCsvRecords } from './testing';

let auditor: Actor;
let ds: Actor;
let auditorToken: string;
let dsToken: string;

beforeAll(async () => {
  [auditor, ds] = await Promise.all([makeActor(['auditor']), makeActor(['data_scientist'])]);
  auditorToken = (await createApiToken(systemActor('test'), auditor.userId, { name: 'audit', scopes: ['read'] })).secret;
  dsToken = (await createApiToken(systemActor('test'), ds.userId, { name: 'ci', scopes: ['read', 'register'] })).secret;
  // 520 updates by one person: more matching events than one export batch holds.
  const system = await makeSystem(ds, { name: '=HYPERLINK("http://evil.example","open")' });
  for (let i = 0; i < 520; i++) await updateSystem(ds, system.id, { purpose: `Purpose revision ${i}` });
});

describe('GET /api/v1/exports/audit-events.csv', () => {
  it('answers a dated CSV attachment whose header names every column', async () => {
    const { response, header } = await downloadCsv(route.GET, '/api/v1/exports/audit-events.csv?action=user.created', auditorToken);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="provenant-audit-events-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(header).toEqual(AUDIT_EVENT_COLUMNS.map((c) => c.header));
  });

  it('holds exactly the events the audit list shows for the same filters, in chain order, across batches', async () => {
    const filters = { action: 'system.updated', actor: ds.email };
    const { records } = await downloadCsv(route.GET, `/api/v1/exports/audit-events.csv?${new URLSearchParams(filters)}`, auditorToken);
    const listed = await listAuditEvents(auditor, ZListAuditQuery.parse({ ...filters, pageSize: 500 }));
    expect(listed.total).toBe(520);
    expect(records).toHaveLength(520);
    expect(records.every((r) => r.Action === 'system.updated' && r.Actor === ds.email)).toBe(true);
    // The ledger names people: its Actor filter finds them by that name too, case aside.
    const byName = await listAuditEvents(auditor, ZListAuditQuery.parse({ action: 'system.updated', actor: ds.name.toUpperCase(), pageSize: 500 }));
    expect(byName.total).toBe(520);
    expect((await listAuditEvents(auditor, ZListAuditQuery.parse({ action: 'system.updated', actor: 'nobody by this name', pageSize: 1 }))).total).toBe(0);
    const seqs = records.map((r) => Number(r.Sequence));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(520);
    expect(seqs.slice(-500).reverse()).toEqual(listed.items.map((e) => e.seq));
    const last = listed.items[0]!;
    expect(records.at(-1)).toMatchObject({ 'Time (UTC)': last.at, Hash: last.hash, 'Previous hash': last.prevHash, 'User agent': 'vitest', 'IP address': '127.0.0.1' });
    expect(JSON.parse(records.at(-1)!['After (JSON)']!)).toEqual(JSON.parse(last.after!));
  });

  it('honours the entity and date filters and an empty result is just the header', async () => {
    const created = await makeSystem(ds, { name: 'Dated system' });
    const today = new Date().toISOString().slice(0, 10);
    const { records } = await downloadCsv(route.GET, `/api/v1/exports/audit-events.csv?entityType=ai_system&entityId=${created.id}&from=${today}&to=${today}`, auditorToken);
    expect(records.map((r) => [r.Action, r['Entity type'], r['Entity ID']])).toEqual([['system.created', 'ai_system', created.id]]);
    const empty = await downloadCsv(route.GET, `/api/v1/exports/audit-events.csv?entityId=${created.id}&to=2000-01-01`, auditorToken);
    expect(empty.records).toEqual([]);
  });

  it('exports a record’s history with the filter the History link uses, and answers odd or oversized ids as it should', async () => {
    const created = await makeSystem(ds, { name: 'System with a history' });
    const { records } = await downloadCsv(route.GET, `/api/v1/exports/audit-events.csv?about=${created.id}`, auditorToken);
    expect(records.map((r) => [r.Action, r['Entity ID']])).toEqual([['system.created', created.id]]);
    // An id that names nothing, or one with a quote: an empty history, not an error.
    for (const about of ['no-such-record', encodeURIComponent("x' OR '1'='1")]) {
      expect((await downloadCsv(route.GET, `/api/v1/exports/audit-events.csv?about=${about}`, auditorToken)).records).toEqual([]);
    }
    // Ill-formed UTF-8 (a surrogate's bytes) and an oversized id: a 400 on the field.
    for (const about of ['%ED%A0%80x', 'a'.repeat(65)]) {
      const refused = await getWithToken(route.GET, `/api/v1/exports/audit-events.csv?about=${about}`, auditorToken);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['about']);
    }
  });

  it('keeps to the head it saw when it began', async () => {
    const response = await exportAuditEvents(auditor, { actor: ds.email });
    await makeSystem(ds, { name: 'Written while exporting' });
    const { records } = readCsvRecords(await response.text());
    expect(records.some((r) => r['After (JSON)']?.includes('Written while exporting'))).toBe(false);
    expect(records.length).toBeGreaterThan(520);
  });

  it('refuses bad filters with field-level issues', async () => {
    const response = await getWithToken(route.GET, '/api/v1/exports/audit-events.csv?action=system.exploded&from=yesterday', auditorToken);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['action', 'from']);
  });

  it('refuses a data scientist, in the verb and over the API', async () => {
    await expect(async () => await exportAuditEvents(ds, {})).rejects.toThrow(Forbidden);
    const response = await getWithToken(route.GET, '/api/v1/exports/audit-events.csv', dsToken);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  });

  it('refuses an auditor token without the read scope', async () => {
    const admin = await makeActor(['auditor', 'admin']);
    const token = (await createApiToken(systemActor('test'), admin.userId, { name: 'no read', scopes: ['register'] })).secret;
    expect((await getWithToken(route.GET, '/api/v1/exports/audit-events.csv', token)).status).toBe(403);
  });
});
