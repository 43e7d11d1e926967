import { describe, expect, it } from 'vitest';
import type { MonitoringRule } from '@/db/schema';
import { judgePoints, type JudgedPoint } from './judge-points';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const daysBefore = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const point = (over: Partial<JudgedPoint>): JudgedPoint => ({ metric: 'psi', feature: 'age', windowEnd: daysBefore(1), value: 0.3, valueSource: 'reported', reportedValue: 0.3, reportedDrift: null, computedPsi: null, computedJs: null, ...over });
const rule = (over: Partial<MonitoringRule>): MonitoringRule => ({ metric: 'psi', feature: null, comparator: 'gte', threshold: 0.25, windowDays: 30, severity: 'high', ...over });

describe('monitoring rules', () => {
  it('judge a result whose window ended within the last windowDays days; an older one (a backfill) is kept but not judged', () => {
    const rules = [rule({ windowDays: 30 })];
    expect(judgePoints([point({ windowEnd: daysBefore(29.99) })], rules, NOW)).toHaveLength(1);
    expect(judgePoints([point({ windowEnd: daysBefore(30) })], rules, NOW)).toHaveLength(1);
    expect(judgePoints([point({ windowEnd: daysBefore(30.01) })], rules, NOW)).toHaveLength(0);
  });

  it('read the computed figure before the reported one, and flag a producer who said no drift', () => {
    const [breach] = judgePoints([point({ metric: 'wasserstein_normed', value: 0.01, computedPsi: 0.4, reportedDrift: false })], [rule({})], NOW);
    expect(breach).toMatchObject({ metric: 'psi', value: 0.4, valueSource: 'computed', contradictsProducer: true });
    expect(judgePoints([point({ value: 0.1, computedPsi: 0.1 })], [rule({})], NOW)).toEqual([]);
  });

  it('give one breach per metric and feature, at the worst severity any rule gives it; a rule on a feature judges only it', () => {
    const rules = [rule({ threshold: 0.1, severity: 'medium' }), rule({ threshold: 0.25, severity: 'high' }), rule({ feature: 'income', threshold: 0.01, severity: 'critical' })];
    expect(judgePoints([point({ value: 0.3 })], rules, NOW).map((b) => b.rule.severity)).toEqual(['high']);
    expect(judgePoints([point({ value: 0.15 })], rules, NOW).map((b) => b.rule.severity)).toEqual(['medium']);
    expect(judgePoints([point({ feature: 'income', value: 0.05 })], rules, NOW).map((b) => b.rule.severity)).toEqual(['critical']);
  });

  it('read "lt" as the breach for performance metrics (roc_auc < 0.7)', () => {
    const rules = [rule({ metric: 'roc_auc', comparator: 'lt', threshold: 0.7 })];
    expect(judgePoints([point({ metric: 'roc_auc', feature: null, value: 0.65 })], rules, NOW)).toHaveLength(1);
    expect(judgePoints([point({ metric: 'roc_auc', feature: null, value: 0.75 })], rules, NOW)).toHaveLength(0);
  });
});
