import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { monitoringBatches } from '@/db/schema';
import { latestSeriesState, monitoringSeries } from '@/lib/monitoring/queries';
import type { MonitoringSeries } from './oversight-schema';
import { mapInOrder } from '@/lib/map-in-order';

/**
 * The latest window of every monitored series (metric and feature) of these versions, judged against the tier's
 * rules by the monitoring module's own reads, breaches first. One point per series: never the whole history.
 */
export async function latestMonitoring(db: Db, versions: Map<string, string>): Promise<MonitoringSeries[]> {
  const rows = (await mapInOrder([...versions], async ([versionId, label]) =>
    (await monitoringSeries(db, versionId, { pointsPerSeries: 1 })).map((series) => ({ versionId, label, series, state: latestSeriesState(series) })),
  )).flat();
  const batchIds = [...new Set(rows.flatMap((r) => (r.state.latest ? [r.state.latest.batchId] : [])))];
  const starts = new Map(
    batchIds.length ? (await db.select({ id: monitoringBatches.id, start: monitoringBatches.windowStart }).from(monitoringBatches).where(inArray(monitoringBatches.id, batchIds))).map((b) => [b.id, b.start]) : [],
  );
  return rows
    .filter((r) => r.state.latest)
    .map(({ versionId, label, series, state }): MonitoringSeries => {
      const p = state.latest!;
      return {
        modelVersionId: versionId, version: label, metric: series.metric, feature: series.feature, windowStart: starts.get(p.batchId) ?? p.windowEnd, windowEnd: p.windowEnd,
        value: p.value, valueSource: p.valueSource, reportedValue: p.reportedValue, reportedDrift: p.reportedDrift, computedPsi: p.computedPsi, computedJs: p.computedJs,
        points: series.pointCount,
        rules: series.rules.map((r) => ({ comparator: r.comparator, threshold: r.threshold, windowDays: r.windowDays, severity: r.severity, ...(r.source ? { source: r.source } : {}) })),
        breach: state.state === 'unjudged' ? null : state.state === 'breach', breachSeverity: state.severity, contradictsProducer: state.contradictsProducer,
      };
    })
    .sort((a, b) => Number(b.breach === true) - Number(a.breach === true));
}
