import 'server-only';
import { alias, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { and, asc, count, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { countWhere, isNotDistinctFrom } from '@/db/portable-sql';
import { rawRows } from '@/db/raw';
import { findings, findingWaivers, incidentActions, incidents, incidentSystems, monitoringPoints, reviews, users } from '@/db/schema';
import { findingRef } from '@/lib/findings/raise-finding';
import { subjectLabels } from '@/lib/findings/subject-labels';
import { incidentRef } from '@/lib/incidents/queries';
import { mapInOrder } from '@/lib/map-in-order';
import { packLimits } from './pack-limits';

type Bounds = { from: string; to: string };
export type OversightScope = { inventory: boolean; systemIds: string[]; versionIds: string[]; datasetVersionIds: string[] };

/** A time column inside the period's bounds (inclusive). */
export const between = (column: AnySQLiteColumn, bounds: Bounds) => and(gte(column, bounds.from), lte(column, bounds.to));
const owner = alias(users, 'owner');
const closer = alias(users, 'closer');

/** Findings whose subject is in scope: the systems, their model versions and the dataset versions they were trained on. */
function subjectsIn(scope: OversightScope): SQL | undefined {
  if (scope.inventory) return undefined;
  const of = (type: 'system' | 'model_version' | 'dataset_version', ids: string[]) => (ids.length ? and(eq(findings.subjectType, type), inArray(findings.subjectId, ids)) : undefined);
  return or(of('system', scope.systemIds), of('model_version', scope.versionIds), of('dataset_version', scope.datasetVersionIds)) ?? sql`0`;
}

/**
 * Findings open at any time in the period (raised before it and still open then, raised in it, or closed in it), with
 * their closure evidence and signature; at most `rows`, and the total. A finding carried into the period is part of
 * its risk picture: one that was open all along must not read as "none".
 */
async function collectFindings(scope: OversightScope, bounds: Bounds, rows: number) {
  const db = getDb();
  const where = and(subjectsIn(scope), lte(findings.createdAt, bounds.to), or(isNull(findings.closedAt), gte(findings.closedAt, bounds.from)));
  const total = first(await db.select({ n: count() }).from(findings).where(where).limit(1))?.n ?? 0;
  const items = (await db
    .select({ f: findings, owner: owner.name, closedBy: closer.name })
    .from(findings)
    .innerJoin(owner, eq(owner.id, findings.ownerId))
    .leftJoin(closer, eq(closer.id, findings.closedById))
    .where(where)
    .orderBy(asc(findings.number))
    .limit(rows))
    .map(({ f, owner: ownerName, closedBy }) => ({ ...f, ref: findingRef(f.number), owner: ownerName, closedBy }));
  // Each subject by name (a system, "model 1.2.0", "namespace/dataset@version"), also those outside the pack's lists.
  const subjectOf = await subjectLabels(db, items);
  return { total, items: items.map((f) => ({ ...f, subject: subjectOf(f).label })) };
}

/** Waivers in force at any time in the period on findings in scope (signed by its end, not ended or expired before it): the signed terms as they stand, never changed. */
async function collectWaivers(scope: OversightScope, bounds: Bounds, rows: number) {
  const db = getDb();
  const where = and(subjectsIn(scope), lte(findingWaivers.signedAt, bounds.to), gte(sql`coalesce(${findingWaivers.endedAt}, ${findingWaivers.expiresAt})`, bounds.from));
  const total = first(await db.select({ n: count() }).from(findingWaivers).innerJoin(findings, eq(findings.id, findingWaivers.findingId)).where(where).limit(1))?.n ?? 0;
  const items = (await db
    .select({ w: findingWaivers, number: findings.number, title: findings.title })
    .from(findingWaivers)
    .innerJoin(findings, eq(findings.id, findingWaivers.findingId))
    .where(where)
    .orderBy(asc(findingWaivers.signedAt), asc(findingWaivers.id))
    .limit(rows))
    .map(({ w, number, title }) => ({ ...w, findingRef: findingRef(number), findingTitle: title }));
  return { total, items };
}

async function collectReviews(scope: OversightScope, bounds: Bounds, rows: number) {
  const db = getDb();
  const systems = scope.inventory ? undefined : inArray(reviews.systemId, scope.systemIds.length ? scope.systemIds : ['']);
  const where = and(systems, between(reviews.signedAt, bounds));
  const total = first(await db.select({ n: count() }).from(reviews).where(where).limit(1))?.n ?? 0;
  return { total, items: await db.select().from(reviews).where(where).orderBy(asc(reviews.signedAt), asc(reviews.id)).limit(rows) };
}

/** Incidents affecting systems in scope that were recorded, acted on or reported in the period, with their timelines. */
async function collectIncidents(scope: OversightScope, bounds: Bounds, rows: number) {
  const db = getDb();
  const acted = sql`${incidents.id} IN (SELECT ${incidentActions.incidentId} FROM ${incidentActions} WHERE ${incidentActions.at} BETWEEN ${bounds.from} AND ${bounds.to})`;
  const affects = scope.inventory ? undefined : sql`${incidents.id} IN (SELECT ${incidentSystems.incidentId} FROM ${incidentSystems} WHERE ${inArray(incidentSystems.systemId, scope.systemIds.length ? scope.systemIds : [''])})`;
  const where = and(affects, or(between(incidents.awareAt, bounds), between(incidents.reportedAt, bounds), acted));
  const total = first(await db.select({ n: count() }).from(incidents).where(where).limit(1))?.n ?? 0;
  const list = await db.select().from(incidents).where(where).orderBy(asc(incidents.awareAt), asc(incidents.id)).limit(rows);
  const ids = list.map((i) => i.id);
  const actions = ids.length
    ? await db
        .select({ incidentId: incidentActions.incidentId, at: incidentActions.at, actorId: incidentActions.actorId, text: incidentActions.text })
        .from(incidentActions)
        .where(inArray(incidentActions.incidentId, ids))
        .orderBy(asc(incidentActions.at), asc(incidentActions.createdAt))
    : [];
  const systems = ids.length ? await db.select().from(incidentSystems).where(inArray(incidentSystems.incidentId, ids)) : [];
  const items = list.map((i) => ({
    ...i,
    ref: incidentRef(i.number),
    systemIds: systems.filter((s) => s.incidentId === i.id).map((s) => s.systemId),
    actions: actions.filter((a) => a.incidentId === i.id).map(({ incidentId: _incident, ...a }) => a),
  }));
  return { total, items };
}

/**
 * Per version, metric and feature: how many windows ended in the period, the first and last, the lowest and highest
 * judged value and the last one. Aggregated by the database over the series index; no point is loaded. Then, as the
 * monitoring page shows them, the statistics the server computed from histograms sent with another metric (a psi
 * result's JS distance, which a rule may judge and a finding name): `derivedFrom` names the metric that carried them.
 */
async function collectMonitoring(scope: OversightScope, bounds: Bounds, rows: number) {
  if (scope.versionIds.length === 0) return { total: 0, items: [] };
  const inScope = and(inArray(monitoringPoints.modelVersionId, scope.versionIds), between(monitoringPoints.windowEnd, bounds));
  // Qualified by hand: drizzle writes a lone table's columns unqualified, which inside the subquery would mean q's own.
  const lastOf = (column: SQL) => sql<number | null>`(SELECT ${column} FROM monitoring_points q WHERE q.model_version_id = monitoring_points.model_version_id AND q.metric = monitoring_points.metric AND ${isNotDistinctFrom(sql`q.feature`, sql`monitoring_points.feature`)} AND ${column} IS NOT NULL AND q.window_end <= ${bounds.to} ORDER BY q.window_end DESC LIMIT 1)`;
  const native = await getDb()
    .select({
      modelVersionId: monitoringPoints.modelVersionId, metric: monitoringPoints.metric, feature: monitoringPoints.feature,
      windows: count(), firstWindowEnd: sql<string>`min(${monitoringPoints.windowEnd})`, lastWindowEnd: sql<string>`max(${monitoringPoints.windowEnd})`,
      min: sql<number | null>`min(${monitoringPoints.value})`, max: sql<number | null>`max(${monitoringPoints.value})`, last: lastOf(sql`q.value`),
      computed: countWhere(eq(monitoringPoints.valueSource, 'computed')),
    })
    .from(monitoringPoints)
    .where(inScope)
    .groupBy(monitoringPoints.modelVersionId, monitoringPoints.metric, monitoringPoints.feature)
    .orderBy(monitoringPoints.modelVersionId, monitoringPoints.metric, monitoringPoints.feature)
    .limit(rows);
  const derived = await mapInOrder(COMPUTED_STATISTICS, async ({ metric, column, qualified }) => (await getDb()
    .select({
      modelVersionId: monitoringPoints.modelVersionId, derivedFrom: monitoringPoints.metric, feature: monitoringPoints.feature,
      windows: count(column), firstWindowEnd: sql<string>`min(${monitoringPoints.windowEnd})`, lastWindowEnd: sql<string>`max(${monitoringPoints.windowEnd})`,
      min: sql<number | null>`min(${column})`, max: sql<number | null>`max(${column})`, last: lastOf(qualified),
    })
    .from(monitoringPoints)
    .where(and(inScope, sql`${monitoringPoints.metric} <> ${metric}`, sql`${column} IS NOT NULL`))
    .groupBy(monitoringPoints.modelVersionId, monitoringPoints.metric, monitoringPoints.feature)
    .orderBy(monitoringPoints.modelVersionId, monitoringPoints.metric, monitoringPoints.feature)
    .limit(rows))
    .map(({ windows, ...row }) => ({ ...row, metric, windows, computed: windows })));
  const sameSeries = (a: { modelVersionId: string; metric: string; feature: string | null }, b: typeof a) => a.modelVersionId === b.modelVersionId && a.metric === b.metric && a.feature === b.feature;
  // A version that also sent the statistic itself keeps that series; the derived one would repeat it.
  const extra = derived.flat().filter((d) => !native.some((n) => sameSeries(n, d)));
  const key = (s: { modelVersionId: string; metric: string; feature: string | null }) => `${s.modelVersionId}\u0000${s.metric}\u0000${s.feature ?? ''}`;
  const items = [...native.map((n) => ({ ...n, derivedFrom: null as string | null })), ...extra].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).slice(0, rows);
  return { total: items.length < rows ? items.length : await countSeries(inScope, bounds), items };
}

/**
 * How many series the summary has in all, when it reaches its row limit, counted as the list is built: each sent
 * series, and each statistic computed from another metric's histograms (one per carrying metric) where the version
 * did not also send that statistic itself.
 */
async function countSeries(inScope: SQL | undefined, bounds: Bounds) {
  const sent = sql`SELECT count(*) AS n FROM (SELECT DISTINCT ${monitoringPoints.modelVersionId}, ${monitoringPoints.metric}, ${monitoringPoints.feature} FROM ${monitoringPoints} WHERE ${inScope}) AS sent`;
  const computed = COMPUTED_STATISTICS.map(({ metric, column }) => sql`SELECT count(*) AS n FROM (SELECT DISTINCT ${monitoringPoints.modelVersionId}, ${monitoringPoints.metric}, ${monitoringPoints.feature} FROM ${monitoringPoints}
    WHERE ${inScope} AND ${monitoringPoints.metric} <> ${metric} AND ${column} IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM monitoring_points q WHERE q.model_version_id = ${monitoringPoints.modelVersionId} AND q.metric = ${metric} AND ${isNotDistinctFrom(sql`q.feature`, monitoringPoints.feature)} AND q.window_end >= ${bounds.from} AND q.window_end <= ${bounds.to})) AS computed`);
  let total = 0;
  for (const query of [sent, ...computed]) total += Number((await rawRows<{ n: number | string }>(query))[0]?.n ?? 0);
  return total;
}

/** The statistics the server computes from a result's histograms, whatever metric the result was sent as (lib/monitoring/compute-point.ts). */
const COMPUTED_STATISTICS = [
  { metric: 'psi', column: sql`${monitoringPoints.computedPsi}`, qualified: sql`q.computed_psi` },
  { metric: 'js_distance', column: sql`${monitoringPoints.computedJs}`, qualified: sql`q.computed_js` },
];

/** The pack's oversight records for the period, each list bounded by PACK_OVERSIGHT_ROWS and given with its total. */
export async function collectOversight(scope: OversightScope, bounds: Bounds) {
  const rows = packLimits().oversightRows;
  return {
    limit: rows,
    findings: await collectFindings(scope, bounds, rows),
    waivers: await collectWaivers(scope, bounds, rows),
    reviews: await collectReviews(scope, bounds, rows),
    incidents: await collectIncidents(scope, bounds, rows),
    monitoring: await collectMonitoring(scope, bounds, rows),
  };
}
export type PackOversight = Awaited<ReturnType<typeof collectOversight>>;
