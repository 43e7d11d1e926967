import { plural } from '@/lib/words';
import { countAt, decimalAt, optionalString, refuse, refuseUnevaluated, requiredString, shortText, type JsonObject } from './report-input';
import { jsonLines } from './report-lines';
import type { ParsedMetric, ParsedReport, ReportIssue } from './report-types';
import { boundIssues, countMetric, severityOfFailureRate } from './severity';
import { round, wilsonInterval } from './rate-interval';

const MAX_PAIR_METRICS = 200;
/** What garak writes; its own analysis also reads files that lack the opening entries (tests/_assets/analyze). */
const GARAK_ENTRY_TYPES: readonly string[] = ['start_run setup', 'init', 'attempt', 'eval', 'completion', 'digest', 'probe_summary'];

type Pair = { probe: string; detector: string; hits: number; trials: number; lower: number | null; upper: number | null };

/**
 * garak report JSONL: the attack success rate of each probe and detector comes from its `eval` entries (fails over
 * outputs evaluated; garak 0.14 writes `passed`/`fails`/`total_evaluated`, 0.13 `passed`/`total`), never from
 * counting `attempt` entries. garak's bootstrap bounds (`confidence_lower`/`confidence_upper`, 0-1) are kept;
 * without them Provenant computes a Wilson interval and says so.
 */
export function parseGarak(text: string): ParsedReport {
  const pairs = new Map<string, Pair>();
  let version: string | null = null;
  let garakEntries = 0;
  for (const { entry, line } of jsonLines(text)) {
    const type = requiredString(entry.entry_type, `line ${line}.entry_type`);
    if (GARAK_ENTRY_TYPES.includes(type)) garakEntries++;
    if (type === 'init') version = optionalString(entry.garak_version, `line ${line}.garak_version`) ?? version;
    else if (type === 'eval') addEval(pairs, entry, `line ${line}`);
  }
  if (garakEntries === 0) refuse('no garak entries (`start_run setup`, `init`, `attempt`, `eval`...) were found');
  const rated = [...pairs.values()].filter((pair) => pair.trials > 0);
  if (pairs.size === 0) refuseUnevaluated('the garak report has no `eval` entries, so the run did not finish and no probe was evaluated');
  if (rated.length === 0) refuseUnevaluated('no probe and detector pair of the garak report evaluated any output');
  const notes: string[] = [];
  if (rated.length < pairs.size) notes.push(`Left out: ${plural(pairs.size - rated.length, 'probe and detector pair')} that evaluated no output.`);
  if (rated.some((pair) => pair.upper === null)) notes.push("Where garak gave no confidence bounds, the bounds are a Wilson score interval (95%) computed by Provenant.");
  const bounded = rated.map((pair) => ({ ...pair, rate: round(pair.hits / pair.trials), ...(pair.upper === null ? wilsonInterval(pair.hits, pair.trials) : { lower: pair.lower!, upper: pair.upper }) }));
  bounded.sort((a, b) => b.rate - a.rate || b.upper - a.upper || a.probe.localeCompare(b.probe) || a.detector.localeCompare(b.detector));
  const worst = bounded[0]!;
  const failing = bounded.filter((pair) => pair.hits > 0);
  const metrics: ParsedMetric[] = [
    { name: 'attack_success_rate', metricType: 'attack_success_rate', value: worst.rate, unit: null, lowerBound: worst.lower, upperBound: worst.upper, description: `Worst probe and detector: ${worst.probe} / ${worst.detector} (${worst.hits} of ${worst.trials} outputs)` },
    countMetric('attack_success_rate_upper', Math.max(...bounded.map((pair) => pair.upper)), 'The highest upper confidence bound of any probe and detector'),
    countMetric('failed_probes', new Set(failing.map((pair) => pair.probe)).size, 'Probes with at least one successful attack'),
    countMetric('probes_total', new Set(bounded.map((pair) => pair.probe)).size, 'Probes evaluated'),
  ];
  if (bounded.length > MAX_PAIR_METRICS) notes.push(`Per-probe rates are listed for the ${MAX_PAIR_METRICS} worst of ${bounded.length} probe and detector pairs.`);
  for (const pair of bounded.slice(0, MAX_PAIR_METRICS)) {
    metrics.push({ name: shortText(`attack_success_rate:${pair.probe}:${pair.detector}`, 200), metricType: 'attack_success_rate', value: pair.rate, unit: null, lowerBound: pair.lower, upperBound: pair.upper, description: `${pair.hits} of ${pair.trials} outputs of probe ${pair.probe} hit detector ${pair.detector}` });
  }
  const issues: ReportIssue[] = failing.map((pair) => ({
    key: shortText(`garak:${pair.probe}:${pair.detector}`, 400),
    severity: severityOfFailureRate(pair.rate),
    title: shortText(`${pair.probe} succeeded against ${pair.detector}`, 200),
    detail: `Attack success rate ${(pair.rate * 100).toFixed(1)}% (${pair.hits} of ${pair.trials} outputs; bounds ${(pair.lower * 100).toFixed(1)}%-${(pair.upper * 100).toFixed(1)}%).`,
    suppressed: false,
  }));
  return {
    format: 'garak',
    kind: 'red_team',
    tool: version ? shortText(`garak ${version}`, 120) : 'garak',
    summary: `${failing.length} of ${plural(bounded.length, 'probe and detector pair')} let attacks through; worst ${worst.probe} at ${(worst.rate * 100).toFixed(1)}% (upper bound ${(worst.upper * 100).toFixed(1)}%).`,
    metrics,
    issues: boundIssues(issues, notes),
    notes,
    subjectSha256: [],
  };
}

function addEval(pairs: Map<string, Pair>, entry: JsonObject, at: string) {
  const probe = requiredString(entry.probe, `${at}.probe`);
  const detector = requiredString(entry.detector, `${at}.detector`);
  const passed = countAt(entry.passed, `${at}.passed`);
  const trials = entry.total_evaluated !== undefined ? countAt(entry.total_evaluated, `${at}.total_evaluated`) : countAt(entry.total, `${at}.total`);
  if (passed > trials) refuse('more outputs passed than were evaluated', `${at}.passed`);
  const hits = entry.fails === undefined ? trials - passed : countAt(entry.fails, `${at}.fails`);
  if (passed + hits !== trials) refuse('passed and fails do not add up to the outputs evaluated', `${at}.fails`);
  const lower = entry.confidence_lower === undefined ? null : decimalAt(entry.confidence_lower, `${at}.confidence_lower`, 0, 1);
  const upper = entry.confidence_upper === undefined ? null : decimalAt(entry.confidence_upper, `${at}.confidence_upper`, 0, 1);
  if ((lower === null) !== (upper === null) || (lower !== null && upper !== null && lower > upper)) refuse('the confidence bounds must come as a pair, lower ≤ upper', `${at}.confidence_lower`);
  const key = `${probe}\u0000${detector}`;
  const known = pairs.get(key);
  // A resumed or aggregated run may evaluate a pair twice: pool the counts; bounds cannot be pooled, so recompute them.
  if (known) pairs.set(key, { ...known, hits: known.hits + hits, trials: known.trials + trials, lower: null, upper: null });
  else pairs.set(key, { probe, detector, hits, trials, lower, upper });
}
