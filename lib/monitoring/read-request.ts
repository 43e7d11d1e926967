import type { z } from 'zod';
import { Invalid, type FieldIssue } from '@/lib/errors';
import { fieldsToCorrect } from '@/lib/http/fields-to-correct';
import { fieldIssues, parseInput, plainIssueMessage } from '@/lib/http/to-domain-error';
import { evidentlyPoints } from './evidently-snapshot';
import { mapInSteps } from '@/lib/map-in-steps';
import { histogramCounts } from './histogram-counts';
import { isAheadOfClock } from '@/lib/clock-skew';
import { driftMethod, type PointInput } from './point-input';
import { MAX_HISTOGRAM_COUNTS_PER_REQUEST, MAX_POINTS_PER_REQUEST, ZDriftResult, ZEvidentlySnapshot, ZMonitoringEnvelope, ZMonitoringQuery, ZPerformanceMetric, ZWindow } from './schemas';

export type MonitoringRequest = {
  source: 'json' | 'evidently';
  deploymentId: string | null;
  modelVersionId: string | null;
  window: { start: string; end: string };
  producer: string;
  points: PointInput[];
  tests: Record<string, number> | null;
};

/** An Evidently snapshot is told apart by its metrics' `metric_id` / `metric_name` (our JSON form has neither). */
function looksLikeEvidently(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const metrics = (body as { metrics?: unknown }).metrics;
  return Array.isArray(metrics) && metrics.some((m) => m && typeof m === 'object' && ('metric_id' in m || 'metric_name' in m));
}

/** Refuses, before reading any of them, histograms holding more counts in all than a request may carry. */
function assertHistogramBudget(drift: unknown[]) {
  let total = 0;
  for (const [i, item] of drift.entries()) {
    total += histogramCounts(item);
    if (total > MAX_HISTOGRAM_COUNTS_PER_REQUEST) {
      throw new Invalid(`A request's histograms may hold at most ${MAX_HISTOGRAM_COUNTS_PER_REQUEST.toLocaleString('en')} counts in all (reference plus current); send the rest in further requests. Nothing was recorded.`, [{ path: `drift.${i}.histograms`, message: `The counts pass ${MAX_HISTOGRAM_COUNTS_PER_REQUEST.toLocaleString('en')} here.` }]);
    }
  }
}

/** Each item validated by `schema`, a few thousand numbers at a time, so a large post lets other requests run in between. */
async function readInSteps<S extends z.ZodType>(items: unknown[], schema: S, field: string): Promise<z.output<S>[]> {
  const issues: FieldIssue[] = [];
  const parsed = await mapInSteps(items, (item) => 20 + histogramCounts(item), (item, i) => {
    const result = schema.safeParse(item, { error: plainIssueMessage });
    if (!result.success) issues.push(...fieldIssues(result.error).map((issue) => ({ ...issue, path: issue.path ? `${field}.${i}.${issue.path}` : `${field}.${i}` })));
    return result.data as z.output<S>;
  });
  if (issues.length) throw new Invalid(fieldsToCorrect(new Set(issues.map((i) => i.path)).size), issues.slice(0, 100));
  return parsed;
}

async function fromJson(body: unknown): Promise<MonitoringRequest> {
  const report = parseInput(ZMonitoringEnvelope, body);
  assertHistogramBudget(report.drift);
  const metrics = await readInSteps(report.metrics, ZPerformanceMetric, 'metrics');
  const drift = await readInSteps(report.drift, ZDriftResult, 'drift');
  const points: PointInput[] = [
    ...metrics.map((m) => ({ metric: m.name, feature: null, reportedValue: m.value, reportedDrift: null, histograms: null })),
    ...drift.map((d) => ({ metric: driftMethod(d.method), feature: d.feature, reportedValue: d.value ?? null, reportedDrift: d.driftDetected ?? null, histograms: d.histograms ?? null })),
  ];
  return { source: 'json', deploymentId: report.deploymentId ?? null, modelVersionId: report.modelVersionId ?? null, window: report.window, producer: report.producer, points, tests: null };
}

function fromEvidently(body: unknown, query: z.output<typeof ZMonitoringQuery>): MonitoringRequest {
  const snapshot = parseInput(ZEvidentlySnapshot, body);
  const issues = [];
  if ((query.deploymentId === undefined) === (query.modelVersionId === undefined)) issues.push({ path: 'deploymentId', message: 'Name either ?deploymentId= or ?modelVersionId= in the query string.' });
  if (!query.windowStart) issues.push({ path: 'windowStart', message: 'Required in the query string (ISO date-time).' });
  if (!query.windowEnd) issues.push({ path: 'windowEnd', message: 'Required in the query string (ISO date-time).' });
  if (issues.length) throw new Invalid('An Evidently snapshot needs its target and window in the query string; nothing was recorded.', issues);
  const window = parseInput(ZWindow, { start: query.windowStart, end: query.windowEnd });
  const { points, tests } = evidentlyPoints(snapshot);
  if (points.length === 0) throw new Invalid('The snapshot holds no numeric metric to record.', [{ path: 'metrics', message: 'No metric with a numeric value.' }]);
  return { source: 'evidently', deploymentId: query.deploymentId ?? null, modelVersionId: query.modelVersionId ?? null, window, producer: query.producer ?? 'evidently', points, tests };
}

/** Either body form, validated, as one target, one window and its points; a window may not end in the future. */
export async function readMonitoringRequest(body: unknown, query: z.output<typeof ZMonitoringQuery>, now: Date): Promise<MonitoringRequest> {
  const request = looksLikeEvidently(body) ? fromEvidently(body, query) : await fromJson(body);
  const windowPath = request.source === 'json' ? 'window.end' : 'windowEnd';
  if (isAheadOfClock(request.window.end, now)) {
    throw new Invalid('A monitoring window cannot end in the future; nothing was recorded.', [{ path: windowPath, message: `Later than the server's clock (${now.toISOString()}) by more than five minutes.` }]);
  }
  if (request.points.length > MAX_POINTS_PER_REQUEST) throw new Invalid(`At most ${MAX_POINTS_PER_REQUEST} points per request; nothing was recorded.`, [{ path: 'metrics', message: `${request.points.length} points.` }]);
  return { ...request, window: { start: new Date(request.window.start).toISOString(), end: new Date(request.window.end).toISOString() } };
}
