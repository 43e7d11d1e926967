import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { importModelIndex } from './import-model-index';
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
  const model = createModel(ds, { systemId: makeSystem(ds).id, name: 'fraud' });
  versionId = createModelVersion(ds, { modelId: model.id, version: '3.2.0', artifactSha256: DIGEST, format: 'onnx' }).id;
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
  it('computes pass and fail on the server, ignoring any verdict the caller sends', () => {
    const record = recordEvaluation(ds, evaluation({ metrics: [{ name: 'auc', value: 0.91, threshold: 0.85, comparator: 'gte', passed: false }, { name: 'fpr', value: 0.07, threshold: 0.05, comparator: 'lte' }, { name: 'latency_ms', value: 12 }] }));
    expect(record.metrics.map((m) => [m.name, m.passed])).toEqual([['auc', true], ['fpr', false], ['latency_ms', null]]);
    expect(record.countsForVersion).toBe(true);
  });

  it('keeps evidence run on other bytes but marks that it does not count', () => {
    recordEvaluation(reviewer, evaluation({ kind: 'security_scan', artifactSha256: '5'.repeat(64) }));
    const scan = listEvaluations(auditor, versionId).items.find((e) => e.kind === 'security_scan')!;
    expect(scan.countsForVersion).toBe(false);
  });

  it('refuses half a threshold, unknown attachments, other people and auditors', () => {
    expect(() => evaluation({ metrics: [{ name: 'auc', value: 0.9, threshold: 0.8 }] })).toThrow(Invalid);
    expect(() => recordEvaluation(ds, evaluation({ attachments: [{ sha256: '6'.repeat(64), fileName: 'report.html' }] }))).toThrow(Invalid);
    expect(() => recordEvaluation(other, evaluation())).toThrow(Forbidden);
    expect(() => recordEvaluation(auditor, evaluation())).toThrow(Forbidden);
  });
});

describe('importModelIndex', () => {
  const CARD = `---
license: apache-2.0
model-index:
- name: fraud-detector
  results:
  - task: {type: text-classification, name: Fraud classification}
    dataset: {name: card_authorisations, type: tabular, split: test}
    metrics:
    - {type: roc_auc, value: 0.942, name: ROC AUC}
    - {type: f1, value: "0.81"}
    - {type: note, value: n/a}
---
# Fraud detector
`;

  it('turns each result of a model card into performance evidence with its numeric metrics', () => {
    const { items } = importModelIndex(ds, { modelVersionId: versionId, environment: 'staging', artifactSha256: DIGEST, content: CARD });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'performance', producer: 'Hugging Face model-index', summary: 'fraud-detector: Fraud classification on card_authorisations (test)' });
    expect(items[0]!.metrics.map((m) => [m.name, m.value])).toEqual([['ROC AUC', 0.942], ['f1', 0.81]]);
  });

  it('reads the same index given as JSON, and refuses content without one', () => {
    const json = JSON.stringify({ 'model-index': [{ results: [{ metrics: [{ type: 'accuracy', value: 0.9 }] }] }] });
    expect(importModelIndex(ds, { modelVersionId: versionId, environment: 'production', artifactSha256: DIGEST, content: json }).total).toBe(1);
    expect(() => importModelIndex(ds, { modelVersionId: versionId, environment: 'staging', artifactSha256: DIGEST, content: 'title: no index here' })).toThrow(Invalid);
    expect(() => importModelIndex(ds, { modelVersionId: versionId, environment: 'staging', artifactSha256: DIGEST, content: 'a: [' })).toThrow(/neither YAML nor JSON/);
  });
});
