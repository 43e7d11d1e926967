import 'server-only';
import { eq } from 'drizzle-orm';
import { first, type Db, type Tx } from '@/db';
import { evaluations } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { Forbidden, NotFound } from '@/lib/errors';
import { modelVersionWithOwners } from '@/lib/inventory/ownership';
import { mayRetractEvidence } from './retraction-rule';

/**
 * An evaluation with the people who may retract or supersede it: its creator only (see `mayRetractEvidence`), and the
 * version's owners. Version owners may record newer evidence (the latest received counts), but may not strike out what
 * someone else, say a security reviewer, recorded.
 */
export async function evaluationWithOwners(db: Db | Tx, id: string) {
  const evaluation = first(await db.select().from(evaluations).where(eq(evaluations.id, id)).limit(1));
  if (!evaluation) throw new NotFound('Evaluation');
  const { model, ownerIds: versionOwnerIds } = await modelVersionWithOwners(evaluation.modelVersionId);
  return { evaluation, systemId: model.systemId, ownerIds: [evaluation.createdById], versionOwnerIds };
}

/** Refuses a retraction or a supersession the actor may not make, saying why. */
export function assertMayRetract(actor: Actor, owners: { ownerIds: (string | null)[]; versionOwnerIds: (string | null)[] }) {
  assertCan(actor, 'evidence.retract', { ownerIds: owners.ownerIds });
  if (!mayRetractEvidence(actor, owners.ownerIds[0] ?? null, owners.versionOwnerIds)) {
    throw new Forbidden('You recorded this evidence, but the model version is no longer yours: its system changed owner. Its owner may record newer evidence.');
  }
}
