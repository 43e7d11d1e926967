import 'server-only';
import { and, eq } from 'drizzle-orm';
import { first, only, type Tx } from '@/db';
import { aiSystems, models } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-event';
import type { AuditActor } from '@/lib/auth/actor';
import { allowedTagSystemIds } from './tag-systems';

/** The tag (on the registered model or the version) naming the Provenant AI system, by id, for a model not mapped yet. */
export const SYSTEM_TAG = 'provenant.system';

export const mlflowModelRef = (name: string) => `mlflow:${name}`;

export type ResolvedModel = { model: typeof models.$inferSelect; created: boolean } | { unmapped: string };

/**
 * The Provenant model an MLflow registered model maps to (models.externalRef), else a new one in the system its
 * `provenant.system` tag names if an admin allowed that system for MLflow (whoever can tag in MLflow must not place
 * models in any team's system), never a prohibited or retired one. The new model is attributed to the system's owner
 * (records need a person); the audit trail says MLflow did it. A same-named model there is left for an admin to map.
 */
export async function resolveMlflowModel(tx: Tx, actor: AuditActor, name: string, tags: Record<string, string>): Promise<ResolvedModel> {
  const mapped = first(await tx.select().from(models).where(eq(models.externalRef, mlflowModelRef(name))).limit(1));
  if (mapped) return { model: mapped, created: false };
  const systemId = tags[SYSTEM_TAG]?.trim();
  if (!systemId) return { unmapped: `No Provenant model is mapped to "${name}" and it carries no ${SYSTEM_TAG} tag.` };
  const system = first(await tx.select().from(aiSystems).where(eq(aiSystems.id, systemId)).limit(1));
  if (!system) return { unmapped: `The ${SYSTEM_TAG} tag names no AI system (${systemId}).` };
  if (!(await allowedTagSystemIds(tx)).includes(system.id)) return { unmapped: `The system "${system.name}" is not allowed for the ${SYSTEM_TAG} tag; an admin allows it or maps "${name}" on the MLflow integration page.` };
  if (system.riskTier === 'prohibited') return { unmapped: `The system "${system.name}" is of the prohibited tier, so MLflow cannot add a model to it.` };
  if (system.lifecycleStatus === 'retired') return { unmapped: `The system "${system.name}" is retired, so no model can be added to it.` };
  const sameName = first(await tx.select({ id: models.id }).from(models).where(and(eq(models.systemId, system.id), eq(models.name, name))).limit(1));
  if (sameName) return { unmapped: `The system "${system.name}" already has a model named "${name}"; map it on the MLflow integration page.` };
  const model = only(await tx.insert(models).values({ systemId: system.id, name, externalRef: mlflowModelRef(name), createdById: system.ownerId }).returning());
  await recordAudit(tx, actor, { action: 'model.created', entityType: 'model', entityId: model.id, after: model });
  return { model, created: true };
}
