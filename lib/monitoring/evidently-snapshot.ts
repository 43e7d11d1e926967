import { Invalid, type FieldIssue } from '@/lib/errors';
import { driftMethod, driftValueProblem, isPValue, type PointInput } from './point-input';
import { ZFeature, ZName, type EvidentlySnapshot } from './schemas';

type Metric = EvidentlySnapshot['metrics'][number];
type Parsed = { type: string; params: Record<string, unknown> };

/** "ValueDrift(column=a,method=K-S p_value,threshold=0.05)" → type and parameters (Evidently's explicit_metric_id()). */
function parseExplicitId(text: string): Parsed {
  const open = text.indexOf('(');
  if (open < 0 || !text.endsWith(')')) return { type: text, params: {} };
  const inner = text.slice(open + 1, -1);
  const params = Object.fromEntries(inner ? inner.split(/,(?=[A-Za-z_]+=)/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]) : []);
  return { type: text.slice(0, open), params };
}

/** 0.7.15+ writes `metric_name` and `config` (with `type` "evidently:metric_v2:ValueDrift"); earlier 0.7 wrote `metric_id`. */
function parseMetric(m: Metric): Parsed {
  const fromName = parseExplicitId(m.metric_name ?? m.metric_id ?? 'unknown');
  if (!m.config) return fromName;
  const { type, ...params } = m.config;
  return { type: typeof type === 'string' ? type.split(':').at(-1)! : fromName.type, params: { ...fromName.params, ...params } };
}

const snake = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
const numberOf = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const textOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/** Names derived from Evidently's types and result keys (class labels among them) keep to the characters a JSON-form name may hold. */
const point = (metric: string, feature: string | null, value: number, reportedDrift: boolean | null = null): PointInput =>
  ({ metric: metric.replace(/[^A-Za-z0-9_.:-]+/g, '_'), feature, reportedValue: value, reportedDrift, histograms: null });

/**
 * A snapshot's points meet the JSON form's limits (a metric name of 100 characters, a column of 200): a name longer
 * than that is refused here rather than stored, raised as a finding title and carried into every card and pack.
 */
function checked(points: PointInput[], index: number, issues: FieldIssue[]): PointInput[] {
  return points.flatMap((p) => {
    const metric = ZName.safeParse(p.metric);
    const feature = p.feature === null ? null : ZFeature.safeParse(p.feature);
    if (!metric.success) issues.push({ path: `metrics.${index}`, message: 'The metric name made from its type and result keys must have 1 to 100 characters.' });
    if (feature && !feature.success) issues.push({ path: `metrics.${index}.config.column`, message: 'A column name has at most 200 characters.' });
    // The JSON form's bounds (a p-value in 0-1, a PSI never negative) hold for a snapshot's figures too.
    const impossible = p.reportedValue === null ? null : driftValueProblem(p.metric, p.reportedValue);
    if (impossible) issues.push({ path: `metrics.${index}.value`, message: impossible });
    return metric.success && (!feature || feature.success) && !impossible ? [{ ...p, metric: metric.data, feature: feature ? feature.data : null }] : [];
  });
}

function pointsOf(m: Metric, verdicts: Map<string, boolean>): PointInput[] {
  const { type, params } = parseMetric(m);
  const verdict = m.id !== undefined ? verdicts.get(m.id) : undefined;
  const column = textOf(params.column);
  if (type === 'ValueDrift' && typeof m.value === 'number') {
    const metric = driftMethod(textOf(params.method) ?? 'value_drift');
    const threshold = numberOf(params.threshold);
    const drifted = verdict ?? (threshold === null ? null : isPValue(metric) ? m.value < threshold : m.value >= threshold);
    return [point(metric, column, m.value, drifted)];
  }
  if (type === 'DriftedColumnsCount' && typeof m.value === 'object') {
    const share = numberOf(m.value.share);
    const count = numberOf(m.value.count);
    const limit = numberOf(params.drift_share) ?? 0.5;
    return [
      ...(share === null ? [] : [point('drifted_columns_share', null, share, verdict ?? share >= limit)]),
      ...(count === null ? [] : [point('drifted_columns_count', null, count)]),
    ];
  }
  if (typeof m.value === 'number') return [point(snake(type), column, m.value)];
  return Object.entries(m.value).flatMap(([key, v]) => (typeof v === 'number' && Number.isFinite(v) ? [point(`${snake(type)}.${snake(key)}`, column, v)] : []));
}

/**
 * Maps an Evidently snapshot onto our points: ValueDrift → the statistic its method names, per column;
 * DriftedColumnsCount → drifted_columns_share and _count; other single values by their type (Accuracy → accuracy).
 * A test on a metric is the producer's verdict: FAIL, or WARNING (Evidently's non-critical failure), means drift.
 */
export function evidentlyPoints(snapshot: EvidentlySnapshot): { points: PointInput[]; tests: Record<string, number> } {
  const verdicts = new Map<string, boolean>();
  const tests: Record<string, number> = {};
  for (const test of snapshot.tests) {
    tests[test.status] = (tests[test.status] ?? 0) + 1;
    const id = test.metric_config?.metric_id;
    if (id && test.status !== 'ERROR' && test.status !== 'SKIPPED') verdicts.set(id, (verdicts.get(id) ?? false) || test.status !== 'SUCCESS');
  }
  const issues: FieldIssue[] = [];
  const points = snapshot.metrics.flatMap((m, i) => checked(pointsOf(m, verdicts), i, issues));
  if (issues.length) throw new Invalid('The snapshot holds a name longer than Provenant keeps, or a figure its statistic cannot take; nothing was recorded.', issues.slice(0, 100));
  return { points, tests };
}
