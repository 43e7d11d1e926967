import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { first, getDb, withTransaction, type Db, type Tx } from '@/db';
import { aiSystems, integrationSettings } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Conflict, NotFound } from '@/lib/errors';

/** The AI systems (ids, JSON) an admin lets MLflow's `provenant.system` tag create models in; none by default. */
export const TAG_SYSTEMS_SETTING = 'mlflow.tag_systems';

export const ZSetMlflowTagSystemsInput = z.object({
  systemIds: z.array(z.string().trim().min(1).max(100)).min(1, 'Choose at least one system.').max(100),
  allowed: z.boolean(),
});

export async function allowedTagSystemIds(db: Db | Tx): Promise<string[]> {
  const row = first(await db.select({ value: integrationSettings.value }).from(integrationSettings).where(eq(integrationSettings.key, TAG_SYSTEMS_SETTING)).limit(1));
  const parsed = z.array(z.string()).safeParse(row ? JSON.parse(row.value) : []);
  return parsed.success ? parsed.data : [];
}

/** Allowed systems with their names, for the admin page. */
export async function listMlflowTagSystems(actor: Actor) {
  assertCan(actor, 'integration.manage');
  const db = getDb();
  const ids = await allowedTagSystemIds(db);
  if (ids.length === 0) return [];
  return await db.select({ id: aiSystems.id, name: aiSystems.name, riskTier: aiSystems.riskTier, lifecycleStatus: aiSystems.lifecycleStatus }).from(aiSystems).where(inArray(aiSystems.id, ids)).orderBy(aiSystems.name);
}

/**
 * Allows (or stops allowing) systems for the tag. A prohibited or retired system is never allowed: MLflow must not
 * add models to it. The change is audited with the list before and after.
 */
export async function setMlflowTagSystems(actor: Actor, input: z.output<typeof ZSetMlflowTagSystemsInput>, now = new Date()) {
  assertCan(actor, 'integration.manage');
  const updatedAt = now.toISOString();
  return await withTransaction(async (tx) => {
    const before = await allowedTagSystemIds(tx);
    let after = before.filter((id) => !input.systemIds.includes(id));
    if (input.allowed) {
      const systems = await tx.select().from(aiSystems).where(inArray(aiSystems.id, input.systemIds));
      if (systems.length !== new Set(input.systemIds).size) throw new NotFound('AI system');
      const barred = systems.find((s) => s.riskTier === 'prohibited' || s.lifecycleStatus === 'retired');
      if (barred) throw new Conflict(`"${barred.name}" is ${barred.lifecycleStatus === 'retired' ? 'retired' : 'of the prohibited tier'}, so MLflow may not add models to it.`);
      after = [...after, ...systems.map((s) => s.id)];
    }
    const value = JSON.stringify(after);
    await tx.insert(integrationSettings)
      .values({ key: TAG_SYSTEMS_SETTING, value, updatedById: actor.userId, updatedAt })
      .onConflictDoUpdate({ target: integrationSettings.key, set: { value, updatedById: actor.userId, updatedAt } });
    await recordAudit(tx, actor, { action: 'integration.updated', entityType: 'integration_setting', entityId: TAG_SYSTEMS_SETTING, before: { systemIds: before }, after: { systemIds: after } });
    return { systemIds: after };
  });
}
