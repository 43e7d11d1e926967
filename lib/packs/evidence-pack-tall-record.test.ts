import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordEvaluation } from '@/lib/evidence/record-evaluation';
import { ZRecordEvaluationInput } from '@/lib/evidence/schemas';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { generateEvidencePack } from './generate-evidence-pack';
import { packFilePath } from './pack-files';
import { requestEvidencePack } from './request-evidence-pack';
import { readPdfPages } from './testing';

const ARTIFACT = 'b7'.repeat(32);

describe('an evidence pack of a version with a record of 200 metrics (the most one record may hold)', () => {
  it('runs the record over pages, every metric printed, instead of failing the pack', async () => {
    const [auditor, ds] = await Promise.all([makeActor(['auditor']), makeActor(['data_scientist'])]);
    const model = await createModel(ds, { systemId: (await makeSystem(ds, { name: 'Per-class metrics' })).id, name: 'per-class' });
    const version = await createModelVersion(ds, { modelId: model.id, version: '2.0.0', artifactSha256: ARTIFACT, format: 'onnx' });
    const metrics = Array.from({ length: 200 }, (_, i) => ({ name: `recall_class_${i}`, value: 0.8 + i / 10_000, threshold: 0.5, comparator: 'gte' as const }));
    await recordEvaluation(ds, ZRecordEvaluationInput.parse({ modelVersionId: version.id, kind: 'performance', environment: 'staging', artifactSha256: ARTIFACT, producer: 'per-class report', metrics }));

    const { id } = await requestEvidencePack(auditor, { scopeType: 'model_version', scopeId: version.id, periodFrom: null, periodTo: null });
    expect(await generateEvidencePack(id)).toMatchObject({ ok: true });
    const text = (await readPdfPages(fs.readFileSync(packFilePath(id, 'pdf')))).join('\n');
    for (const i of [0, 99, 199]) expect(text).toContain(`recall_class_${i} `);
  }, 120_000);
});
