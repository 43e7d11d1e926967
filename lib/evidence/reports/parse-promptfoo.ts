import { plural } from '@/lib/words';
import { arrayAt, isObject, objectAt, optionalString, refuse, refuseUnevaluated, shortText, type Json, type JsonObject } from './report-input';
import type { ParsedMetric, ParsedReport, ReportIssue, ReportSeverity } from './report-types';
import { boundIssues, countMetric, severityOfFailureRate } from './severity';
import { round, wilsonInterval } from './rate-interval';

const MAX_RESULTS = 500_000;
const MAX_GROUP_METRICS = 200;

type Tally = { passed: number; total: number };

/**
 * promptfoo `eval -o out.json` (output versions 2-4: `{evalId, results: {results[], stats}, config}`): the pass rate
 * per test and per assertion type (`gradingResult.componentResults[].assertion.type`) is computed from the results,
 * not taken from `stats`. In a red-team run (`config.redteam` or a `pluginId` in the results) a failed test is a
 * successful attack, so the attack success rate and its Wilson bounds are derived too.
 */
export function parsePromptfoo(document: Json): ParsedReport {
  const root = objectAt(document, '$');
  const container = Array.isArray(root.results) ? root : objectAt(root.results, 'results');
  const base = container === root ? 'results' : 'results.results';
  if (!Array.isArray(container.results)) refuse('a promptfoo output has a `results` list', base);
  const results = arrayAt(container.results, base, MAX_RESULTS);
  const config = isObject(root.config) ? root.config : {};
  const tests: Tally = { passed: 0, total: 0 };
  const byAssertion = new Map<string, Tally>();
  const byPlugin = new Map<string, Tally>();
  const examples = new Map<string, string>();
  const declaredByPlugin = new Map<string, ReportSeverity>();
  let unexplained = 0;
  let redTeam = config.redteam !== undefined && config.redteam !== null;
  results.forEach((value, index) => {
    const path = `${base}.${index}`;
    const result = objectAt(value, path);
    const pluginId = pluginOf(result, path);
    if (pluginId) redTeam = true;
    const passed = passOf(result, path);
    tests.total++;
    if (passed) tests.passed++;
    const failingTypes: string[] = [];
    const grading = isObject(result.gradingResult) ? result.gradingResult : null;
    arrayAt(grading?.componentResults, `${path}.gradingResult.componentResults`, 10_000).forEach((componentValue, i) => {
      const at = `${path}.gradingResult.componentResults.${i}`;
      const component = objectAt(componentValue, at);
      const type = isObject(component.assertion) ? optionalString(component.assertion.type, `${at}.assertion.type`) : null;
      if (type === null) return;
      const componentPassed = booleanAt(component.pass, `${at}.pass`);
      tally(byAssertion, type, componentPassed);
      if (componentPassed) return;
      failingTypes.push(type);
      const reason = optionalString(component.reason, `${at}.reason`);
      if (reason && !examples.has(type)) examples.set(type, reason);
    });
    if (pluginId) {
      tally(byPlugin, pluginId, passed);
      const declared = declaredSeverity(result, path);
      if (declared && !declaredByPlugin.has(pluginId)) declaredByPlugin.set(pluginId, declared);
    }
    if (passed) return;
    if (!pluginId && failingTypes.length > 0) return;
    if (!pluginId) unexplained++;
    const group = pluginId ?? 'test';
    const reason = (grading ? optionalString(grading.reason, `${path}.gradingResult.reason`) : null) ?? optionalString(result.error, `${path}.error`);
    if (reason && !examples.has(group)) examples.set(group, reason);
  });
  if (tests.total === 0) refuseUnevaluated('the promptfoo output holds no test results');
  const notes: string[] = [];
  const failed = tests.total - tests.passed;
  const passBounds = wilsonInterval(tests.passed, tests.total);
  const metrics: ParsedMetric[] = [
    { name: 'pass_rate', metricType: 'pass_rate', value: round(tests.passed / tests.total), unit: null, lowerBound: passBounds.lower, upperBound: passBounds.upper, description: `${tests.passed} of ${tests.total} tests passed (Wilson 95% bounds)` },
    countMetric('failed_tests', failed, 'Tests that failed or errored'),
  ];
  if (redTeam) {
    const bounds = wilsonInterval(failed, tests.total);
    metrics.push(
      { name: 'attack_success_rate', metricType: 'attack_success_rate', value: round(failed / tests.total), unit: null, lowerBound: bounds.lower, upperBound: bounds.upper, description: `${failed} of ${tests.total} red-team tests let the attack through (Wilson 95% bounds, computed by Provenant)` },
      countMetric('attack_success_rate_upper', bounds.upper, 'Upper bound (Wilson 95%) of the attack success rate'),
    );
  }
  const assertionTypes = [...byAssertion.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (assertionTypes.length > MAX_GROUP_METRICS) notes.push(`Pass rates are listed for ${MAX_GROUP_METRICS} of ${assertionTypes.length} assertion types.`);
  for (const [type, counts] of assertionTypes.slice(0, MAX_GROUP_METRICS)) {
    metrics.push({ name: shortText(`pass_rate:${type}`, 200), metricType: 'pass_rate', value: round(counts.passed / counts.total), unit: null, lowerBound: null, upperBound: null, description: `${counts.passed} of ${counts.total} "${shortText(type, 80)}" assertions passed` });
  }
  const groups = byPlugin.size > 0 ? byPlugin : new Map([...byAssertion, ...(unexplained > 0 ? [['test', { passed: tests.total - unexplained, total: tests.total }] as const] : [])]);
  const issues: ReportIssue[] = [...groups.entries()]
    .filter(([, counts]) => counts.passed < counts.total)
    .map(([group, counts]) => {
      const failed = counts.total - counts.passed;
      const example = examples.get(group);
      return {
        key: shortText(`promptfoo:${group}`, 400),
        severity: declaredByPlugin.get(group) ?? severityOfFailureRate(failed / counts.total),
        title: shortText(byPlugin.size > 0 ? `Red-team plugin ${group} got through` : group === 'test' ? 'Tests failed without a failing assertion' : `Assertion ${group} failed`, 200),
        detail: shortText(`${failed} of ${counts.total} failed${example ? `; for example: ${example}` : ''}.`, 1_000),
        suppressed: false,
      };
    });
  const meta = isObject(root.metadata) ? root.metadata : {};
  const version = optionalString(meta.promptfooVersion, 'metadata.promptfooVersion');
  return {
    format: 'promptfoo',
    kind: redTeam ? 'red_team' : 'robustness',
    tool: version ? shortText(`promptfoo ${version}`, 120) : 'promptfoo',
    summary: `${tests.passed} of ${plural(tests.total, 'test')} passed${redTeam ? ' (red-team run: a failed test is a successful attack)' : ''}.`,
    metrics,
    issues: boundIssues(issues, notes),
    notes,
    subjectSha256: [],
  };
}

function tally(map: Map<string, Tally>, key: string, passed: boolean) {
  const counts = map.get(key) ?? { passed: 0, total: 0 };
  map.set(key, { passed: counts.passed + (passed ? 1 : 0), total: counts.total + 1 });
}

/** Pass when `success` says so; an older output without it falls back to `gradingResult.pass`. */
function passOf(result: JsonObject, path: string): boolean {
  if (result.success !== undefined) return booleanAt(result.success, `${path}.success`);
  if (isObject(result.gradingResult)) return booleanAt(result.gradingResult.pass, `${path}.gradingResult.pass`);
  refuse('a result needs `success` or `gradingResult.pass`', path);
}

function booleanAt(value: Json | undefined, path: string): boolean {
  if (typeof value !== 'boolean') refuse('expected true or false', path);
  return value;
}

const DECLARED: readonly string[] = ['critical', 'high', 'medium', 'low'];

/** promptfoo's red-team plugins carry their own severity in the metadata; it speaks for the plugin when given. */
function declaredSeverity(result: JsonObject, path: string): ReportSeverity | null {
  const own = isObject(result.metadata) ? optionalString(result.metadata.severity, `${path}.metadata.severity`) : null;
  const testCase = isObject(result.testCase) && isObject(result.testCase.metadata) ? optionalString(result.testCase.metadata.severity, `${path}.testCase.metadata.severity`) : null;
  const severity = own ?? testCase;
  return severity !== null && DECLARED.includes(severity) ? (severity as ReportSeverity) : null;
}

/** Red-team results name their plugin in `metadata.pluginId` (or in the test case's metadata). */
function pluginOf(result: JsonObject, path: string): string | null {
  const own = isObject(result.metadata) ? optionalString(result.metadata.pluginId, `${path}.metadata.pluginId`) : null;
  const testCase = isObject(result.testCase) && isObject(result.testCase.metadata) ? optionalString(result.testCase.metadata.pluginId, `${path}.testCase.metadata.pluginId`) : null;
  return own ?? testCase;
}
