import 'server-only';
import { and, asc, eq, ne, type SQL } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { nocase } from '@/lib/db-helpers';

/** Most systems offered in the "Register model" picker; an organisation past this opens the form from the system's page. */
export const MAX_SYSTEMS_FOR_NEW_MODEL = 500;

/** The live systems the actor may register a model in (their own, unless their role reaches every system), by name. */
export async function listSystemsForNewModel(actor: Actor) {
  assertCan(actor, 'model.register');
  const everyOwner = can(actor, 'model.register', { ownerIds: [] });
  const filters: SQL[] = [ne(aiSystems.lifecycleStatus, 'retired')];
  if (!everyOwner) filters.push(eq(aiSystems.ownerId, actor.userId));
  return await getDb()
    .select({ id: aiSystems.id, name: aiSystems.name })
    .from(aiSystems)
    .where(and(...filters))
    .orderBy(asc(nocase(aiSystems.name)), asc(aiSystems.id))
    .limit(MAX_SYSTEMS_FOR_NEW_MODEL);
}
