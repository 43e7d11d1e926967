import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateEvidence } from './evaluate-gate';
import { evidence, input } from './gate-test-input';
import { wayForward } from './way-forward';

describe('stated thresholds that failed', () => {
  it('keeps a failed stated threshold failed until a later value of the metric meets it: sent again without it, it still fails', () => {
    const others = input().evidence.filter((e) => e.kind !== 'performance');
    const perf = (id: string, day: number, metrics: GateEvidence['metrics'], extra: Partial<GateEvidence> = {}) =>
      evidence('performance', { id, receivedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`, metrics, ...extra });
    const failed = perf('failed', 10, [{ name: 'auc', value: 0.55, threshold: 0.75, comparator: 'gte', passed: false }]);
    const performance = (...records: GateEvidence[]) => evaluateGate(input({ evidence: [...others, ...records] })).requirements.find((r) => r.id === 'evidence:performance')!;
    expect(performance(failed)).toMatchObject({ met: false, detail: 'Failed threshold: auc 0.55 (stated ≥ 0.75).' });
    // Sent again with no threshold (the data scientist's shortcut the walk found), a looser one, or without the metric.
    for (const later of [
      perf('bare', 12, [{ name: 'auc', value: 0.56, passed: null }]),
      perf('looser', 12, [{ name: 'auc', value: 0.56, threshold: 0.5, comparator: 'gte', passed: true }]),
    ]) {
      expect(performance(failed, later)).toMatchObject({
        met: false,
        detail: 'Failed threshold: auc 0.55 (stated ≥ 0.75) on 2026-11-10, and the latest, 0.56 on 2026-11-12, does not meet it.',
        records: [{ evaluationId: later.id }, { evaluationId: 'failed' }],
      });
    }
    expect(wayForward([performance(failed, perf('bare', 12, [{ name: 'auc', value: 0.56, passed: null }]))], { modelId: 'm', versionId: 'v' })).toEqual([expect.objectContaining({
      action: 'Record performance evidence that meets the failed threshold, or retract the failed record, saying why', href: '/models/m/versions/v/evidence/new?kind=performance',
    })]);
    expect(performance(failed, perf('other', 12, [{ name: 'ks', value: 0.4, passed: null }]))).toMatchObject({ met: false, detail: 'Failed threshold: auc 0.55 (stated ≥ 0.75) on 2026-11-10, and no later record reports auc.' });
    // Superseding the failed record answers nothing either: only a value that meets the threshold does, or a retraction.
    const superseded = { ...failed, status: 'superseded' as const };
    expect(performance(superseded, perf('bare', 12, [{ name: 'auc', value: 0.56, passed: null }])).met).toBe(false);
    expect(performance(failed, perf('better', 12, [{ name: 'auc', value: 0.78, passed: null }]))).toMatchObject({ met: true, records: [{ evaluationId: 'better' }] });
    expect(performance(failed, perf('better', 12, [{ name: 'auc', value: 78, unit: '%', passed: null }])).met).toBe(true);
    expect(performance({ ...failed, status: 'retracted' }, perf('bare', 12, [{ name: 'auc', value: 0.56, passed: null }])).met).toBe(true);
    // The latest value decides: a pass in between does not answer a later fall.
    expect(performance(failed, perf('better', 12, [{ name: 'auc', value: 0.78, passed: null }]), perf('worse', 14, [{ name: 'auc', value: 0.6, passed: null }])).met).toBe(false);
    // Every value of the name in the answering record must meet it: a second, lower one is not hidden by the first.
    expect(performance(failed, perf('twice', 12, [{ name: 'auc', value: 0.9, passed: null }, { name: 'auc', value: 0.6, passed: null }])).met).toBe(false);
    // Evidence of other bytes neither fails nor answers.
    expect(performance(perf('elsewhere', 9, [{ name: 'auc', value: 0.5, threshold: 0.75, comparator: 'gte', passed: false }], { countsForVersion: false }), perf('bare', 12, [{ name: 'auc', value: 0.56, passed: null }])).met).toBe(true);
  });

  it('answers a failure only by the same metric measured in the same environment on the same data, and names a retracted failure', () => {
    const others = input().evidence.filter((e) => e.kind !== 'performance');
    const perf = (id: string, day: number, value: number, extra: Partial<GateEvidence> = {}, threshold = 0.75): GateEvidence =>
      evidence('performance', { id, receivedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`, metrics: [{ name: 'accuracy', value, threshold, comparator: 'gte', passed: value >= threshold }], ...extra });
    const performance = (...records: GateEvidence[]) => evaluateGate(input({ evidence: [...others, ...records] })).requirements.find((r) => r.id === 'evidence:performance')!;
    const hard = perf('hard', 10, 0.6, { datasetKey: 'dataset_version:hard' });
    // An easy dataset's value (typed, or one result of a model-index import) does not answer the hard one's failure,
    for (const easy of [perf('easy', 11, 0.95, { datasetKey: 'dataset_version:easy' }), perf('hub', 11, 0.95, { datasetKey: 'model-index:["text-classification","easy"]' })]) {
      expect(performance(hard, easy)).toMatchObject({ met: false, detail: 'Failed threshold: accuracy 0.6 (stated ≥ 0.75) on 2026-11-10, and no later record reports accuracy.' });
    }
    // nor does a value from another environment;
    expect(performance(hard, perf('prod', 11, 0.95, { datasetKey: 'dataset_version:hard', environment: 'production' })).met).toBe(false);
    // a re-run on the failing data that meets it does, and a later dataset judged by its own threshold stands on its own.
    expect(performance(hard, perf('rerun', 11, 0.8, { datasetKey: 'dataset_version:hard' }), perf('other', 12, 0.6, { datasetKey: 'dataset_version:other' }, 0.5))).toMatchObject({ met: true });
    // A superseded failure can be retracted, and the met requirement then says what was withdrawn and why.
    const withdrawn = { ...hard, status: 'retracted' as const, statusReason: 'Scored on the training split by mistake.', statusChangedAt: '2026-11-12T09:00:00Z' };
    expect(performance(withdrawn, perf('easy', 11, 0.95, { datasetKey: 'dataset_version:easy' }))).toMatchObject({
      met: true, detail: 'Received 2026-11-11 (staging), figures self-reported (typed, not computed from a tool report). A record that failed (accuracy 0.6 (stated ≥ 0.75)) was retracted on 2026-11-12: “Scored on the training split by mistake.”.',
    });
  });

  it('names the first few of thousands of failed thresholds and counts the rest', () => {
    const others = input().evidence.filter((e) => e.kind !== 'performance');
    const records = Array.from({ length: 300 }, (_, r) => evidence('performance', {
      id: `r${r}`, receivedAt: new Date(Date.UTC(2026, 10, 10, 0, r)).toISOString(),
      metrics: Array.from({ length: 200 }, (_, m) => ({ name: `m${m}`, value: 0.1, threshold: 0.5 + r / 1000, comparator: 'gte' as const, passed: false })),
    }));
    const requirement = evaluateGate(input({ evidence: [...others, ...records] })).requirements.find((r) => r.id === 'evidence:performance')!;
    expect(requirement.met).toBe(false);
    expect(requirement.detail).toMatch(/; and 59997 more\.$/);
    expect(requirement.records!.length).toBeLessThanOrEqual(12);
  });
});
