import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { orderNulls } from '@/db/portable-sql';
import { ACTIVE_FINDING_STATUSES, aiSystems, findings, models, modelVersions, monitoringBatches, monitoringPoints, SEVERITIES, type MonitoringRule } from '@/db/schema';
import { findingRef } from '@/lib/findings/raise-finding';
import { breachDedupeKey } from './raise-breach-findings';
import { metricPassed } from '@/lib/evidence/metric';
import { figureFor, type JudgedPoint } from './judge-points';
import { tierMonitoringRules } from './tier-rules';
import { mapInOrder } from '@/lib/map-in-order';

export type SeriesPoint = JudgedPoint & { batchId: string };
export type MonitoringSeries = {
  metric: string;
  feature: string | null;
  /** The threshold met first (the lowest for ≥ / >, the highest for ≤ / <) of the rules on this series, if any. */
  threshold: number | null;
  rules: MonitoringRule[];
  pointCount: number;
  /** Oldest first, at most `pointsPerSeries` of the latest. */
  points: SeriesPoint[];
};

type Options = { maxSeries?: number; pointsPerSeries?: number };

const rulesFor = (rules: MonitoringRule[], metric: string, feature: string | null) => rules.filter((r) => r.metric === metric && (r.feature === null || r.feature === feature));

function firstThreshold(rules: MonitoringRule[]): number | null {
  if (rules.length === 0) return null;
  const upward = rules[0]!.comparator === 'gte' || rules[0]!.comparator === 'gt';
  return rules.map((r) => r.threshold).reduce((a, b) => (upward ? Math.min(a, b) : Math.max(a, b)));
}

/**
 * Each monitored metric and feature of a model version: its latest points over time (value as judged, how it was
 * obtained, the reported figure, the server's PSI and JS) and the tier's rules on it. Series with the most recent
 * results come first; both limits keep the read bounded however long a version has been reporting.
 */
export async function monitoringSeries(db: Db | Tx, modelVersionId: string, { maxSeries = 100, pointsPerSeries = 200 }: Options = {}): Promise<MonitoringSeries[]> {
  const tier = first(await db
    .select({ riskTier: aiSystems.riskTier })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(eq(modelVersions.id, modelVersionId)).limit(1));
  const rules = tier ? await tierMonitoringRules(db, tier.riskTier) : [];
  const groups = await db
    .select({
      metric: monitoringPoints.metric,
      feature: monitoringPoints.feature,
      pointCount: sql<number>`count(*)`,
      // How many of its windows carry each statistic the server computed (count() skips NULLs).
      psiCount: sql<number>`count(${monitoringPoints.computedPsi})`,
      jsCount: sql<number>`count(${monitoringPoints.computedJs})`,
      lastEnd: sql<string>`max(${monitoringPoints.windowEnd})`,
    })
    .from(monitoringPoints)
    .where(eq(monitoringPoints.modelVersionId, modelVersionId))
    .groupBy(monitoringPoints.metric, monitoringPoints.feature)
    // A model-wide metric (no feature) before its per-feature series, on either database.
    .orderBy(desc(sql`max(${monitoringPoints.windowEnd})`), monitoringPoints.metric, orderNulls(monitoringPoints.feature, 'asc', 'first'))
    .limit(maxSeries);
  const series = await mapInOrder(groups, async ({ metric, feature, pointCount }) => {
    const points = (await db
      .select({
        batchId: monitoringPoints.batchId,
        metric: monitoringPoints.metric,
        feature: monitoringPoints.feature,
        windowEnd: monitoringPoints.windowEnd,
        value: monitoringPoints.value,
        valueSource: monitoringPoints.valueSource,
        reportedValue: monitoringPoints.reportedValue,
        reportedDrift: monitoringPoints.reportedDrift,
        computedPsi: monitoringPoints.computedPsi,
        computedJs: monitoringPoints.computedJs,
      })
      .from(monitoringPoints)
      .where(and(eq(monitoringPoints.modelVersionId, modelVersionId), eq(monitoringPoints.metric, metric), feature === null ? isNull(monitoringPoints.feature) : eq(monitoringPoints.feature, feature)))
      .orderBy(desc(monitoringPoints.windowEnd))
      .limit(pointsPerSeries))
      .reverse();
    const own = rulesFor(rules, metric, feature);
    return { metric, feature, threshold: firstThreshold(own), rules: own, pointCount, points };
  });
  const computedCounts = new Map(groups.map((g) => [seriesKey(g.metric, g.feature), { psi: Number(g.psiCount), js_distance: Number(g.jsCount) }]));
  return [...series, ...computedSeries(series, rules, computedCounts)];
}

const COMPUTED = [
  { metric: 'psi', figure: (p: SeriesPoint) => p.computedPsi },
  { metric: 'js_distance', figure: (p: SeriesPoint) => p.computedJs },
] as const;

/**
 * The statistics the server computed from histograms sent with another method (a psi result's JS distance), as
 * series of their own where a rule judges them: the figure judged (figureFor) is then also the one charted.
 */
const seriesKey = (metric: string, feature: string | null) => `${metric}\u0000${feature ?? ''}`;

function computedSeries(series: MonitoringSeries[], rules: MonitoringRule[], counts: Map<string, Record<(typeof COMPUTED)[number]['metric'], number>>): MonitoringSeries[] {
  const derived: MonitoringSeries[] = [];
  for (const { metric, figure } of COMPUTED) {
    for (const source of series) {
      const own = rulesFor(rules, metric, source.feature);
      if (source.metric === metric || own.length === 0 || series.some((s) => s.metric === metric && s.feature === source.feature)) continue;
      const points = source.points.filter((p) => figure(p) !== null).map((p) => ({ ...p, metric, value: figure(p), valueSource: 'computed' as const, reportedValue: null }));
      if (points.length) derived.push({ metric, feature: source.feature, threshold: firstThreshold(own), rules: own, pointCount: counts.get(seriesKey(source.metric, source.feature))?.[metric] ?? points.length, points });
    }
  }
  return derived;
}

export type SeriesState = 'breach' | 'ok' | 'unjudged';

/** A series' latest result against its own rules: the state cards and reviews show (the finding tracks the rest). */
export function latestSeriesState(series: MonitoringSeries) {
  const latest = series.points.at(-1) ?? null;
  const breaches = (r: MonitoringRule) => {
    const figure = latest ? figureFor(latest, r.metric) : null;
    return figure !== null && metricPassed(figure.value, r.threshold, r.comparator) === true;
  };
  const breached = series.rules.filter(breaches).sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const state: SeriesState = series.rules.length === 0 || !latest ? 'unjudged' : breached.length ? 'breach' : 'ok';
  return { metric: series.metric, feature: series.feature, latest, state, severity: breached[0]?.severity ?? null, contradictsProducer: state === 'breach' && latest?.reportedDrift === false };
}

/** Latest state of every series of a version, breaches first, and when results last arrived. */
export async function monitoringSummary(db: Db | Tx, modelVersionId: string) {
  const series = (await monitoringSeries(db, modelVersionId, { pointsPerSeries: 1 })).map(latestSeriesState);
  const last = first(await db.select({ receivedAt: monitoringBatches.receivedAt }).from(monitoringBatches).where(eq(monitoringBatches.modelVersionId, modelVersionId)).orderBy(desc(monitoringBatches.receivedAt)).limit(1));
  const order: Record<SeriesState, number> = { breach: 0, ok: 1, unjudged: 2 };
  return { lastReceivedAt: last?.receivedAt ?? null, breaches: series.filter((s) => s.state === 'breach').length, series: series.sort((a, b) => order[a.state] - order[b.state]) };
}

/**
 * The finding each breached series raised, active or accepted (one per series: a unique key), so the chart links to
 * the work it started. Keyed as `${metric}:${feature}`.
 */
export async function seriesFindings(db: Db | Tx, modelVersionId: string, series: Pick<MonitoringSeries, 'metric' | 'feature'>[]) {
  const keys = new Map(series.map((s) => [breachDedupeKey(modelVersionId, s.metric, s.feature), `${s.metric}:${s.feature ?? ''}`]));
  if (keys.size === 0) return new Map<string, { id: string; ref: string; status: string }>();
  const rows = await db.select({ id: findings.id, number: findings.number, status: findings.status, dedupeKey: findings.dedupeKey }).from(findings)
    .where(and(inArray(findings.dedupeKey, [...keys.keys()]), inArray(findings.status, [...ACTIVE_FINDING_STATUSES, 'accepted'])));
  return new Map(rows.map((r) => [keys.get(r.dedupeKey!)!, { id: r.id, ref: findingRef(r.number), status: r.status }]));
}
