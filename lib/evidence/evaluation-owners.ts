import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { evaluations } from '@/db/schema';
import { NotFound } from '@/lib/errors';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';

/**
 * An evaluation with the people who may retract or supersede it: its creator only. Version owners may record newer
 * evidence (the latest received counts), but may not strike out what someone else, say a security reviewer, recorded.
 */
export async function evaluationWithOwners(db: Db | Tx, id: string) {
  const evaluation = first(await db.select().from(evaluations).where(eq(evaluations.id, id)).limit(1));
  if (!evaluation) throw new NotFound('Evaluation');
  const { model } = await modelVersionWithOwners(evaluation.modelVersionId);
  return { evaluation, systemId: model.systemId, ownerIds: [evaluation.createdById] };
}
