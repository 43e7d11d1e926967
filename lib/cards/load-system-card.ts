import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { promotionRequests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { getSystem, listSystemModels } from '@/lib/inventory/queries';
import { buildSnapshot } from '@/lib/promotion/snapshot';
import { loadCardOversight } from './load-oversight';
import { mapInOrder } from '@/lib/map-in-order';

/**
 * The system-level card: the system's own facts and, for every version of every model, its stage, its current card
 * digest and whether that still matches the card last signed for it; with the live oversight of the system and of
 * every version (monitoring of the versions in staging or production).
 */
export async function loadSystemCard(actor: Actor, systemId: string) {
  const system = await getSystem(actor, systemId);
  const models = await listSystemModels(actor, systemId);
  const db = getDb();
  const versionIds = models.flatMap((m) => m.versions.map((v) => v.id));
  const approved = versionIds.length
    ? await db.select().from(promotionRequests).where(and(inArray(promotionRequests.modelVersionId, versionIds), eq(promotionRequests.status, 'approved'))).orderBy(desc(promotionRequests.createdAt))
    : [];
  const versions = (await mapInOrder(models, async (m) =>
    await mapInOrder(m.versions, async (v) => {
      const lastSigned = approved.find((r) => r.modelVersionId === v.id) ?? null;
      const cardSha256 = (await buildSnapshot(db, v.id)).sha256;
      return {
        modelId: m.id, modelName: m.name, versionId: v.id, version: v.version, stage: v.stage, artifactSha256: v.artifactSha256, scanStatus: v.scanStatus,
        cardSha256, lastSigned: lastSigned ? { requestId: lastSigned.id, targetStage: lastSigned.targetStage, at: lastSigned.closedAt ?? lastSigned.createdAt, sha256: lastSigned.snapshotSha256 } : null,
        differsFromLastSigned: lastSigned ? lastSigned.snapshotSha256 !== cardSha256 : null,
      };
    }),
  )).flat();
  const label = (v: (typeof versions)[number]) => `${v.modelName} ${v.version}`;
  const now = new Date();
  const oversight = await loadCardOversight(db, systemId, {
    systems: new Map([[system.id, system.name]]),
    versions: new Map(versions.map((v) => [v.versionId, label(v)])),
    datasets: new Map(),
  }, now, { monitoredVersionIds: versions.filter((v) => v.stage === 'production' || v.stage === 'staging').map((v) => v.versionId) });
  return { system, versions, oversight, generatedAt: now.toISOString() };
}
