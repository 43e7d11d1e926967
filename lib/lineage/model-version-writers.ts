import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, models, modelVersions } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { Forbidden } from '@/lib/errors';
import { modelOwnerIds } from '@/lib/inventory/model-owners';

type Owned = { id: string; label: string; systemOwnerId: string | null };

/** Owners of each of these model versions (unknown ids are left out), for ownership-scoped checks. */
export async function modelVersionOwners(ids: string[]): Promise<Map<string, Owned>> {
  if (ids.length === 0) return new Map();
  // One query for any number of versions (a run may name up to a thousand outputs).
  const rows: Owned[] = await getDb()
    .select({ id: modelVersions.id, label: sql<string>`${models.name} || ' @ ' || ${modelVersions.version}`, systemOwnerId: aiSystems.ownerId })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .where(inArray(modelVersions.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Anyone may read a version or use it as an input; writing to it (a run's output, a deployment and its integrity
 * flags) takes the 'own' reach of `permission`: the owner of its system.
 */
export async function assertMayWriteModelVersions(actor: Actor, permission: 'lineage.record' | 'deployment.report', ids: string[], what: string) {
  const owners = await modelVersionOwners(ids);
  const refused = [...owners.values()].filter((row) => !can(actor, permission, { ownerIds: modelOwnerIds(row) }));
  if (refused.length === 0) return;
  const names = refused.slice(0, 5).map((row) => `${row.label} (${row.id})`).join(', ');
  throw new Forbidden(`${what} writes to model versions only their owners may change: ${names}${refused.length > 5 ? ` and ${refused.length - 5} more` : ''}. Nothing was recorded.`);
}
