import { plural } from '@/lib/words';
import { arrayAt, isObject, objectAt, optionalString, refuse, refuseUnevaluated, requiredString, decimalAt, shortText, type Json, type JsonObject } from './report-input';
import { sarifRunSubject } from './report-subject';
import type { ParsedReport, ReportIssue, ReportSeverity } from './report-types';
import { boundIssues, countMetric, emptyCounts, severityMetrics, severityOfScore } from './severity';

const MAX_RUNS = 1_000;
const MAX_RESULTS = 500_000;
const MAX_RULES = 200_000;
const LEVELS = ['error', 'warning', 'note', 'none'] as const;
type Level = (typeof LEVELS)[number];

type Rule = { id: string; score: number | null; level: Level | null; title: string | null };

/**
 * SARIF 2.1.0 (Trivy, Grype, Semgrep, CodeQL): severity from `properties["security-severity"]` of the result or its
 * rule; without one only the `level` is known, which cannot tell critical from high (Trivy writes `error` for both),
 * so such results count as unknown severity, by level. Suppressed results are counted apart; `absent` ones ignored.
 * A log with no run, a run without `results` (the tool produced none, §3.14.23) or a failed invocation is refused.
 */
export function parseSarif(document: Json): ParsedReport {
  const root = objectAt(document, '$');
  if (root.version !== '2.1.0') refuse('only SARIF 2.1.0 is read (`version` must be "2.1.0")', 'version');
  if (!Array.isArray(root.runs)) refuse('a SARIF log needs `runs`', 'runs');
  const runs = arrayAt(root.runs, 'runs', MAX_RUNS);
  if (runs.length === 0) refuseUnevaluated('the SARIF log has no run');
  const counts = emptyCounts();
  const levelCounts: Record<Level, number> = { error: 0, warning: 0, note: 0, none: 0 };
  const candidates: (Pick<ReportIssue, 'severity' | 'suppressed'> & { build: () => ReportIssue })[] = [];
  const tools = new Set<string>();
  const subjectSha256: string[] = [];
  let suppressed = 0;
  let open = 0;
  let seen = 0;
  let notFailing = 0;
  runs.forEach((runValue, runIndex) => {
    const at = `runs.${runIndex}`;
    const run = objectAt(runValue, at);
    const driver = objectAt(objectAt(run.tool, `${at}.tool`).driver, `${at}.tool.driver`);
    // The spec requires a name, but CodeQL's action accepts runs without one (its testdata/tool-names.sarif): so do we.
    const toolName = optionalString(driver.name, `${at}.tool.driver.name`)?.trim() || 'unnamed tool';
    const toolVersion = optionalString(driver.semanticVersion, `${at}.tool.driver.semanticVersion`) ?? optionalString(driver.version, `${at}.tool.driver.version`);
    tools.add(shortText(toolVersion ? `${toolName} ${toolVersion}` : toolName, 120));
    assertRunCompleted(run, at);
    subjectSha256.push(...sarifRunSubject(run, at));
    const rules = readRules(run, at);
    const results = arrayAt(run.results, `${at}.results`, MAX_RESULTS);
    seen += results.length;
    if (seen > MAX_RESULTS) refuse(`more than ${MAX_RESULTS.toLocaleString('en')} results`, `${at}.results`);
    results.forEach((resultValue, index) => {
      const path = `${at}.results.${index}`;
      const result = objectAt(resultValue, path);
      if (optionalString(result.baselineState, `${path}.baselineState`) === 'absent') return;
      const kind = optionalString(result.kind, `${path}.kind`) ?? 'fail';
      if (kind !== 'fail') {
        notFailing++;
        return;
      }
      const rule = ruleOf(result, rules, path);
      const level = levelAt(result.level, `${path}.level`) ?? rule?.level ?? 'warning';
      const score = scoreAt(result.properties, `${path}.properties`) ?? rule?.score ?? null;
      const severity: ReportSeverity = score === null ? 'unknown' : severityOfScore(score);
      const isSuppressed = suppressedAt(result.suppressions, `${path}.suppressions`);
      if (isSuppressed) suppressed++;
      else {
        open++;
        counts[severity]++;
        if (score === null) levelCounts[level]++;
      }
      if (severity === 'critical' || severity === 'high' || (score === null && level === 'error')) {
        candidates.push({ severity, suppressed: isSuppressed, build: () => issueOf(result, rule, toolName, severity, score, level, isSuppressed, path) });
      }
    });
  });
  const notes: string[] = [];
  const levelOnly = levelCounts.error + levelCounts.warning + levelCounts.note + levelCounts.none;
  if (levelOnly > 0) {
    notes.push(`Open results without a security-severity: ${levelOnly.toLocaleString('en')}. Their severity is unknown: only the SARIF level is given, and a level of error does not tell critical from high.`);
  }
  if (notFailing > 0) notes.push(`Not counted: ${plural(notFailing, 'result')} of a kind other than "fail" (pass, review, informational...).`);
  return {
    format: 'sarif',
    kind: 'security_scan',
    tool: [...tools].join(', ') || 'SARIF',
    summary: `${plural(open, 'open result')} (${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.unknown} of unknown severity); ${plural(suppressed, 'suppressed result')} counted apart.`,
    metrics: [
      ...severityMetrics(counts, 'open results'),
      countMetric('results_total', open, 'Open results (not suppressed), every severity'),
      countMetric('suppressed_results', suppressed, 'Results suppressed in the report (counted apart, never in the totals)'),
      countMetric('error_level_results', levelCounts.error, 'Open results without a security-severity whose SARIF level is error'),
      countMetric('warning_level_results', levelCounts.warning, 'Open results without a security-severity whose SARIF level is warning'),
      countMetric('note_level_results', levelCounts.note, 'Open results without a security-severity whose SARIF level is note'),
    ],
    issues: boundIssues(candidates, notes, (candidate) => candidate.build()),
    notes,
    subjectSha256,
  };
}

/** An empty `results` array is a clean scan; an absent one, or an invocation that did not succeed, is no scan at all. */
function assertRunCompleted(run: JsonObject, at: string) {
  arrayAt(run.invocations, `${at}.invocations`, 10_000).forEach((value, i) => {
    if (objectAt(value, `${at}.invocations.${i}`).executionSuccessful === false) refuseUnevaluated(`the tool says its run failed (${at}.invocations.${i}.executionSuccessful is false)`);
  });
  if (run.results === undefined || run.results === null) refuseUnevaluated(`${at} has no \`results\`, so the tool produced none (SARIF 2.1.0 §3.14.23); an empty list would be a clean scan`);
}

function readRules(run: JsonObject, at: string): { byId: Map<string, Rule>; driverRules: Rule[] } {
  const byId = new Map<string, Rule>();
  const tool = objectAt(run.tool, `${at}.tool`);
  const components = [{ value: tool.driver, path: `${at}.tool.driver` }, ...arrayAt(tool.extensions, `${at}.tool.extensions`, MAX_RUNS).map((value, i) => ({ value, path: `${at}.tool.extensions.${i}` }))];
  let driverRules: Rule[] = [];
  let total = 0;
  for (const [componentIndex, component] of components.entries()) {
    const list = arrayAt(objectAt(component.value, component.path).rules, `${component.path}.rules`, MAX_RULES);
    total += list.length;
    if (total > MAX_RULES) refuse(`more than ${MAX_RULES.toLocaleString('en')} rules`, `${component.path}.rules`);
    const rules = list.map((value, i) => {
      const path = `${component.path}.rules.${i}`;
      const rule = objectAt(value, path);
      const defaults = rule.defaultConfiguration === undefined ? {} : objectAt(rule.defaultConfiguration, `${path}.defaultConfiguration`);
      const short = isObject(rule.shortDescription) ? optionalString(rule.shortDescription.text, `${path}.shortDescription.text`) : null;
      const parsed: Rule = { id: requiredString(rule.id, `${path}.id`), score: scoreAt(rule.properties, `${path}.properties`), level: levelAt(defaults.level, `${path}.defaultConfiguration.level`), title: short };
      if (!byId.has(parsed.id)) byId.set(parsed.id, parsed);
      return parsed;
    });
    if (componentIndex === 0) driverRules = rules;
  }
  return { byId, driverRules };
}

function ruleOf(result: JsonObject, rules: { byId: Map<string, Rule>; driverRules: Rule[] }, path: string): Rule | null {
  const ruleId = optionalString(result.ruleId, `${path}.ruleId`) ?? (isObject(result.rule) ? optionalString(result.rule.id, `${path}.rule.id`) : null);
  if (ruleId !== null) return rules.byId.get(ruleId) ?? { id: ruleId, score: null, level: null, title: null };
  const index = result.ruleIndex;
  if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0) return rules.driverRules[index] ?? null;
  return null;
}

function levelAt(value: Json | undefined, path: string): Level | null {
  const level = optionalString(value, path);
  if (level === null) return null;
  if (!(LEVELS as readonly string[]).includes(level)) refuse(`the level must be one of ${LEVELS.join(', ')}`, path);
  return level as Level;
}

/** `security-severity`: a CVSS-like score 0-10, as the string GitHub documents or a number. */
function scoreAt(properties: Json | undefined, path: string): number | null {
  if (properties === undefined || properties === null) return null;
  const bag = objectAt(properties, path);
  const value = bag['security-severity'];
  if (value === undefined || value === null || value === '') return null;
  return decimalAt(value, `${path}.security-severity`, 0, 10);
}

const SUPPRESSION_STATUSES: readonly string[] = ['accepted', 'underReview', 'rejected'];

/**
 * Suppressed only when it has a suppression and none is underReview or rejected; no status means accepted
 * (SARIF 2.1.0 §3.35.3, sarif-tutorials "Determining suppression status").
 */
function suppressedAt(value: Json | undefined, path: string): boolean {
  const statuses = arrayAt(value, path, 1_000).map((item, i) => {
    const status = optionalString(objectAt(item, `${path}.${i}`).status, `${path}.${i}.status`) ?? 'accepted';
    if (!SUPPRESSION_STATUSES.includes(status)) refuse(`the suppression status must be one of ${SUPPRESSION_STATUSES.join(', ')}`, `${path}.${i}.status`);
    return status;
  });
  return statuses.length > 0 && statuses.every((status) => status === 'accepted');
}

function issueOf(result: JsonObject, rule: Rule | null, tool: string, severity: ReportSeverity, score: number | null, level: Level, suppressed: boolean, path: string): ReportIssue {
  const location = arrayAt(result.locations, `${path}.locations`, 10_000)[0];
  const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : {};
  const uri = isObject(physical.artifactLocation) ? (optionalString(physical.artifactLocation.uri, `${path}.locations.0.physicalLocation.artifactLocation.uri`) ?? '') : '';
  const line = isObject(physical.region) && typeof physical.region.startLine === 'number' ? physical.region.startLine : null;
  const where = isObject(location) && isObject(location.message) ? (optionalString(location.message.text, `${path}.locations.0.message.text`) ?? '') : '';
  const message = isObject(result.message) ? (optionalString(result.message.text, `${path}.message.text`) ?? '') : '';
  const ruleId = rule?.id ?? 'unnamed-rule';
  const place = [uri, line === null ? '' : `:${line}`].join('');
  const pkg = packageOf(message);
  return {
    key: shortText(`sarif:${tool}:${ruleId}:${place}:${where}`, 400),
    severity,
    title: shortText(`${ruleId}${pkg ? ` in ${pkg}` : ''}${rule?.title && rule.title !== ruleId ? `: ${rule.title}` : ''}`, 200),
    detail: shortText(`${score === null ? `Level ${level}, no security-severity` : `security-severity ${score}`}${place ? ` at ${place}` : ''}${where ? ` (${where})` : ''}. ${message}`, 1_000),
    suppressed,
  };
}

/** Trivy's result message opens with `Package: <name>` and `Installed Version: <version>` lines; only both together name it. */
function packageOf(message: string): string | null {
  const name = /^Package: (\S+)\s*$/m.exec(message)?.[1];
  const version = /^Installed Version: (\S+)\s*$/m.exec(message)?.[1];
  return name && version ? `${name} ${version}` : null;
}
