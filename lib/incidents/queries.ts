import 'server-only';
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { first, getDb, type Db } from '@/db';
import { aiSystems, findings, incidentActions, incidents, incidentSystems, models, modelVersions, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { offsetOf, nocase } from '@/lib/db-helpers';
import { peopleWhoMay } from '@/lib/users/people-who-may';
import { incidentDeadline } from './deadline';
import type { ListIncidentsQuery } from './schemas';

export { incidentDeadline };

/** Incident references read "INC-3". */
export const incidentRef = (number: number) => `INC-${number}`;

/** The finding a serious incident raises on each affected system: one per incident and system, however often recorded. */
export const incidentFindingKey = (incidentId: string, systemId: string) => `incident:${incidentId}:${systemId}`;

/** The incident whose key a finding carries (incidentFindingKey), or null: a finding raised by hand has no key. */
export const incidentOfFindingKey = (dedupeKey: string | null) => dedupeKey?.match(/^incident:([^:]+):[^:]+$/)?.[1] ?? null;

/**
 * The serious incident that raised a finding, or null. Its finding is remediated, never accepted: Art. 73(6) asks the
 * provider to investigate a serious incident and take corrective action.
 */
export async function raisingIncident(db: Db, finding: { type: string; dedupeKey: string | null }) {
  const id = finding.type === 'incident' ? incidentOfFindingKey(finding.dedupeKey) : null;
  if (!id) return null;
  const row = first(await db.select({ id: incidents.id, number: incidents.number }).from(incidents).where(eq(incidents.id, id)).limit(1));
  return row ? { id: row.id, ref: incidentRef(row.number) } : null;
}

/**
 * Why a risk officer can neither accept the risk of a serious incident's finding nor close it as invalid (the incident
 * happened: its seriousness is fixed when it is recorded), and what to do instead.
 */
export const seriousIncidentRemediated = (ref: string) =>
  `This finding was raised by serious incident ${ref}: Art. 73(6) of the EU AI Act asks for investigation and corrective action, so its risk is not accepted and it is not closed as invalid. Close it as fixed once the corrective action is in place.`;

/** Open first, nearest deadline first (no deadline last), then reported, then closed; newest within the rest. */
const LIST_ORDER = [
  asc(sql`CASE ${incidents.status} WHEN 'open' THEN 0 WHEN 'reported' THEN 1 ELSE 2 END`),
  asc(sql`${incidents.reportDeadline} IS NULL`),
  asc(incidents.reportDeadline),
  desc(incidents.awareAt),
  asc(incidents.id),
];

/** The systems each incident affects, by incident id, named and in name order. */
async function systemsOf(db: Db, incidentIds: string[]) {
  if (incidentIds.length === 0) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .select({ incidentId: incidentSystems.incidentId, id: aiSystems.id, name: aiSystems.name })
    .from(incidentSystems)
    .innerJoin(aiSystems, eq(aiSystems.id, incidentSystems.systemId))
    .where(inArray(incidentSystems.incidentId, incidentIds))
    .orderBy(nocase(aiSystems.name));
  const bySystem = new Map<string, { id: string; name: string }[]>();
  for (const { incidentId, ...system } of rows) bySystem.set(incidentId, [...(bySystem.get(incidentId) ?? []), system]);
  return bySystem;
}

export async function listIncidents(actor: Actor, query: ListIncidentsQuery, now = new Date()) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(incidents.status, query.status));
  if (query.systemId) filters.push(sql`${incidents.id} IN (SELECT ${incidentSystems.incidentId} FROM ${incidentSystems} WHERE ${incidentSystems.systemId} = ${query.systemId})`);
  const where = filters.length ? and(...filters) : undefined;
  const rows = await db
    .select({
      id: incidents.id,
      number: incidents.number,
      title: incidents.title,
      severity: incidents.severity,
      serious: incidents.serious,
      category: incidents.category,
      status: incidents.status,
      awareAt: incidents.awareAt,
      reportDeadline: incidents.reportDeadline,
      reportedAt: incidents.reportedAt,
      ownerId: incidents.ownerId,
      ownerName: users.name,
      ownerEmail: users.email,
    })
    .from(incidents)
    .innerJoin(users, eq(users.id, incidents.ownerId))
    .where(where)
    .orderBy(...LIST_ORDER)
    .limit(query.pageSize)
    .offset(offsetOf(query));
  const systems = await systemsOf(db, rows.map((r) => r.id));
  const items = rows.map((r) => ({ ...r, reference: incidentRef(r.number), systems: systems.get(r.id) ?? [], clock: incidentDeadline(r, now) }));
  const total = first(await db.select({ n: count() }).from(incidents).where(where).limit(1))?.n ?? 0;
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** One incident with its systems (and their production versions), timeline, findings and clock. */
export async function getIncident(actor: Actor, id: string, now = new Date()) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const incident = first(await db.select().from(incidents).where(eq(incidents.id, id)).limit(1));
  if (!incident) throw new NotFound('Incident');
  const people = async (userId: string) => first(await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).limit(1)) ?? null;
  const systemIds = (await db.select({ id: incidentSystems.systemId }).from(incidentSystems).where(eq(incidentSystems.incidentId, id))).map((r) => r.id);
  const systems = await db
    .select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, purpose: aiSystems.purpose, intendedUse: aiSystems.intendedUse, lifecycleStatus: aiSystems.lifecycleStatus, ownerId: aiSystems.ownerId, thirdParty: aiSystems.thirdParty, vendorName: aiSystems.vendorName, businessOwner: aiSystems.businessOwner })
    .from(aiSystems)
    .where(inArray(aiSystems.id, systemIds))
    .orderBy(nocase(aiSystems.name));
  const productionVersions = await db
    .select({ systemId: models.systemId, model: models.name, version: modelVersions.version, artifactSha256: modelVersions.artifactSha256 })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(inArray(models.systemId, systemIds), eq(modelVersions.stage, 'production')))
    .orderBy(nocase(models.name), asc(modelVersions.version));
  const actions = await db
    .select({ id: incidentActions.id, at: incidentActions.at, text: incidentActions.text, actorName: users.name, actorEmail: users.email, createdAt: incidentActions.createdAt })
    .from(incidentActions)
    .leftJoin(users, eq(users.id, incidentActions.actorId))
    .where(eq(incidentActions.incidentId, id))
    .orderBy(asc(incidentActions.at), asc(incidentActions.createdAt));
  const linkedFindings = systemIds.length
    ? await db
        .select({ id: findings.id, number: findings.number, title: findings.title, severity: findings.severity, status: findings.status, systemId: findings.systemId, dueDate: findings.dueDate })
        .from(findings)
        .where(and(eq(findings.subjectType, 'system'), inArray(findings.subjectId, systemIds), inArray(findings.dedupeKey, systemIds.map((s) => incidentFindingKey(id, s)))))
        .orderBy(asc(findings.number))
    : [];
  return {
    ...incident,
    reference: incidentRef(incident.number),
    owner: await people(incident.ownerId),
    createdBy: await people(incident.createdById),
    systems: systems.map((s) => ({ ...s, productionVersions: productionVersions.filter((v) => v.systemId === s.id) })),
    actions,
    findings: linkedFindings,
    clock: incidentDeadline(incident, now),
  };
}
export type IncidentDetail = Awaited<ReturnType<typeof getIncident>>;


/** Who may own an incident: active people who can update one (every role but auditors), in name order. */
export async function incidentOwnerOptions(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return await peopleWhoMay('incident.update');
}

/** A system named in a link (the incidents of a system, or one to record for it), with whether it is live. */
export async function systemOption(actor: Actor, systemId: string | undefined) {
  assertCan(actor, 'inventory.read');
  if (!systemId) return null;
  const system = first(await getDb().select({ id: aiSystems.id, name: aiSystems.name, status: aiSystems.lifecycleStatus }).from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  return system ? { id: system.id, name: system.name, live: system.status !== 'retired' } : null;
}
