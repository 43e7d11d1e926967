import 'server-only';
import { and, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { FORWARD_TARGETS, type Requirement } from '@/lib/promotion/evaluate-gate';
import { gatesForVersions } from '@/lib/promotion/gate-context';

const SHOWN_REQUIREMENTS = 3;

export type VersionAtGate = {
  id: string;
  modelId: string;
  modelName: string;
  systemId: string;
  version: string;
  stage: string;
  /** Targets whose gate passes now: a request can be opened. */
  ready: string[];
  /** When nothing is ready: the nearest target and the first requirements it fails. */
  blocked: { target: string; failing: Requirement[]; more: number } | null;
};

/**
 * The latest versions of the person's own systems (not external base models, nor of a retired system) that can
 * still move up, each judged by the live gate (read-only) for every target it could request. Versions with a request
 * already open are left to the open-requests list.
 */
export async function ownVersionsAtGate(actor: Actor, limit = 8): Promise<VersionAtGate[]> {
  assertCan(actor, 'promotion.request');
  const db = getDb();
  const rows = await db
    .select({ id: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, modelId: models.id, modelName: models.name, systemId: models.systemId })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    // A retired system's versions move no more: they are not work to do.
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(and(eq(aiSystems.ownerId, actor.userId), inArray(modelVersions.stage, ['development', 'staging']), isNull(modelVersions.externalSource), ne(aiSystems.lifecycleStatus, 'retired')))
    .orderBy(desc(modelVersions.updatedAt))
    .limit(limit);
  const gates = await gatesForVersions(db, rows.map((row) => ({ versionId: row.id, targets: FORWARD_TARGETS[row.stage] })));
  return rows.flatMap((row, i): VersionAtGate[] => {
    const versionGates = gates[i]!;
    if (versionGates.some(({ gate }) => gate.requirements.some((r) => r.id === 'open-request' && !r.met))) return [];
    const ready = versionGates.filter(({ gate }) => gate.passed).map(({ target }) => target);
    const nearest = versionGates[0];
    const failing = nearest ? nearest.gate.requirements.filter((r) => !r.met) : [];
    return [{
      ...row,
      ready,
      blocked: ready.length || !nearest ? null : { target: nearest.target, failing: failing.slice(0, SHOWN_REQUIREMENTS), more: Math.max(0, failing.length - SHOWN_REQUIREMENTS) },
    }];
  });
}
