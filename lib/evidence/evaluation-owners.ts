import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { evaluations } from '@/db/schema';
import { NotFound } from '@/lib/errors';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';

/**
 * An evaluation with the people who may retract or supersede it: its creator only. Version owners may record newer
 * evidence (the latest received counts), but may not strike out what someone else, say a security reviewer, recorded.
 */
export function evaluationWithOwners(db: Db | Tx, id: string) {
  const evaluation = db.select().from(evaluations).where(eq(evaluations.id, id)).get();
  if (!evaluation) throw new NotFound('Evaluation');
  const { model } = modelVersionWithOwners(evaluation.modelVersionId);
  return { evaluation, systemId: model.systemId, ownerIds: [evaluation.createdById] };
}
