import { describe, expect, it } from 'vitest';
import { parseToolReport } from './parse-tool-report';
import { bytesOf, fixture, invalidOf, json, metric, values } from './report-test-helpers';

// Fixture: promptfoo's own test/__fixtures__/sample-export.json (output version 3, promptfoo 0.118.10); see fixtures/README.md.
type Output = { results: { results: Record<string, unknown>[] }; config: Record<string, unknown> };
const sample = () => json('promptfoo-sample-export.json') as unknown as Output;

describe('promptfoo reports', () => {
  it('sample export: 0 of 4 tests pass; per assertion type cost 3/4, latency 0/4, contains 2/2, llm-rubric 4/4', () => {
    const report = parseToolReport(fixture('promptfoo-sample-export.json'));
    expect(report).toMatchObject({ format: 'promptfoo', kind: 'robustness', tool: 'promptfoo 0.118.10', summary: '0 of 4 tests passed.' });
    expect(values(report)).toEqual({ pass_rate: 0, failed_tests: 4, 'pass_rate:contains': 1, 'pass_rate:cost': 0.75, 'pass_rate:latency': 0, 'pass_rate:llm-rubric': 1 });
    expect(metric(report, 'pass_rate')).toMatchObject({ lowerBound: 0, upperBound: 0.489891 });
    expect(report.metrics.map((m) => m.name)).not.toContain('attack_success_rate');
  });

  it('failing assertion types become issues, severity by their failure rate, with the failing reason as example', () => {
    const report = parseToolReport(fixture('promptfoo-sample-export.json'));
    expect(report.issues.map((i) => [i.key, i.severity])).toEqual([
      ['promptfoo:latency', 'critical'],
      ['promptfoo:cost', 'medium'],
    ]);
    expect(report.issues[1]!.detail).toBe('1 of 4 failed; for example: Cost 0.0021 is greater than threshold 0.002.');
  });

  it('a red-team run (config.redteam, pluginId) gives an attack success rate with Wilson bounds, issues per plugin', () => {
    const output = sample();
    output.config.redteam = { plugins: ['harmful:hate', 'pii'] };
    output.results.results.forEach((result, index) => {
      result.metadata = { pluginId: index < 2 ? 'harmful:hate' : 'pii' };
      result.success = index >= 2;
    });
    const report = parseToolReport(bytesOf(output));
    // Wilson 95% for 2 of 4, by hand: centre 0.5, half-width 1.96·√(0.0625 + 3.8415/64) / 1.9604 = 0.349961.
    expect(metric(report, 'attack_success_rate')).toMatchObject({ value: 0.5, lowerBound: 0.150039, upperBound: 0.849961 });
    expect(values(report)).toMatchObject({ attack_success_rate_upper: 0.849961, pass_rate: 0.5, failed_tests: 2 });
    expect(report.issues).toEqual([expect.objectContaining({ key: 'promptfoo:harmful:hate', severity: 'critical', title: 'Red-team plugin harmful:hate got through' })]);
  });

  it("a red-team plugin's declared severity speaks for it; without one, the failure rate decides", () => {
    const output = sample();
    output.results.results.forEach((result, index) => {
      result.testCase = { ...(result.testCase as object), metadata: { pluginId: index < 2 ? 'pii:direct' : 'hijacking', ...(index < 2 ? { severity: 'high' } : {}) } };
      result.success = index !== 0 && index !== 2;
    });
    const report = parseToolReport(bytesOf(output));
    expect(report.issues.map((i) => [i.key, i.severity])).toEqual([
      ['promptfoo:pii:direct', 'high'],
      ['promptfoo:hijacking', 'medium'],
    ]);
  });

  it('reads the older shape (a bare results list) and falls back to gradingResult.pass', () => {
    const output = sample();
    const results = output.results.results.map(({ success: _success, ...rest }) => rest);
    const report = parseToolReport(bytesOf({ results }), 'promptfoo');
    expect(values(report)).toMatchObject({ pass_rate: 0, failed_tests: 4 });
  });

  it('refuses an output with no test results: "0 of 0 tests passed" is no evidence', () => {
    const error = invalidOf(() => parseToolReport(bytesOf({ results: { results: [], stats: {} } })));
    expect(error.message).toMatch(/no completed analysis: the promptfoo output holds no test results/);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'file' })]);
    expect(invalidOf(() => parseToolReport(bytesOf({ ...sample(), results: { results: [] } }))).message).toMatch(/no test results/);
  });

  it('refuses a result without a verdict, a verdict that is not a boolean, and a missing results list', () => {
    const output = sample();
    const first = output.results.results[0]!;
    expect(invalidOf(() => parseToolReport(bytesOf({ ...output, results: { results: [{ ...first, success: 'false' }] } }))).message).toMatch(/results\.results\.0\.success/);
    const { success: _s, gradingResult: _g, ...bare } = first;
    expect(invalidOf(() => parseToolReport(bytesOf({ ...output, results: { results: [bare] } }))).message).toMatch(/success/);
    expect(invalidOf(() => parseToolReport(bytesOf({ evalId: 'x', results: {} }))).message).toMatch(/results/);
  });
});
