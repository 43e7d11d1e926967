import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { oversightScenario } from '@/lib/cards/oversight-scenario';
import { findingRef } from '@/lib/findings/raise-finding';
import { raiseFinding } from '@/lib/findings/raise-finding-by-hand';
import { ZRaiseFindingInput } from '@/lib/findings/schemas';
import { first, getDb } from '@/db';
import { findings } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { generateEvidencePack } from './generate-evidence-pack';
import { packFilePath } from './pack-files';
import { requestEvidencePack } from './request-evidence-pack';
import { readPdfPages, readZipEntries } from './testing';

let scenario: Awaited<ReturnType<typeof oversightScenario>>;
const today = new Date().toISOString().slice(0, 10);

async function generate(periodFrom: string | null = null, periodTo = today) {
  const id = (await requestEvidencePack(scenario.world.auditor, { scopeType: 'system', scopeId: scenario.ids.system, periodFrom, periodTo })).id;
  expect(await generateEvidencePack(id)).toMatchObject({ ok: true });
  const pages = await readPdfPages(fs.readFileSync(packFilePath(id, 'pdf')));
  return { entries: await readZipEntries(packFilePath(id, 'zip')), text: pages.join('\n').replace(/\s+/g, ' ') };
}
const json = (entries: Map<string, Buffer>, name: string) => JSON.parse(entries.get(name)!.toString());
const refOf = async (id: string) => findingRef(first(await getDb().select({ n: findings.number }).from(findings).where(eq(findings.id, id)).limit(1))!.n);

beforeAll(async () => {
  scenario = await oversightScenario('oversight-pack');
}, 120_000);

afterEach(() => {
  delete process.env.PACK_OVERSIGHT_ROWS;
  delete process.env.PACK_PDF_OVERSIGHT_ROWS;
});

describe('an evidence pack’s oversight', () => {
  it('prints the monitoring summary, findings with closure evidence and signature, waivers, the signed review and the incident timeline', async () => {
    const { text } = await generate();
    for (const words of ['3. Continuous oversight', 'Monitoring summary', 'psi on amount', 'js_distance on amount from psi histograms', 'all by the server', 'Findings open in the period', 'validation report VR-88', 'Signed as Risk officer: I attest',
      'Accepted risks (waivers)', 'Analysts review every weekend decline.', 'Periodic reviews signed', 'Continue with conditions: Retrain before the next quarter.',
      'Incidents', 'Rule rolled back.', 'Affected customers contacted.', 'serious, Art. 73(2)', '4. Audit events', '5. About this pack']) expect(text).toContain(words);
    expect(text).toContain(await refOf(scenario.ids.closed));
  }, 120_000);

  it('puts findings.csv, findings.json, waivers, reviews with their snapshots, incidents and the monitoring summary in the ZIP', async () => {
    const { entries } = await generate();
    const csv = entries.get('records/findings.csv')!.toString();
    expect(csv.startsWith('\uFEFFref,type,severity,status,')).toBe(true);
    expect(csv).toContain(`${await refOf(scenario.ids.closed)},validation_issue,high,closed,Threshold set on stale data,`);
    const found = json(entries, 'records/findings.json');
    expect(found.items.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining([scenario.ids.breach, scenario.ids.waived, scenario.ids.closed]));
    expect(found.total).toBe(found.items.length);
    expect(json(entries, 'records/waivers.json')).toMatchObject({ total: 1, items: [{ findingId: scenario.ids.waived, printedName: scenario.world.ro.name, role: 'risk_officer' }] });
    const [review] = json(entries, 'records/reviews.json').items;
    expect(review).toMatchObject({ outcome: 'continue_with_conditions', printedName: scenario.world.ro.name });
    expect(createHash('sha256').update(entries.get(`records/snapshots/${review.snapshotSha256}.json`)!).digest('hex')).toBe(review.snapshotSha256);
    const [incident] = json(entries, 'records/incidents.json').items;
    expect(incident).toMatchObject({ id: scenario.ids.incident, serious: true, systemIds: [scenario.ids.system] });
    expect(incident.actions.map((a: { text: string }) => a.text)).toEqual(['Rule rolled back.', 'Affected customers contacted.']);
    // The JS distance the server computed from the psi result's histograms is a series of its own, as on the monitoring
    // page, where a rule may judge it and a finding name it.
    expect(json(entries, 'records/monitoring-summary.json')).toMatchObject({ total: 2, items: [
      { metric: 'js_distance', feature: 'amount', derivedFrom: 'psi', windows: 1, computed: 1, last: expect.closeTo(0.354, 3) },
      { metric: 'psi', feature: 'amount', derivedFrom: null, windows: 1, computed: 1, last: expect.closeTo(1.083, 3) },
    ] });
    expect(entries.get('SHA256SUMS')!.toString()).toContain('  records/findings.csv\n');
  }, 120_000);

  it('lists a finding raised before the period and still open in it, and a waiver in force, but not in a period that ended before it was raised', async () => {
    const DAY = 86_400_000;
    const raisedLongAgo = (await raiseFinding(scenario.world.ds, ZRaiseFindingInput.parse({ type: 'limitation', severity: 'high', title: 'Thin-file applicants not validated', description: 'Known since the last validation.', subjectType: 'model_version', subjectId: scenario.ids.version }), new Date(Date.now() - 60 * DAY))).id;
    const from = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    const { entries, text } = await generate(from, today);
    const ids = json(entries, 'records/findings.json').items.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining([raisedLongAgo, scenario.ids.waived, scenario.ids.closed]));
    expect(text).toContain(await refOf(raisedLongAgo));
    // A period that ended before the finding was raised does not hold it.
    const earlier = new Date(Date.now() - 70 * DAY).toISOString().slice(0, 10);
    expect(json((await generate(earlier, earlier)).entries, 'records/findings.json').items.map((f: { id: string }) => f.id)).not.toContain(raisedLongAgo);
    expect(json(entries, 'records/waivers.json').items).toMatchObject([{ findingId: scenario.ids.waived }]);
  }, 120_000);

  it('keeps to the period, and bounds each list while saying how many there were', async () => {
    const before = await generate('2020-01-01', '2020-12-31');
    expect(json(before.entries, 'records/findings.json')).toMatchObject({ total: 0, items: [] });
    for (const file of ['waivers', 'reviews', 'incidents', 'monitoring-summary']) expect(json(before.entries, `records/${file}.json`), file).toMatchObject({ total: 0, items: [] });
    expect(before.text).toContain('No finding in scope was open at any time in the period.');
    process.env.PACK_OVERSIGHT_ROWS = '1';
    process.env.PACK_PDF_OVERSIGHT_ROWS = '1';
    const bounded = await generate();
    const found = json(bounded.entries, 'records/findings.json');
    expect(found.items).toHaveLength(1);
    expect(found.total).toBeGreaterThan(1);
    expect(bounded.text).toMatch(new RegExp(`the first 1 of ${found.total} rows`));
    // Every list, not only the findings: the monitoring summary's two series (one sent, one the server computed from
    // its histograms) are counted by the database when the ZIP holds one.
    expect(json(bounded.entries, 'records/monitoring-summary.json')).toMatchObject({ total: 2, limit: 1, items: [{ metric: 'js_distance' }] });
    expect(bounded.text).toContain('the first 1 of 2 rows (records/monitoring-summary.json in the ZIP holds 1)');
    for (const file of ['waivers', 'reviews', 'incidents']) expect(json(bounded.entries, `records/${file}.json`), file).toMatchObject({ total: 1, limit: 1 });
  }, 120_000);
});
