import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { modelVersions, promotionRequests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { GateResult } from './evaluate-gate';
import { gateFindings, gateForVersion } from './gate-context';
import { versionContext } from './version-context';

export type RollbackProposal = {
  /** The critical findings that call for it: "F-3 Prompt injection bypass". */
  findings: { id: string; ref: string; title: string }[];
  /** The last version of the model approved for production, now archived (null: there is none). */
  target: { id: string; version: string; approvedAt: string } | null;
  /** The rollback gate of that version: a rollback is only requested through it, and signed as its policy says. */
  gate: GateResult | null;
  /** Why the rollback cannot be requested, in a sentence; null when it can. */
  refusal: string | null;
  justification: string;
};

/**
 * A production version with an active critical finding (on itself or upstream) proposes an expedited rollback to
 * the model's last approved version: the previous production version, now archived. Null when nothing calls for it.
 */
export async function rollbackProposal(actor: Actor, versionId: string): Promise<RollbackProposal | null> {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const { version, model } = await versionContext(db, versionId);
  if (version.stage !== 'production') return null;
  const critical = (await gateFindings(db, versionId)).filter((f) => f.severity === 'critical' && f.status !== 'accepted');
  if (critical.length === 0) return null;
  const findings = critical.map((f) => ({ id: f.id, ref: `F-${f.number}`, title: f.title }));
  const justification = `Expedited rollback: ${findings.map((f) => `${f.ref} ${f.title}`).join('; ')} (critical) on ${model.name} ${version.version} in production.`;
  const archived = (await db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, version.modelId), eq(modelVersions.stage, 'archived')))).map((v) => v.id);
  const approved = archived.length
    ? first(await db
        .select({ id: modelVersions.id, version: modelVersions.version, approvedAt: promotionRequests.closedAt })
        .from(promotionRequests)
        .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
        .where(and(inArray(promotionRequests.modelVersionId, archived), eq(promotionRequests.targetStage, 'production'), eq(promotionRequests.status, 'approved')))
        .orderBy(desc(promotionRequests.closedAt)).limit(1))
    : undefined;
  if (!approved) return { findings, target: null, gate: null, justification, refusal: `No earlier version of ${model.name} was approved for production, so there is nothing to roll back to: fix the finding, or promote a new version.` };
  const { gate } = await gateForVersion(db, approved.id, 'production', { rollback: true });
  const unmet = gate.requirements.filter((r) => !r.met && !r.pending).map((r) => `${r.label}: ${r.detail}`);
  return {
    findings,
    target: { id: approved.id, version: approved.version, approvedAt: approved.approvedAt ?? '' },
    gate,
    justification,
    refusal: gate.passed ? null : gate.requirements.some((r) => r.pending) && unmet.length === 0 ? 'A rollback request for this version is already open and waits for its signatures.' : `The rollback gate does not pass: ${unmet.join(' ')}`,
  };
}
