import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { retractEvaluation } from '@/lib/evidence/retract-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { generateEvidencePack } from './generate-evidence-pack';
import { packFilePath } from './pack-files';
import { periodBounds } from './pack-period';
import { requestEvidencePack } from './request-evidence-pack';
import { readPdfPages, readZipEntries } from './testing';

const ARTIFACT = 'b7'.repeat(32);
const DAY = 86_400_000;
let text: string;
let evaluations: { id: string; kind: string; status: string }[];
let auditEntities: string[];
let backdated: string;
let retracted: string;

beforeAll(async () => {
  const [auditor, ds] = await Promise.all([makeActor(['auditor']), makeActor(['data_scientist'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Period test system' })).id, name: 'period-model' });
  const versionId = (await createModelVersion(ds, { modelId: model.id, version: '1.0.0', artifactSha256: ARTIFACT, format: 'onnx' })).id;
  const record = async (kind: string, performedAt?: string) =>
    (await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind, environment: 'staging', artifactSha256: ARTIFACT, producer: 'ci', performedAt, metrics: [{ name: 'auc', value: 0.9, threshold: 0.8, comparator: 'gte' }] }))).id;
  // Received today, claimed to have run forty days ago: it belongs to today's period.
  backdated = await record('fairness', new Date(Date.now() - 40 * DAY).toISOString());
  retracted = await record('performance');
  await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: versionId, kind: 'robustness', environment: 'staging', artifactSha256: 'c8'.repeat(32), producer: 'ci', metrics: [{ name: 'auc_drop', value: 0.01 }] }));
  await retractEvaluation(ds, retracted, { reason: 'Scored on the training split by mistake.' });
  const today = new Date().toISOString().slice(0, 10);
  const packId = (await requestEvidencePack(auditor, { scopeType: 'model_version', scopeId: versionId, periodFrom: today, periodTo: today })).id;
  expect(await generateEvidencePack(packId)).toMatchObject({ ok: true });
  const entries = await readZipEntries(packFilePath(packId, 'zip'));
  evaluations = JSON.parse(entries.get('records/evaluations.json')!.toString());
  auditEntities = (JSON.parse(entries.get('records/audit-events.json')!.toString()) as { entityId: string }[]).map((e) => e.entityId);
  text = (await readPdfPages(fs.readFileSync(packFilePath(packId, 'pdf')))).join('\n').replace(/\s+/g, ' ');
}, 120_000);

describe("a pack's evidence", () => {
  it('is the evidence received in the period, whatever time its caller claims it ran, with the audit events that recorded it', () => {
    expect(evaluations.map((e) => e.id)).toEqual(expect.arrayContaining([backdated, retracted]));
    expect(auditEntities).toEqual(expect.arrayContaining([backdated]));
  });

  it('marks a retracted record, and one run on other bytes, in the PDF as never counting, with the reason', () => {
    expect(text).toContain('Never counts: run on other bytes');
    expect(text).toContain('no run time claimed');
    expect(text).toContain('Retracted');
    expect(text).toContain('never counts');
    expect(text).toContain('Scored on the training split by mistake.');
    expect(text).toContain('Counts toward the gate');
  });
});

describe('an open period', () => {
  it('starts before every stored time, one written before year 0 included (times compare as text)', () => {
    const { from, to } = periodBounds({ periodFrom: null, periodTo: null });
    for (const time of ['-000001-12-31T23:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-12-06T10:00:00.000Z']) {
      expect(time >= from && time <= to, time).toBe(true);
    }
  });
});
