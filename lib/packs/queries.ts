import 'server-only';
import { count, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { first, getDb } from '@/db';
import { rawRows } from '@/db/raw';
import { aiSystems, evidencePacks, models, modelVersions, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { offsetOf } from '@/lib/db-helpers';
import { NotFound } from '@/lib/errors';
import { lineageChoices } from '@/lib/lineage/queries';
import { recoverInterruptedPacks } from './recover-interrupted-packs';
import type { ListEvidencePacksQuery } from './schemas';
import { nocase } from '@/lib/db-helpers';

const versionSystem = alias(aiSystems, 'version_system');

function selectPacks() {
  return getDb()
    .select({
      pack: evidencePacks,
      requesterName: users.name,
      requesterEmail: users.email,
      systemName: aiSystems.name,
      versionLabel: modelVersions.version,
      modelName: models.name,
      versionSystemName: versionSystem.name,
    })
    .from(evidencePacks)
    .innerJoin(users, eq(users.id, evidencePacks.requestedById))
    .leftJoin(aiSystems, eq(aiSystems.id, evidencePacks.scopeId))
    .leftJoin(modelVersions, eq(modelVersions.id, evidencePacks.scopeId))
    .leftJoin(models, eq(models.id, modelVersions.modelId))
    .leftJoin(versionSystem, eq(versionSystem.id, models.systemId));
}

type PackRow = Awaited<ReturnType<ReturnType<typeof selectPacks>['all']>>[number];

function scopeLabel(row: PackRow): string {
  if (row.pack.scopeType === 'inventory') return 'Whole inventory';
  if (row.pack.scopeType === 'system') return `AI system: ${row.systemName ?? row.pack.scopeId}`;
  return `Model version: ${row.versionSystemName ?? '?'} › ${row.modelName ?? '?'} ${row.versionLabel ?? row.pack.scopeId}`;
}

/** 1 for the pack that starts next, and so on, in the order packs were queued; packs not queued have none. */
async function queuePositions(): Promise<Map<string, number>> {
  const rows = await rawRows<{ id: string }>(sql`SELECT id FROM evidence_packs WHERE status = 'queued' ORDER BY rowid`);
  return new Map(rows.map(({ id }, index) => [id, index + 1]));
}

function toRecord(row: PackRow, positions: Map<string, number>) {
  const { runnerId: _runner, heartbeatAt: _heartbeat, requestedById, ...pack } = row.pack;
  const base = `/api/v1/evidence-packs/${pack.id}`;
  return {
    ...pack,
    queuePosition: positions.get(pack.id) ?? null,
    scopeLabel: scopeLabel(row),
    requestedBy: { id: requestedById, name: row.requesterName, email: row.requesterEmail },
    downloads: pack.status === 'done' ? { pdf: `${base}/pdf`, zip: `${base}/zip` } : null,
  };
}
export type EvidencePackRecord = ReturnType<typeof toRecord>;

/** Packs newest first; reading them needs the audit-read permission (they reproduce the audit trail). */
export async function listEvidencePacks(actor: Actor, query: ListEvidencePacksQuery) {
  assertCan(actor, 'audit.read');
  await recoverInterruptedPacks();
  const rows = await selectPacks().orderBy(desc(evidencePacks.createdAt), desc(evidencePacks.id)).limit(query.pageSize).offset(offsetOf(query));
  const total = first(await getDb().select({ n: count() }).from(evidencePacks).limit(1))?.n ?? 0;
  const positions = await queuePositions();
  return { items: rows.map((row) => toRecord(row, positions)), total, page: query.page, pageSize: query.pageSize };
}

/** One pack as the API shows it; for the generator and the download, which check permissions themselves. */
export async function loadEvidencePack(id: string): Promise<EvidencePackRecord> {
  const row = first(await selectPacks().where(eq(evidencePacks.id, id)));
  if (!row) throw new NotFound('Evidence pack');
  return toRecord(row, row.pack.status === 'queued' ? await queuePositions() : new Map());
}

export async function getEvidencePack(actor: Actor, id: string): Promise<EvidencePackRecord> {
  assertCan(actor, 'audit.read');
  await recoverInterruptedPacks();
  return await loadEvidencePack(id);
}

/** The pickers of the request form: every AI system, and the most recent model versions labelled for people. */
export async function packScopeChoices(actor: Actor) {
  assertCan(actor, 'pack.generate');
  const systems = await getDb().select({ id: aiSystems.id, label: aiSystems.name }).from(aiSystems).orderBy(nocase(aiSystems.name));
  return { systems, versions: (await lineageChoices(actor, 500)).modelVersionChoices };
}
