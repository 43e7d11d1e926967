import { z } from 'zod';
import { COMPARATORS, SEVERITIES } from '@/db/schema/vocabulary';
import { EARLIEST_CLAIMED_TIME, isBeforeRecords } from '@/lib/clock-skew';
import { driftMethod, driftValueProblem } from './point-input';

/** A request carries at most this many points (metrics plus drift results), each histogram at most MAX_BINS bins. */
export const MAX_POINTS_PER_REQUEST = 10_000;
export const MAX_BINS = 200;
/** Histogram counts (reference plus current) in one request: 100,000 keeps a request's compute well under 100 ms. */
export const MAX_HISTOGRAM_COUNTS_PER_REQUEST = 100_000;
/** Monitoring windows: none older than EARLIEST_CLAIMED_TIME, none longer than this (a typo such as 0001-01-01 is refused). */
export const MAX_WINDOW_DAYS = 366;
/** The feature name of drift in the model's own predictions. */
export const PREDICTION_FEATURE = '__prediction__';

export const ZName = z
  .string()
  .trim()
  .min(1, 'Required.')
  .max(100)
  .regex(/^[A-Za-z0-9_.:\-]+$/, 'Letters, digits and _ . : - only.')
  .transform((s) => s.toLowerCase());
const ZFinite = z.number({ error: 'A finite number.' });
// int() admits safe integers only, so 1e308 (whose sum overflows to Infinity) is refused like 2.5.
const ZCount = z.number({ error: 'A whole number of observations.' }).int('A whole number of observations.').min(0, 'Counts cannot be negative.');
const ZBins = z.array(ZCount).min(1).max(MAX_BINS);
const sum = (counts: number[]) => counts.reduce((a, c) => a + c, 0);

/** Bin edges shared by both sides (n + 1 strictly increasing numbers for n bins) and each side's counts. */
export const ZHistograms = z
  .object({ edges: z.array(ZFinite).min(2).max(MAX_BINS + 1), reference: ZBins, current: ZBins })
  .superRefine((h, ctx) => {
    const bins = h.edges.length - 1;
    for (const side of ['reference', 'current'] as const) {
      if (h[side].length !== bins) ctx.addIssue({ code: 'custom', path: [side], message: `${h.edges.length} edges make ${bins} bins; ${h[side].length} counts were given.` });
      else if (h[side].every((c) => c === 0)) ctx.addIssue({ code: 'custom', path: [side], message: 'At least one count must be above zero.' });
      else if (sum(h[side]) > Number.MAX_SAFE_INTEGER) ctx.addIssue({ code: 'custom', path: [side], message: `The counts add up to more than ${Number.MAX_SAFE_INTEGER}.` });
    }
    const at = h.edges.findIndex((e, i) => i > 0 && e <= h.edges[i - 1]!);
    if (at > 0) ctx.addIssue({ code: 'custom', path: ['edges', at], message: 'Edges must strictly increase.' });
  });

export const ZPerformanceMetric = z.object({ name: ZName, value: ZFinite });

/** A column name, or `__prediction__` for drift in the predictions. */
export const ZFeature = z.string().trim().min(1, 'Required.').max(200);

export const ZDriftResult = z
  .object({
    feature: ZFeature,
    /** The statistic reported: psi, js_distance, wasserstein_normed, ks_p_value, chisquare_p_value... (default psi). */
    method: ZName.default('psi'),
    value: ZFinite.optional(),
    /** The producer's own verdict; kept beside the server's figures. */
    driftDetected: z.boolean().optional(),
    histograms: ZHistograms.optional(),
  })
  .refine((d) => d.value !== undefined || d.histograms !== undefined, { message: 'Give the value, the histograms, or both.', path: ['value'] })
  .superRefine((d, ctx) => {
    const problem = d.value === undefined ? null : driftValueProblem(driftMethod(d.method), d.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `${problem} Leave the value out when it was not computed.` });
  });

const DAY_MS = 86_400_000;
export const ZWindow = z
  .object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
  .refine((w) => Date.parse(w.start) <= Date.parse(w.end), { message: 'The window cannot start after it ends.', path: ['start'] })
  .refine((w) => !isBeforeRecords(w.start), { message: `A window cannot start before ${EARLIEST_CLAIMED_TIME.slice(0, 10)}.`, path: ['start'] })
  .refine((w) => Date.parse(w.end) - Date.parse(w.start) <= MAX_WINDOW_DAYS * DAY_MS, { message: `A window spans at most ${MAX_WINDOW_DAYS} days.`, path: ['end'] });

/** The JSON form around its points, which may be validated ones or raw ones still to validate in steps. */
function reportSchema<M extends z.ZodType, D extends z.ZodType>(metricItem: M, driftItem: D) {
  return z
    .object({
      deploymentId: z.string().min(1).max(64).optional(),
      modelVersionId: z.string().min(1).max(64).optional(),
      window: ZWindow,
      producer: z.string().trim().max(300).default(''),
      metrics: z.array(metricItem).max(MAX_POINTS_PER_REQUEST).default([]),
      drift: z.array(driftItem).max(MAX_POINTS_PER_REQUEST).default([]),
    })
    .refine((r) => (r.deploymentId === undefined) !== (r.modelVersionId === undefined), { message: 'Name either a deploymentId or a modelVersionId.', path: ['deploymentId'] })
    .refine((r) => r.metrics.length + r.drift.length > 0, { message: 'Send at least one metric or drift result.', path: ['metrics'] })
    .refine((r) => r.metrics.length + r.drift.length <= MAX_POINTS_PER_REQUEST, { message: `At most ${MAX_POINTS_PER_REQUEST} points per request.`, path: ['drift'] });
}

/** The documented JSON form: one target, one window, its performance metrics and drift results. */
export const ZMonitoringReport = reportSchema(ZPerformanceMetric, ZDriftResult);
/** The same form with its points unread: the server validates them in steps that let other requests run. */
export const ZMonitoringEnvelope = reportSchema(z.unknown(), z.unknown());

/** Where an Evidently snapshot posted unchanged belongs: the target and window ride in the query string. */
export const ZMonitoringQuery = z.object({
  deploymentId: z.string().min(1).max(64).optional(),
  modelVersionId: z.string().min(1).max(64).optional(),
  windowStart: z.iso.datetime({ offset: true }).optional(),
  windowEnd: z.iso.datetime({ offset: true }).optional(),
  producer: z.string().trim().max(300).optional(),
});

const ZEvidentlyMetric = z.object({
  id: z.string().max(200).optional(),
  metric_id: z.string().max(2000).optional(),
  metric_name: z.string().max(2000).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  value: z.union([ZFinite, z.record(z.string(), z.unknown())]),
});

/** Evidently's `snapshot.dict()` / `snapshot.json()` (0.7.x): metrics with `metric_id` or `metric_name`, tests with `status`. */
export const ZEvidentlySnapshot = z.object({
  metrics: z.array(ZEvidentlyMetric).min(1).max(MAX_POINTS_PER_REQUEST),
  tests: z
    .array(z.object({ id: z.string().max(200).optional(), name: z.string().max(2000).optional(), status: z.enum(['SUCCESS', 'FAIL', 'WARNING', 'ERROR', 'SKIPPED']), metric_config: z.object({ metric_id: z.string().max(200) }).partial().optional() }))
    .max(MAX_POINTS_PER_REQUEST)
    .default([]),
});
export type EvidentlySnapshot = z.output<typeof ZEvidentlySnapshot>;

/** For the OpenAPI document: the route tells the two forms apart by shape. */
export const ZMonitoringRequest = z.union([ZMonitoringReport, ZEvidentlySnapshot]);

/** A monitoring rule: a breach is `value <comparator> threshold` on a result whose window ended in the last windowDays. */
export const ZMonitoringRule = z.object({
  metric: ZName,
  feature: z.string().trim().max(200).nullable().transform((f) => (f ? f : null)),
  comparator: z.enum(COMPARATORS),
  threshold: ZFinite,
  windowDays: z.number().int().min(1).max(3650),
  severity: z.enum(SEVERITIES),
  source: z.string().trim().max(300).optional(),
});
