import 'server-only';
import { currentSqlite } from '@/db';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { Forbidden } from '@/lib/errors';
import { cachePerConnection } from '@/lib/prepared-statements';

type Owned = { id: string; label: string; systemOwnerId: string | null; modelCreatorId: string | null };

// One query for any number of versions (a run may name up to a thousand outputs).
const statements = cachePerConnection(() => ({
  owners: currentSqlite().prepare<[string], Owned>(
    `SELECT v.id AS id, m.name || ' @ ' || v.version AS label, s.owner_id AS systemOwnerId, m.created_by_id AS modelCreatorId
     FROM model_versions v JOIN models m ON m.id = v.model_id JOIN ai_systems s ON s.id = m.system_id
     WHERE v.id IN (SELECT value FROM json_each(?))`,
  ),
}));

export const ownerIdsOf = (row: Pick<Owned, 'systemOwnerId' | 'modelCreatorId'>) => [row.systemOwnerId, row.modelCreatorId];

/** Owners of each of these model versions (unknown ids are left out), for ownership-scoped checks. */
export function modelVersionOwners(ids: string[]): Map<string, Owned> {
  if (ids.length === 0) return new Map();
  return new Map(statements().owners.all(JSON.stringify(ids)).map((row) => [row.id, row]));
}

/**
 * Anyone may read a version or use it as an input; writing to it (a run's output, a deployment and its integrity
 * flags) takes the 'own' reach of `permission`: the owners of its system or model.
 */
export function assertMayWriteModelVersions(actor: Actor, permission: 'lineage.record' | 'deployment.report', ids: string[], what: string) {
  const owners = modelVersionOwners(ids);
  const refused = [...owners.values()].filter((row) => !can(actor, permission, { ownerIds: ownerIdsOf(row) }));
  if (refused.length === 0) return;
  const names = refused.slice(0, 5).map((row) => `${row.label} (${row.id})`).join(', ');
  throw new Forbidden(`${what} writes to model versions only their owners may change: ${names}${refused.length > 5 ? ` and ${refused.length - 5} more` : ''}. Nothing was recorded.`);
}
