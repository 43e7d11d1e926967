import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { metricPassed } from './metric';
import { listEvaluations } from './queries';
import { recordEvaluation } from './record-evaluation';
import { ZRecordEvaluationInput } from './schemas';

const DIGEST = '4'.repeat(64);
let ds: Actor;
let other: Actor;
let reviewer: Actor;
let auditor: Actor;
let versionId: string;

beforeAll(async () => {
  [ds, other, reviewer, auditor] = await Promise.all([makeActor(['data_scientist']), makeActor(['data_scientist']), makeActor(['security_reviewer']), makeActor(['auditor'])]);
  const model = await createModel(ds, { systemId: (await makeSystem(ds)).id, name: 'fraud' });
  versionId = (await createModelVersion(ds, { modelId: model.id, version: '3.2.0', artifactSha256: DIGEST, format: 'onnx' })).id;
});

const evaluation = (extra: Record<string, unknown> = {}) =>
  parseInput(ZRecordEvaluationInput, { modelVersionId: versionId, kind: 'performance', environment: 'staging', artifactSha256: DIGEST, producer: 'ci', ...extra });

describe('metricPassed', () => {
  it('compares with each comparator and has no verdict without a threshold', () => {
    expect([metricPassed(0.9, 0.8, 'gte'), metricPassed(0.8, 0.8, 'gt'), metricPassed(0.1, 0.2, 'lte'), metricPassed(0.2, 0.2, 'lt'), metricPassed(1, 1, 'eq')]).toEqual([true, false, true, false, true]);
    expect(metricPassed(0.5, null, null)).toBeNull();
  });
});

describe('recordEvaluation', () => {
  it('computes pass and fail on the server, ignoring any verdict the caller sends', async () => {
    const record = await recordEvaluation(ds, evaluation({ metrics: [{ name: 'auc', value: 0.91, threshold: 0.85, comparator: 'gte', passed: false }, { name: 'fpr', value: 0.07, threshold: 0.05, comparator: 'lte' }, { name: 'latency_ms', value: 12 }] }));
    expect(record.metrics.map((m) => [m.name, m.passed])).toEqual([['auc', true], ['fpr', false], ['latency_ms', null]]);
    expect(record.countsForVersion).toBe(true);
  });

  it('keeps evidence run on other bytes but marks that it does not count', async () => {
    await recordEvaluation(reviewer, evaluation({ kind: 'security_scan', artifactSha256: '5'.repeat(64) }));
    const scan = (await listEvaluations(auditor, versionId)).items.find((e) => e.kind === 'security_scan')!;
    expect(scan.countsForVersion).toBe(false);
  });

  it('refuses half a threshold, unknown attachments, other people and auditors', async () => {
    expect(() => evaluation({ metrics: [{ name: 'auc', value: 0.9, threshold: 0.8 }] })).toThrow(Invalid);
    await expect(async () => await recordEvaluation(ds, evaluation({ attachments: [{ sha256: '6'.repeat(64), fileName: 'report.html' }] }))).rejects.toThrow(Invalid);
    await expect(async () => await recordEvaluation(other, evaluation())).rejects.toThrow(Forbidden);
    await expect(async () => await recordEvaluation(auditor, evaluation())).rejects.toThrow(Forbidden);
  });
});
